using DeepSeek.Silo.Hosting;
using Microsoft.Extensions.Configuration;

namespace DeepSeek.Platform.Tests;

/// <summary>How the silo's event streams retry a consumer that fails an event.</summary>
public sealed class StreamDeliveryTests
{
    [Fact]
    public void RetriesStartWithinAFractionOfASecondAndNeverWaitMoreThanFiveSeconds()
    {
        var backoff = new DeliveryBackoff();
        for (var round = 0; round < 200; round++)
        {
            var first = backoff.Next(0);
            Assert.InRange(first, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(200));
            foreach (var attempt in new[] { 1, 3, 5, 10, 31, 64, 1000, int.MaxValue })
                Assert.InRange(backoff.Next(attempt), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
        }
        // Later attempts wait longer on the whole (each delay is jittered between half and all of its ceiling).
        Assert.True(Enumerable.Range(0, 100).Average(_ => backoff.Next(8).TotalMilliseconds) > 2_000);
        Assert.True(Enumerable.Range(0, 100).Average(_ => backoff.Next(0).TotalMilliseconds) < 200);
    }

    [Theory]
    [InlineData(null, 300)]
    [InlineData("", 300)]
    [InlineData("00:01:30", 90)]
    [InlineData("2.00:00:00", 172_800)]
    public void TheMaximumDeliveryTimeDefaultsToFiveMinutes(string? value, int expectedSeconds)
    {
        var configuration = Configuration(value);
        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), StreamsSetup.MaxDeliveryTime(configuration));
    }

    [Theory]
    [InlineData("soon")]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public void AMaximumDeliveryTimeThatIsNotAPositiveTimeSpanIsRefusedByName(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => StreamsSetup.MaxDeliveryTime(Configuration(value)));
        Assert.Contains("DeepSeek:Streams:MaxDeliveryTime", error.Message);
        Assert.Contains(value, error.Message);
    }

    private static IConfiguration Configuration(string? maxDeliveryTime) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["DeepSeek:Streams:MaxDeliveryTime"] = maxDeliveryTime })
        .Build();
}
