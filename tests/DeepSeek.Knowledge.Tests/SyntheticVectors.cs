using System.Numerics.Tensors;

namespace DeepSeek.Knowledge.Tests;

/// <summary>Vectors shaped like sentence embeddings: tight clusters around random centres.</summary>
internal static class SyntheticVectors
{
    public static float[] Unit(float[] vector)
    {
        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    public static float[] Gaussian(Random random, int dimension, float scale = 1f)
    {
        var vector = new float[dimension];
        for (var i = 0; i < dimension; i++)
            vector[i] = scale * (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        return vector;
    }

    /// <summary><paramref name="count"/> unit vectors spread over <paramref name="clusters"/> centres.</summary>
    public static float[][] Clustered(int count, int dimension, int clusters, float noise, int seed)
    {
        var random = new Random(seed);
        var centres = Enumerable.Range(0, clusters).Select(_ => Unit(Gaussian(random, dimension))).ToArray();
        return [.. Enumerable.Range(0, count).Select(i => Near(centres[i % clusters], random, noise))];
    }

    public static float[] Near(float[] centre, Random random, float noise)
    {
        var vector = Gaussian(random, centre.Length, noise / MathF.Sqrt(centre.Length));
        TensorPrimitives.Add(vector, centre, vector);
        return Unit(vector);
    }
}
