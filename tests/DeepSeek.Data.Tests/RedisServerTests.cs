using DeepSeek.Testing;
using StackExchange.Redis;

namespace DeepSeek.Data.Tests;

public sealed class RedisServerTests
{
    [Fact]
    public async Task ClientStoresAndReadsValuesOnTheTestServer()
    {
        await using var server = await RedisServer.ConnectOrStartAsync();
        await using var redis = await ConnectionMultiplexer.ConnectAsync(server.Endpoint);
        var db = redis.GetDatabase();
        var key = $"features:{Guid.NewGuid():N}";

        await db.HashSetAsync(key, [new HashEntry("clicks", 3), new HashEntry("country", "se")]);
        await db.HashIncrementAsync(key, "clicks", 2);
        await db.KeyExpireAsync(key, TimeSpan.FromMinutes(1));

        Assert.Equal(5, (int)await db.HashGetAsync(key, "clicks"));
        Assert.Equal("se", (string?)await db.HashGetAsync(key, "country"));
        Assert.NotNull(await db.KeyTimeToLiveAsync(key));
    }

    [Fact]
    public async Task OwnedServerStopsWhenDisposed()
    {
        var server = await RedisServer.StartOwnedAsync();
        Assert.True(await server.PingAsync());

        await server.DisposeAsync();

        Assert.False(await server.PingAsync());
    }
}
