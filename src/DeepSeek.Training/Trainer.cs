using System.Diagnostics;
using DeepSeek.Models;
using DeepSeek.Training.Checkpoints;
using DeepSeek.Training.Data;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace DeepSeek.Training;

/// <summary>
/// Trains a <see cref="CausalLM"/> on next-token prediction: AdamW with warmup + cosine decay, gradient
/// accumulation and clipping, periodic held-out loss, checkpoints and exact resumption. The same loop serves
/// training from scratch (<see cref="CausalLM.InitializeWeights"/>), full fine-tuning of loaded weights and
/// LoRA (only parameters that require grad are trained and checkpointed).
/// </summary>
public sealed class Trainer : IDisposable
{
    private readonly CausalLM _model;
    private readonly TokenDataset _train;
    private readonly TokenDataset? _heldOut;
    private readonly TrainingOptions _options;
    private readonly LearningRateSchedule _schedule;
    private readonly DataSampler _sampler;
    private readonly Parameter[] _trainable;
    private readonly AdamW _optimizer;

    public Trainer(CausalLM model, TokenDataset train, TokenDataset? heldOut, TrainingOptions options)
    {
        options.Validate();
        if (train.Count == 0) throw new ArgumentException("The training set is empty.", nameof(train));
        (_model, _train, _heldOut, _options) = (model, train, heldOut, options);
        _schedule = LearningRateSchedule.From(options);
        _sampler = new DataSampler(train.Count, options.Seed);
        _trainable = model.parameters().Where(p => p.requires_grad).ToArray();
        if (_trainable.Length == 0) throw new ArgumentException("The model has no trainable parameters.", nameof(model));

        // Matrices (projections, embeddings, adapters) decay; norms and biases do not (as in nanoGPT).
        var groups = new[]
        {
            new AdamW.ParamGroup(_trainable.Where(p => p.dim() >= 2).ToArray(), options.LearningRate, options.Beta1, options.Beta2, weight_decay: options.WeightDecay),
            new AdamW.ParamGroup(_trainable.Where(p => p.dim() < 2).ToArray(), options.LearningRate, options.Beta1, options.Beta2, weight_decay: 0),
        };
        _optimizer = optim.AdamW(groups.Where(g => g.Parameters.Any()), options.LearningRate, options.Beta1, options.Beta2);
    }

    /// <summary>
    /// Runs up to <see cref="TrainingOptions.Steps"/>, resuming from the latest checkpoint in
    /// <paramref name="checkpoints"/> when there is one. <paramref name="onStep"/> is called after every
    /// optimizer step. Cancellation stops at a step boundary (a half-accumulated step is discarded) and,
    /// like the end of the run, writes a checkpoint.
    /// </summary>
    public TrainingResult Run(CheckpointStore? checkpoints = null, Action<TrainingProgress>? onStep = null, CancellationToken cancellationToken = default)
    {
        ComputeDevice.SetCpuThreads(_options.Threads);
        var (step, position) = Resume(checkpoints);
        var sequencesPerStep = _options.BatchSize * _options.GradientAccumulation;
        double? loss = null, evalLoss = null;
        string? checkpoint = null;
        _model.train();

        while (step < _options.Steps && !cancellationToken.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            var lr = _schedule.At(step);
            foreach (var group in _optimizer.ParamGroups) group.LearningRate = lr;

            // The step's micro-batches are drawn up front so the loss is a mean over all of their target tokens.
            var micro = Enumerable.Range(0, _options.GradientAccumulation)
                .Select(m => _sampler.Take(position + (long)m * _options.BatchSize, _options.BatchSize).Select(i => _train[i]).ToArray())
                .ToArray();
            var targets = Math.Max(1, micro.Sum(batch => batch.Sum(s => s.TargetCount(_options.SequenceLength + 1))));

            _optimizer.zero_grad();
            var lossSum = 0.0;
            var tokens = 0L;
            foreach (var sequences in micro)
            {
                if (cancellationToken.IsCancellationRequested) break;
                using var scope = NewDisposeScope();
                using var batch = TrainingBatch.Collate(sequences, _options.SequenceLength, _model.Device);
                var logits = _model.forward(batch.Inputs);                // (B, T) -> (B, T, V)
                var sum = LanguageModelLoss.Sum(logits, batch.Targets);
                (sum / targets).backward();
                lossSum += sum.item<float>();
                tokens += batch.TokenCount;
            }
            if (cancellationToken.IsCancellationRequested)
            {
                _optimizer.zero_grad(); // the step was not taken; the model stays at the last boundary
                break;
            }
            var gradientNorm = nn.utils.clip_grad_norm_(_trainable, _options.GradientClip > 0 ? _options.GradientClip : double.MaxValue);
            _optimizer.step();
            step++;
            position += sequencesPerStep;
            loss = lossSum / targets;
            var tokensPerSecond = tokens / Math.Max(1e-9, Stopwatch.GetElapsedTime(started).TotalSeconds);

            double? eval = null;
            if (_heldOut is { Count: > 0 } && _options.EvalInterval > 0 && (step % _options.EvalInterval == 0 || step == _options.Steps))
                eval = evalLoss = Evaluate(_heldOut);
            onStep?.Invoke(new TrainingProgress(step, _options.Steps, loss.Value, lr, tokensPerSecond, gradientNorm, eval));

            if (checkpoints is not null && _options.CheckpointInterval > 0 && step % _options.CheckpointInterval == 0 && step < _options.Steps)
                checkpoint = Save(checkpoints, step, position, loss);
        }

        if (checkpoints is not null) checkpoint = Save(checkpoints, step, position, loss);
        return new TrainingResult(step, step < _options.Steps, loss, evalLoss, checkpoint);
    }

