using IocpAdmin.Protocol;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

// Running the requests that need no commit, and writing every kind of response.
internal sealed partial class RequestProcessor
{
    /// <summary>Answers a request that needs no commit; returns the status sent.</summary>
    private StatusKind Execute(in Request request)
    {
        switch (request.Kind)
        {
            case RequestKind.Retrieve:
                if (_store.TryGet(request.Id, out var a, out var b))
                {
                    CommitOutput(ResponseWriter.WriteRecord(ReserveOutput(ResponseWriter.RecordSize), a, b));
                    break;
                }

                WriteStatus(StatusKind.NotFound);
                return StatusKind.NotFound;
            case RequestKind.Count:
                CommitOutput(ResponseWriter.WriteU64(ReserveOutput(ResponseWriter.U64Size), (ulong)_store.Count));
                break;
            case RequestKind.List:
                ExecuteList(request.Id, request.Limit);
                break;
            case RequestKind.Ping:
                var payload = request.Payload;
                CommitOutput(ResponseWriter.WritePing(ReserveOutput(ResponseWriter.EmptySize + payload.Length), payload));
                break;
            case RequestKind.Quit:
                WriteStatus(StatusKind.Ok);
                CloseReason = CloseReason.Quit;
                _closeAfterFlush = true;
                break;
            default:
                // ADD and DELETE go to the store and invalid frames never get here.
                Environment.FailFast($"The request processor cannot execute {request.Kind} inline.");
                break;
        }

        return StatusKind.Ok;
    }

    private void ExecuteList(ulong afterId, int limit)
    {
        // 16 bytes per entry and at most 1,000 entries: 16 KiB of stack, well inside a thread's 1.5 MiB.
        Span<RecordEntry> entries = stackalloc RecordEntry[limit];
        var count = _store.List(afterId, entries);
        var destination = ReserveOutput(ResponseWriter.ListHeaderSize + (count * Protocol.ProtocolLimits.ListEntrySize));
        var written = ResponseWriter.WriteListHeader(destination, count);
        foreach (var entry in entries[..count])
        {
            written += ResponseWriter.WriteListEntry(destination[written..], entry.Id, entry.A, entry.B);
        }

        CommitOutput(written);
    }

    private void WriteStoreResponse(in WriteOperation operation, string? errorReason)
    {
        switch (operation.Status)
        {
            case StatusKind.Ok when operation.Kind == RequestKind.Add:
                CommitOutput(ResponseWriter.WriteU64(ReserveOutput(ResponseWriter.U64Size), operation.Id));
                break;
            case StatusKind.Ok:
            case StatusKind.NotFound:
                WriteStatus(operation.Status);
                break;
            default:
                var reason = errorReason ?? "the record store failed";
                CommitOutput(ResponseWriter.WriteReason(ReserveOutput(ResponseWriter.EmptySize + ResponseWriter.MaxReasonSize),
                    StatusKind.Error, reason));
                break;
        }
    }

    private void WriteBadRequest(in Request rejected) =>
        CommitOutput(ResponseWriter.WriteBadRequest(ReserveOutput(ResponseWriter.EmptySize + ResponseWriter.MaxReasonSize), rejected));

    private void WriteStatus(StatusKind status) =>
        CommitOutput(ResponseWriter.WriteEmpty(ReserveOutput(ResponseWriter.EmptySize), status));
}
