using Npgsql;
using NpgsqlTypes;

namespace DeepSeek.Data.Benchmarks;

/// <summary>
/// The baseline: the same optimistic write the provider makes (compare the version, bump it, return
/// it) as one prepared UPDATE on the same table, with no grain call and no serializer in between.
/// </summary>
public sealed class RawWriter(NpgsqlDataSource dataSource, int keys, byte[] payload)
{
    public const string StateName = "raw-writer";
    private const string ServiceId = "raw-benchmark";

    // Each key is written by one writer at a time, so a plain array is enough.
    private readonly int[] _versions = new int[keys];

    public async Task InsertRowsAsync()
    {
        await using var batch = dataSource.CreateBatch();
        for (var key = 0; key < keys; key++)
        {
            var insert = new NpgsqlBatchCommand("""
                INSERT INTO orleans_grain_state (service_id, state_name, key_n0, key_n1, key_string, payload, version)
                VALUES ($1, $2, 0, $3, '', $4, 1)
                """);
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StateName });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = payload });
            batch.BatchCommands.Add(insert);
            _versions[key] = 1;
        }
        await batch.ExecuteNonQueryAsync();
    }

    public async Task WriteAsync(int key, int value)
    {
        var bytes = payload.ToArray();   // a fresh buffer per write, as the provider's serializer makes
        BitConverter.TryWriteBytes(bytes.AsSpan(0, sizeof(int)), value);
        await using var command = dataSource.CreateCommand("""
            UPDATE orleans_grain_state SET payload = $1, version = version + 1, modified_at = now()
            WHERE service_id = $2 AND state_name = $3 AND key_n0 = 0 AND key_n1 = $4 AND key_string = ''
              AND version = $5
            RETURNING version
            """);
        command.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = bytes, NpgsqlDbType = NpgsqlDbType.Bytea });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = ServiceId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = StateName });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = key });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = _versions[key] });
        var version = await command.ExecuteScalarAsync() as int?
            ?? throw new InvalidOperationException($"Version conflict on raw key {key}.");
        _versions[key] = version;
    }
}
