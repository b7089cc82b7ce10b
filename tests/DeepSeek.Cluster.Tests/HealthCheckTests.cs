using DeepSeek.Silo.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using StackExchange.Redis;

namespace DeepSeek.Cluster.Tests;

/// <summary>The Cluster profile's dependency checks against real servers that go away and come back.</summary>
public sealed class HealthCheckTests
{
    [Fact(Timeout = 120_000)]
    public async Task ThePostgresCheckFollowsTheServerDownAndUp()
    {
        await using var postgres = await PostgresServer.StartOwnedAsync();
        await using var dataSource = NpgsqlDataSource.Create(postgres.ConnectionString);
        var check = new PostgresHealthCheck(dataSource);

        var up = await CheckAsync(check, HealthStatus.Unhealthy);
        await postgres.StopAsync();
        var down = await CheckAsync(check, HealthStatus.Unhealthy);
        await postgres.StartAsync();
        var back = await CheckAsync(check, HealthStatus.Unhealthy);

        Assert.Equal(HealthStatus.Healthy, up.Status);
        Assert.Equal(HealthStatus.Unhealthy, down.Status);
        Assert.Contains("PostgreSQL is unreachable", down.Description);
        Assert.Equal(HealthStatus.Healthy, back.Status);
    }

    [Fact(Timeout = 120_000)]
    public async Task TheRedisCheckReportsItsFailureStatusWhileRedisIsGone()
    {
        var redis = await RedisServer.StartOwnedAsync();
        var options = ConfigurationOptions.Parse(redis.Endpoint);
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 1000;
        await using var connection = await ConnectionMultiplexer.ConnectAsync(options);
        var check = new RedisHealthCheck(connection);

        var up = await CheckAsync(check, HealthStatus.Degraded);
        await redis.DisposeAsync();
        var down = await CheckAsync(check, HealthStatus.Degraded);

        Assert.Equal(HealthStatus.Healthy, up.Status);
        Assert.Equal(HealthStatus.Degraded, down.Status);
        Assert.Contains("Redis is unreachable", down.Description);
    }

    private static Task<HealthCheckResult> CheckAsync(IHealthCheck check, HealthStatus failureStatus) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("check", check, failureStatus, null) });
}
