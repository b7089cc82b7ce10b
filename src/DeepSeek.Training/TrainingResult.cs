namespace DeepSeek.Training;

/// <summary>How a run ended: the last completed step, whether it was cancelled, the last losses and the checkpoint written.</summary>
public sealed record TrainingResult(int Step, bool Cancelled, double? Loss, double? EvalLoss, string? CheckpointPath);