    /// <summary>Mean next-token loss per target token over a dataset, in order, without dropout or gradients.</summary>
    public double Evaluate(TokenDataset dataset) => Evaluate(_model, dataset, _options.SequenceLength, _options.BatchSize);

    /// <summary>
    /// Mean next-token loss per target token of any model over a dataset (sequences cut to
    /// <paramref name="sequenceLength"/> as in training), without dropout or gradients.
    /// </summary>
    public static double Evaluate(CausalLM model, TokenDataset dataset, int sequenceLength, int batchSize = 8)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sequenceLength, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var wasTraining = model.training;
        model.eval();
        try
        {
            using var _ = no_grad();
            var (lossSum, targets) = (0.0, 0L);
            for (var start = 0; start < dataset.Count; start += batchSize)
            {
                using var scope = NewDisposeScope();
                var sequences = Enumerable.Range(start, Math.Min(batchSize, dataset.Count - start)).Select(i => dataset[i]).ToArray();
                using var batch = TrainingBatch.Collate(sequences, sequenceLength, model.Device);
                lossSum += LanguageModelLoss.Sum(model.forward(batch.Inputs), batch.Targets).item<float>();
                targets += batch.TargetCount;
            }
            return lossSum / Math.Max(1, targets);
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Restores the latest checkpoint, or seeds a fresh run; returns where training continues.</summary>
    private (int Step, long Position) Resume(CheckpointStore? checkpoints)
    {
        var state = checkpoints?.TryRestoreLatest(_model, _optimizer);
        if (state is null)
        {
            // Torch randomness (dropout) is seeded too, so two runs with one seed match step for step.
            manual_seed(_options.Seed);
            return (0, 0);
        }
        if (state.Seed != _options.Seed)
            throw new InvalidOperationException($"The checkpoint was trained with seed {state.Seed}, these options use {_options.Seed}; the batch order would not continue.");
        if (state.TorchRngState is { } rng)
        {
            using var rngState = tensor(Convert.FromBase64String(rng));
            set_rng_state(rngState);
        }
        return (state.Step, state.DataPosition);
    }

    private string Save(CheckpointStore checkpoints, int step, long position, double? loss)
    {
        using var rng = get_rng_state();
        var state = new CheckpointState
        {
            Step = step,
            DataPosition = position,
            Seed = _options.Seed,
            TorchRngState = Convert.ToBase64String(rng.bytes),
            TotalSteps = _options.Steps,
            Loss = loss is { } l && double.IsFinite(l) ? l : null,
            SavedAt = DateTimeOffset.UtcNow,
        };
        return checkpoints.Save(_model, _optimizer, state);
    }

    public void Dispose() => _optimizer.Dispose();
}
