using IocpAdmin.Protocol;

namespace IocpAdmin.Cli.Bench;

/// <summary>Adds the records a RETRIEVE benchmark reads, pipelined on one connection, before the clock starts.</summary>
internal static class BenchSeed
{
    private const int Depth = 256;

    /// <summary>One PING before anything else, so an absent or full server is one clear error, not N client failures.</summary>
    public static async Task CheckServerAsync(string pipeName, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        await using var connection = await BenchConnection.ConnectAsync(pipeName, connectTimeout, cancellationToken);
        var frame = new byte[RequestWriter.EmptySize];
        RequestWriter.WritePing(frame, []);
        await connection.SendAsync(frame, cancellationToken);
        while (true)
        {
            await connection.ReceiveAsync(cancellationToken);
            if (connection.TryTakeResponse(out var status, out _, out var reason))
            {
                if (status != StatusKind.Ok)
                {
                    throw new IOException($"the server answered {RequestNames.Of(status)} ({reason})");
                }

                return;
            }
        }
    }

    public static async Task<ulong[]> AddRecordsAsync(string pipeName, int count, TimeSpan connectTimeout, CancellationToken cancellationToken)
    {
        var ids = new ulong[count];
        await using var connection = await BenchConnection.ConnectAsync(pipeName, connectTimeout, cancellationToken);
        var send = new byte[Depth * RequestWriter.AddSize];
        int sent = 0, answered = 0;
        while (answered < count)
        {
            var length = 0;
            for (; sent < count && sent - answered < Depth; sent++)
            {
                length += RequestWriter.WriteAdd(send.AsSpan(length), sent, -sent);
            }

            if (length > 0)
            {
                await connection.SendAsync(send.AsMemory(0, length), cancellationToken);
            }

            await connection.ReceiveAsync(cancellationToken);
            while (connection.TryTakeResponse(out var status, out var id, out var reason))
            {
                if (status != StatusKind.Ok)
                {
                    throw new IOException($"seeding the benchmark's records failed: {RequestNames.Of(status)} {reason}");
                }

                ids[answered++] = id;
            }
        }

        return ids;
    }
}
