using DeepSeek.Api;
using DeepSeek.Hosting;
using DeepSeek.Silo.Hosting;

var builder = WebApplication.CreateBuilder(args);
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
app.Run();

/// <summary>Entry point type, visible to tests that host the platform in-process.</summary>
public partial class Program;
