using DeepSeek.Api;
using DeepSeek.Hosting;
using DeepSeek.Silo.Hosting;

if (MigrateCommand.IsRequested(args)) return await MigrateCommand.RunAsync(args);

// appsettings.json next to the executable applies wherever the platform is started from.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.AddServiceDefaults();
builder.AddDeepSeekSilo();
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
