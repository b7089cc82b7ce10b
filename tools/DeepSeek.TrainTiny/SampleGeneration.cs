namespace DeepSeek.TrainTiny;

/// <summary>One reply of the saved model, as the model card shows it.</summary>
internal sealed record SampleGeneration(string Prompt, double Temperature, string Reply, string FinishReason, int CompletionTokens);
