using System.Text;

namespace DeepSeek.Knowledge.Index;

/// <summary>
/// A compact binary form of <see cref="KnowledgeSnapshot"/> (little-endian, UTF-8 strings), for
/// storing a knowledge base as one blob. Vectors dominate its size: 4 bytes per dimension per entry.
/// </summary>
public static class KnowledgeSnapshotSerializer
{
    private const int Magic = 0x49_4B_53_44; // "DSKI" read as little-endian bytes
    private const int FormatVersion = 1;

    public static void Write(KnowledgeSnapshot snapshot, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(stream);
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        writer.Write(snapshot.EmbeddingModel);
        writer.Write(snapshot.Dimension);
        writer.Write(snapshot.Entries.Count);
        foreach (var (entry, vector) in snapshot.Entries)
        {
            if (vector.Length != snapshot.Dimension)
                throw new ArgumentException($"Entry '{entry.Id}' has a vector of {vector.Length} values, not {snapshot.Dimension}.", nameof(snapshot));
            writer.Write(entry.Id);
            writer.Write(entry.Question);
            writer.Write(entry.Answer);
            writer.Write(entry.ContextFree);
            writer.Write(entry.CreatedAt.UtcTicks);
            writer.Write((short)entry.CreatedAt.Offset.TotalMinutes);
            writer.Write((byte)entry.Source);
            writer.Write(entry.Metadata?.Count ?? -1);
            foreach (var (key, value) in entry.Metadata ?? new Dictionary<string, string>())
            {
                writer.Write(key);
                writer.Write(value);
            }
            foreach (var value in vector) writer.Write(value);
        }
    }

    /// <exception cref="InvalidDataException">The stream does not hold a snapshot this version can read.</exception>
    public static KnowledgeSnapshot Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        try
        {
            if (reader.ReadInt32() != Magic) throw new InvalidDataException("The stream does not hold a knowledge snapshot.");
            var version = reader.ReadInt32();
            if (version != FormatVersion) throw new InvalidDataException($"Knowledge snapshot format {version} is not supported.");
            var model = reader.ReadString();
            var dimension = reader.ReadInt32();
            var count = reader.ReadInt32();
            if (dimension < 1 || count < 0) throw new InvalidDataException("The knowledge snapshot header is corrupt.");

            var entries = new List<EmbeddedEntry>(Math.Min(count, 1 << 16));
            for (var i = 0; i < count; i++)
            {
                var id = reader.ReadString();
                var question = reader.ReadString();
                var answer = reader.ReadString();
                var contextFree = reader.ReadBoolean();
                var utcTicks = reader.ReadInt64();
                var offset = TimeSpan.FromMinutes(reader.ReadInt16());
                var source = (KnowledgeSource)reader.ReadByte();
                var metadataCount = reader.ReadInt32();
                Dictionary<string, string>? metadata = null;
                if (metadataCount >= 0)
                {
                    metadata = new Dictionary<string, string>(metadataCount, StringComparer.Ordinal);
                    for (var m = 0; m < metadataCount; m++) metadata[reader.ReadString()] = reader.ReadString();
                }
                var vector = new float[dimension];
                for (var d = 0; d < dimension; d++) vector[d] = reader.ReadSingle();
                var createdAt = new DateTimeOffset(utcTicks + offset.Ticks, offset);
                entries.Add(new EmbeddedEntry(new KnowledgeEntry(id, question, answer, contextFree, createdAt, source, metadata), vector));
            }
            return new KnowledgeSnapshot(model, dimension, entries);
        }
        catch (EndOfStreamException exception)
        {
            throw new InvalidDataException("The knowledge snapshot is truncated.", exception);
        }
    }
}
