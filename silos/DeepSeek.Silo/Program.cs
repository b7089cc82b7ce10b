using DeepSeek.Api;
using DeepSeek.Hosting;
using DeepSeek.Silo.Hosting;

if (MigrateCommand.IsRequested(args)) return await MigrateCommand.RunAsync(args);

// appsettings.json next to the executable applies wherever the platform is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
try
{
    builder.AddDeepSeekSilo();
}
catch (InvalidOperationException e)
{
    // A configuration mistake: say which setting, without a stack trace.
    Console.Error.WriteLine($"DeepSeek.Orleans cannot start: {e.Message}");
    return 1;
}
builder.Services.AddDeepSeekApi(builder.Configuration);

var app = builder.Build();
app.UseDeepSeekErrors();
app.UseStartupGate();
app.UseDashboardGuard();
app.MapDefaultEndpoints();
app.MapDeepSeekApi();
app.MapDeepSeekDashboard();
await app.RunAsync();
return Environment.ExitCode;

/// <summary>Entry point type, visible to tests that host the platform in-process.</summary>
public partial class Program;
