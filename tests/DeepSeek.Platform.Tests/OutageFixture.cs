namespace DeepSeek.Platform.Tests;

/// <summary>
/// The platform with a second model whose weights file is corrupt (until repaired) and a circuit
/// breaker that opens after two failures for a few seconds.
/// </summary>
public sealed class OutageFixture : SiloFixture
{
    public const string FlakyModel = "tiny-flaky";
    public const int BreakerFailureThreshold = 2;
    public static readonly TimeSpan BreakerOpenDuration = TimeSpan.FromSeconds(4);

    private byte[] _goodWeights = [];

    private string WeightsFile => Path.Combine(Scratch, FlakyModel, "model.safetensors");

    protected override IReadOnlyDictionary<string, string> Settings()
    {
        TinyModelDirectory.Create(Path.Combine(Scratch, FlakyModel), seed: 2);
        _goodWeights = File.ReadAllBytes(WeightsFile);
        File.WriteAllText(WeightsFile, "these are not the weights you are looking for");
        return new Dictionary<string, string>
        {
            [$"DeepSeek:Models:Directories:{FlakyModel}"] = Path.Combine(Scratch, FlakyModel),
            ["DeepSeek:Inference:BreakerFailureThreshold"] = BreakerFailureThreshold.ToString(),
            ["DeepSeek:Inference:BreakerOpenDuration"] = BreakerOpenDuration.ToString("c"),
        };
    }

    /// <summary>Puts the real weights back, the way an operator fixes a bad deployment.</summary>
    public void RepairWeights() => File.WriteAllBytes(WeightsFile, _goodWeights);
}
