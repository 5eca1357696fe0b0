using System.Buffers.Binary;
using IocpAdmin.Protocol;
using Microsoft.Data.Sqlite;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>What the durability tests check after a crash, a fault or a shutdown, over the pipe and on the file.</summary>
public static class StoreChecks
{
    /// <summary>Every record in <paramref name="acknowledged"/> is there with its values.</summary>
    public static void AssertAllPresent(RawClient client, IEnumerable<KeyValuePair<ulong, (int A, int B)>> acknowledged, string after)
    {
        foreach (var (id, record) in acknowledged)
        {
            client.Send(Frames.Retrieve(id));
            var (status, payload) = client.ReadResponse();
            Assert.True(status == StatusKind.Ok, $"acknowledged record {id} is missing after {after}");
            Assert.Equal(record, (BinaryPrimitives.ReadInt32LittleEndian(payload), BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4))));
        }
    }

    /// <summary>SQLite's own verdict on the file (read-only, unpooled, so the file is let go at once).</summary>
    public static string IntegrityCheck(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)command.ExecuteScalar()!;
    }
}
