using DeepSeek.Knowledge.Embeddings;

namespace DeepSeek.Knowledge.Tests;

public sealed class BatchingEmbeddingModelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ConcurrentCallersShareBatchesAndEachGetsItsOwnVectors()
    {
        var encoder = new RecordingEncoder(delay: TimeSpan.FromMilliseconds(20));
        using var model = new BatchingEmbeddingModel(encoder, new EmbeddingBatchOptions { MaxBatchSize = 32, BatchWindow = TimeSpan.FromMilliseconds(5) });

        var callers = Enumerable.Range(0, 32)
            .Select(i => Task.Run(() => model.EmbedAsync([$"question {i}"])))
            .ToArray();
        var results = await Task.WhenAll(callers).WaitAsync(Timeout);

        for (var i = 0; i < results.Length; i++)
            Assert.Equal(RecordingEncoder.VectorFor($"question {i}"), Assert.Single(results[i]));
        Assert.InRange(encoder.Calls, 1, 6);
        Assert.Equal(32, encoder.BatchSizes.Sum());
        Assert.Equal(32, model.TextsEncoded);
    }

    [Fact]
    public async Task TheEncoderRunsOnTheBatchingThreadNeverTheCaller()
    {
        var encoder = new RecordingEncoder();
        using var model = new BatchingEmbeddingModel(encoder);

        await model.EmbedAsync(["hello"]).WaitAsync(Timeout);

        Assert.Equal("deepseek-embedding", Assert.Single(encoder.ThreadNames));
    }

    [Fact]
    public async Task ALargeRequestIsSplitIntoBatchesAndKeepsItsOrder()
    {
        var encoder = new RecordingEncoder();
        using var model = new BatchingEmbeddingModel(encoder, new EmbeddingBatchOptions { MaxBatchSize = 4 });
        var texts = Enumerable.Range(0, 10).Select(i => $"text {i}").ToArray();

        var vectors = await model.EmbedAsync(texts).WaitAsync(Timeout);

        Assert.Equal(texts.Select(RecordingEncoder.VectorFor), vectors);
        Assert.All(encoder.BatchSizes, size => Assert.InRange(size, 1, 4));
        Assert.True(encoder.Calls >= 3);
    }

    [Fact]
    public async Task CancellingOneCallerLeavesTheOthersServed()
    {
        var encoder = new RecordingEncoder(gated: true);
        using var model = new BatchingEmbeddingModel(encoder, new EmbeddingBatchOptions { BatchWindow = TimeSpan.Zero });
        using var inFlight = new CancellationTokenSource();
        using var queued = new CancellationTokenSource();

        // "first" is encoding (held at the gate) while the rest queue up behind it.
        var first = model.EmbedAsync(["first"], inFlight.Token);
        Assert.True(await encoder.Started.WaitAsync(Timeout));
        var second = model.EmbedAsync(["second"]);
        var third = model.EmbedAsync(["third"], queued.Token);
        var fourth = model.EmbedAsync(["fourth"]);

        inFlight.Cancel();
        queued.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Timeout));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third.WaitAsync(Timeout));
        encoder.Open();

        Assert.Equal(RecordingEncoder.VectorFor("second"), Assert.Single(await second.WaitAsync(Timeout)));
        Assert.Equal(RecordingEncoder.VectorFor("fourth"), Assert.Single(await fourth.WaitAsync(Timeout)));
        Assert.Equal(RecordingEncoder.VectorFor("after"), Assert.Single(await model.EmbedAsync(["after"]).WaitAsync(Timeout)));
    }

    [Fact]
    public async Task AFullQueueRejectsWithAClearError()
    {
        var encoder = new RecordingEncoder(gated: true);
        using var model = new BatchingEmbeddingModel(encoder, new EmbeddingBatchOptions { MaxQueueLength = 2, BatchWindow = TimeSpan.Zero });

        var running = model.EmbedAsync(["running"]);
        Assert.True(await encoder.Started.WaitAsync(Timeout));
        var waiting = new[] { model.EmbedAsync(["a"]), model.EmbedAsync(["b"]) };

        var error = await Assert.ThrowsAsync<EmbeddingQueueFullException>(() => model.EmbedAsync(["c"]));
        Assert.Contains("queue is full", error.Message);

        encoder.Open();
        await Task.WhenAll([running, .. waiting]).WaitAsync(Timeout);
    }

    [Fact]
    public async Task AFailingBatchFailsOnlyItsCallers()
    {
        var encoder = new RecordingEncoder { Poison = "boom" };
        using var model = new BatchingEmbeddingModel(encoder);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => model.EmbedAsync(["boom"]).WaitAsync(Timeout));
        Assert.Equal("poisoned batch", error.Message);

        Assert.Single(await model.EmbedAsync(["fine"]).WaitAsync(Timeout));
    }

    [Fact]
    public async Task DisposeFailsWaitingCallersAndRejectsNewOnes()
    {
        var encoder = new RecordingEncoder(gated: true);
        var model = new BatchingEmbeddingModel(encoder, new EmbeddingBatchOptions { BatchWindow = TimeSpan.Zero });
        var running = model.EmbedAsync(["running"]);
        Assert.True(await encoder.Started.WaitAsync(Timeout));
        var waiting = model.EmbedAsync(["waiting"]);

        // The gate honours the stopping token, so Dispose does not hang on the held batch.
        model.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => running.WaitAsync(Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting.WaitAsync(Timeout));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => model.EmbedAsync(["late"]));
    }
}
