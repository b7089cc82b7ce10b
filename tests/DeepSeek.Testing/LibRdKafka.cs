using System.Reflection;
using System.Runtime.InteropServices;

namespace DeepSeek.Testing;

/// <summary>
/// The parts of librdkafka's C API that run its mock cluster (rdkafka_mock.h). They bind to the very file
/// Confluent.Kafka loaded: a second copy of librdkafka in the process would be a second, unrelated library.
/// </summary>
internal static partial class LibRdKafka
{
    private const string Library = "librdkafka";

    static LibRdKafka()
    {
        // Confluent.Kafka picks the build that loads on this machine (on some Linux distributions the default one
        // misses a system library and it falls back to another); reading its version makes it load now.
        _ = Confluent.Kafka.Library.Version;
        NativeLibrary.SetDllImportResolver(typeof(LibRdKafka).Assembly, Resolve);
    }

    /// <summary>Runs the static constructor, which must precede any call below.</summary>
    public static void EnsureBound() { }

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }
        if (LoadedFile() is { } path && NativeLibrary.TryLoad(path, out var loaded))
        {
            return loaded;
        }
        foreach (var candidate in new[] { Library, "centos8-librdkafka", "alpine-librdkafka" })
        {
            if (NativeLibrary.TryLoad(candidate, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }
        return IntPtr.Zero;
    }

    // The librdkafka file mapped into this process, where the OS lists mappings (Linux).
    private static string? LoadedFile()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return null;
        }
        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/') is var at and >= 0 ? line[at..] : null)
            .FirstOrDefault(path => path is not null && Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal));
    }

    public const int ProducerType = 0;

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_conf_new();

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_conf_set(IntPtr conf, string name, string value, [Out] byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    public static partial void rd_kafka_conf_destroy(IntPtr conf);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_new(int type, IntPtr conf, [Out] byte[] errstr, nuint errstrSize);

    [LibraryImport(Library)]
    public static partial void rd_kafka_destroy(IntPtr rk);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_cluster_destroy(IntPtr cluster);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr cluster);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rd_kafka_mock_topic_create(IntPtr cluster, string topic, int partitions, int replicationFactor);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_down(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    public static partial int rd_kafka_mock_broker_set_up(IntPtr cluster, int brokerId);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_set_controller_id(IntPtr cluster, int controllerId);

    [LibraryImport(Library)]
    public static partial void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr cluster, int delayMs);

    [LibraryImport(Library)]
    public static partial IntPtr rd_kafka_err2str(int error);

    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(rd_kafka_err2str(error)) ?? $"error {error}";

    public static string Text(byte[] buffer) => System.Text.Encoding.UTF8.GetString(buffer, 0, Math.Max(0, Array.IndexOf(buffer, (byte)0)));
}
