namespace DeepSeek.Cluster.Tests;

/// <summary>A misconfigured profile stops the silo at start with a message that names the setting.</summary>
public sealed class ProfileConfigurationTests
{
    [Theory(Timeout = 120_000)]
    [InlineData("Cluster", "", "ConnectionStrings:Postgres")]
    [InlineData("Cluster", "not a connection string", "ConnectionStrings:Postgres")]
    [InlineData("Kubernetes", "", "DeepSeek:Profile 'Kubernetes' is not known")]
    [InlineData("Cluster", "Host=127.0.0.1;Port=1;Username=nobody", "DeepSeek:Streams:Kafka:BootstrapServers")]
    public async Task TheSiloRefusesToStartAndSaysWhichSettingIsWrong(string profile, string connectionString, string expected)
    {
        var settings = new Dictionary<string, string> { ["DeepSeek:Profile"] = profile };
        if (connectionString.Length > 0) settings["ConnectionStrings:Postgres"] = connectionString;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SiloProcess.StartAsync(settings));

        Assert.Contains(expected, error.Message);
        Assert.Contains("exited with code 1", error.Message);
        Assert.DoesNotContain("   at ", error.Message);
    }
}
