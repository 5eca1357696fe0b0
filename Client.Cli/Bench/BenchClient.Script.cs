using IocpAdmin.Protocol;

namespace IocpAdmin.Cli.Bench;

/// <content>The script: which request comes next, and what its answer must be.</content>
internal sealed partial class BenchClient
{
    private static ReadOnlySpan<byte> PingPayload => "iocpadm!"u8;

    /// <summary>The next request of the script, or null when it must wait for an ADD's id first.</summary>
    private RequestKind? TryWriteNext(Span<byte> destination, out int written)
    {
        switch (_plan.Op)
        {
            case BenchOpKind.Add:
                return WriteAdd(destination, out written);
            case BenchOpKind.Get:
                written = RequestWriter.WriteRetrieve(destination, _sharedIds[NextRandom() % (uint)_sharedIds.Length]);
                return RequestKind.Retrieve;
            case BenchOpKind.Delete:
                return TryWriteDelete(destination, out written);
            case BenchOpKind.Ping:
                written = RequestWriter.WritePing(destination, PingPayload);
                return RequestKind.Ping;
            case BenchOpKind.Mixed:
                var roll = NextRandom() & 3;
                if (roll < 2)
                {
                    written = RequestWriter.WriteRetrieve(destination, _sharedIds[NextRandom() % (uint)_sharedIds.Length]);
                    return RequestKind.Retrieve;
                }

                // A quarter deletes one of the client's own records; with none acknowledged yet it adds instead.
                return roll == 3 && _ownIds.Count > 0 ? TryWriteDelete(destination, out written) : WriteAdd(destination, out written);
            case BenchOpKind.Batch:
                // Set s: BatchSize additions, then as many deletions of the ids they were given.
                var position = _sent % (2L * _plan.BatchSize);
                return position < _plan.BatchSize ? WriteAdd(destination, out written) : TryWriteDelete(destination, out written);
            default:
                throw new InvalidOperationException($"unknown benchmark operation {_plan.Op}");
        }
    }

    private RequestKind WriteAdd(Span<byte> destination, out int written)
    {
        written = RequestWriter.WriteAdd(destination, (int)NextRandom(), (int)NextRandom());
        return RequestKind.Add;
    }

    private RequestKind? TryWriteDelete(Span<byte> destination, out int written)
    {
        if (!_ownIds.TryDequeue(out var id))
        {
            written = 0;
            return null;
        }

        written = RequestWriter.WriteDelete(destination, id);
        return RequestKind.Delete;
    }

    private void OnResponse(RequestKind kind, StatusKind status, ulong value, string? reason)
    {
        switch (status)
        {
            case StatusKind.Ok:
                if (kind == RequestKind.Add)
                {
                    _ownIds.Enqueue(value);
                }

                return;
            case StatusKind.NotFound or StatusKind.Error:
                // Every id the script asks for exists; a miss or a store failure is an error of this run.
                Volatile.Write(ref _errors, _errors + 1);
                Failure ??= status == StatusKind.Error ? $"ERROR: {reason}" : $"NOT_FOUND for a {RequestNames.Of(kind)} of an existing record";
                return;
            case StatusKind.Busy or StatusKind.BadRequest:
                // The server closes the connection after these: nothing further will be answered.
                throw new IOException($"{RequestNames.Of(status)}: {reason}");
            default:
                throw new System.Net.ProtocolViolationException($"unknown status 0x{(byte)status:X2}");
        }
    }

    /// <summary>xorshift32: cheap, and each client's sequence is fixed by its index, so runs repeat.</summary>
    private uint NextRandom()
    {
        var x = _random;
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        _random = x;
        return x;
    }
}
