using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics.Latency;
using IocpAdmin.Server.Storage;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// The protocol half of a connection, shared by both engines: it takes received bytes, answers
/// every complete request in order, coalesces the responses, and says which single operation the
/// connection needs next (<see cref="NextIoKind"/>). It does no I/O itself, so the completion-port
/// automaton and the thread-per-client loop drive the very same protocol.
/// </summary>
/// <remarks>
/// Reads (RETRIEVE, COUNT, LIST), PING and QUIT are answered at once from the committed index.
/// Consecutive ADD/DELETE requests are gathered into one store batch; the next read waits until
/// that batch commits, so every request sees the effect of those before it on the connection.
/// </remarks>
internal sealed partial class RequestProcessor : IDisposable
{
    /// <summary>The most writes one connection hands the store at once (1,000 pipelined ADDs fit in one batch).</summary>
    public const int MaxBatchOperations = 1024;

    private readonly RecordStore _store;
    private readonly IStoreCompletionSink _storeSink;
    private readonly SessionHistory _history;
    private readonly RequestTimer _timer;
    private StoreBatch? _batch;
    private bool _endOfInput;
    private bool _closeAfterFlush;
    private long _partialSince;
    private long _requests;
    private int _partialBytes;
    private int _partialFrameSize;
    private string? _farewell;
    private RequestKind _lastRequest;

    public RequestProcessor(RecordStore store, IStoreCompletionSink storeSink, SessionHistory history, RequestTimer? timer = null)
    {
        _store = store;
        _storeSink = storeSink;
        _history = history;
        _timer = timer ?? new RequestTimer(RequestLatency.Unobserved, 0, null);
    }

    /// <summary>Requests answered or handed to the store so far.</summary>
    public long Requests => Volatile.Read(ref _requests);

    /// <summary>The opcode of the latest request taken from the input.</summary>
    public RequestKind LastRequest => _lastRequest;

    /// <summary>Why <see cref="Process"/> asked to close, once it has.</summary>
    public CloseReason CloseReason { get; private set; }

    /// <summary>
    /// <see cref="Environment.TickCount64"/> when the first bytes of the frame still incomplete
    /// arrived, or 0 when no partial frame is buffered. Read by the engine's timeout scan. After
    /// the client closed its end mid-frame, it still says when the discarded frame began.
    /// </summary>
    public long PartialSince => Volatile.Read(ref _partialSince);

    /// <summary>Bytes of the incomplete frame received so far (valid while <see cref="PartialSince"/> is not 0).</summary>
    public int PartialBytes => Volatile.Read(ref _partialBytes);

    /// <summary>The incomplete frame's whole size on the wire, or 0 while its length prefix is not all here.</summary>
    public int PartialFrameSize => Volatile.Read(ref _partialFrameSize);

    /// <summary>Responses written and not yet taken by the client (read from any thread: a moment's figure).</summary>
    public int UnsentBytes => Math.Max(0, Volatile.Read(ref _outputEnd) - Volatile.Read(ref _outputSent));

    /// <summary>Writes gathered for, or with, the store (read from any thread: a moment's figure).</summary>
    public int WaitingWrites => _batch?.Count ?? 0;

    /// <summary>The writes waiting to be submitted (valid after <see cref="Process"/> returned <see cref="NextIoKind.Store"/>).</summary>
    public StoreBatch Batch => _batch ?? throw new InvalidOperationException("No writes are waiting.");

    /// <summary>True when nothing is buffered in either direction and no write is waiting.</summary>
    public bool IsIdle => BufferedInput == 0 && !HasPendingOutput && (_batch is null || _batch.Count == 0);

    /// <summary>
    /// Takes in a receive's result; 0 bytes means the client closed its end. <paramref name="queueTicks"/>
    /// is how long its completion waited in the port (0 when it finished at once, or on a client thread).
    /// </summary>
    public void OnReceived(int bytes, long queueTicks = 0)
    {
        if (bytes == 0)
        {
            _endOfInput = true;
            return;
        }

        _timer.OnReceived(queueTicks);
        CommitReceived(bytes);
    }

    /// <summary>
    /// From any thread, before the receive side is shut: once the input ends, and every request
    /// before it is answered, BUSY with this reason is the last frame, and the conversation is over
    /// (<see cref="CloseReason.Disconnected"/>). The first reason given is the one sent.
    /// </summary>
    public void SetFarewell(string reason) => Interlocked.CompareExchange(ref _farewell, reason, null);

    /// <summary>Hands the waiting writes to the store (after <see cref="Process"/> returned <see cref="NextIoKind.Store"/>).</summary>
    public void SubmitWrites()
    {
        _timer.OnSubmitted();
        _store.Submit(Batch);
    }

    /// <summary>Writes the responses of the batch the store just ran, in order; its completion waited <paramref name="queueTicks"/> in the port.</summary>
    public void OnStoreCompleted(long queueTicks = 0)
    {
        var batch = Batch;
        _timer.OnCommitted(queueTicks);
        _history.RecordCommit(batch.Count, batch.ErrorReason is null ? StatusKind.Ok : StatusKind.Error);
        for (var i = 0; i < batch.Count; i++)
        {
            WriteStoreResponse(batch[i], batch.ErrorReason);
            Answered(batch[i].Kind);
            _history.RecordRequest(batch[i].Kind, batch[i].Status, ProtocolLimits.LengthPrefixSize + 1 + ProtocolLimits.IdPayloadSize);
        }

        batch.Clear();
    }

    /// <summary>
    /// Answers every complete request it can and decides the next operation:
    /// <see cref="NextIoKind.Send"/> when responses wait (first of all), <see cref="NextIoKind.Store"/>
    /// when writes must commit before the next request, <see cref="NextIoKind.Close"/> when the
    /// conversation is over, else <see cref="NextIoKind.Receive"/>.
    /// </summary>
    public NextIoKind Process()
    {
        while (true)
        {
            if (_closeAfterFlush)
            {
                return HasPendingOutput ? NextIoKind.Send : NextIoKind.Close;
            }

            if (PendingOutputLength >= FlushThreshold)
            {
                return NextIoKind.Send;
            }

            if (!RequestReader.TryReadRequest(InputSpan, out var request, out var consumed))
            {
                return AwaitMoreInput();
            }

            if (!request.IsValid)
            {
                if (HasWaitingWrites)
                {
                    // Rule 5: every request before the bad frame is answered first.
                    return FlushWrites();
                }

                WriteBadRequest(request);
                _history.RecordRequest(request.Kind, StatusKind.BadRequest, consumed);
                CloseReason = CloseReason.BadRequest;
                _closeAfterFlush = true;
                continue;
            }

            if (request.Kind is RequestKind.Add or RequestKind.Delete)
            {
                var batch = _batch ??= new StoreBatch(_storeSink, MaxBatchOperations);
                if (batch.IsFull)
                {
                    return FlushWrites();
                }

                if (request.Kind == RequestKind.Add)
                {
                    batch.AddInsert(request.A, request.B);
                }
                else
                {
                    batch.AddDelete(request.Id);
                }
            }
            else if (HasWaitingWrites)
            {
                // A read after writes must see them: commit first, then come back to this frame.
                return FlushWrites();
            }
            else
            {
                _history.RecordRequest(request.Kind, Execute(request), consumed);
                Answered(request.Kind);
            }

            _lastRequest = request.Kind;
            Volatile.Write(ref _requests, _requests + 1);
            ConsumeInput(consumed);
        }
    }

    public void Dispose() => ReleaseBuffers();

    private bool HasWaitingWrites => _batch is { Count: > 0 };

    private void Answered(RequestKind kind)
    {
        if (!_discardOutput)
        {
            _timer.OnAnswered(kind);
        }
    }

    // Earlier responses go out before the writes are submitted: the send usually completes at
    // once, and the client gets them without waiting for a commit.
    private NextIoKind FlushWrites() => HasPendingOutput ? NextIoKind.Send : NextIoKind.Store;

    private NextIoKind AwaitMoreInput()
    {
        if (HasWaitingWrites)
        {
            return FlushWrites();
        }

        if (HasPendingOutput)
        {
            return NextIoKind.Send;
        }

        if (_endOfInput)
        {
            // Rule 6: a frame cut off by the client's disconnect is discarded.
            DiscardInput();
            if (Volatile.Read(ref _farewell) is { } farewell)
            {
                // An operator's graceful disconnect shut the input: the client is told why.
                CommitOutput(ResponseWriter.WriteReason(ReserveOutput(ResponseWriter.EmptySize + ResponseWriter.MaxReasonSize), StatusKind.Busy, farewell));
                CloseReason = CloseReason.Disconnected;
                _closeAfterFlush = true;
                return HasPendingOutput ? NextIoKind.Send : NextIoKind.Close;
            }

            CloseReason = CloseReason.EndOfStream;
            return NextIoKind.Close;
        }

        if (BufferedInput == 0)
        {
            Volatile.Write(ref _partialSince, 0);
        }
        else
        {
            // Evidence for the console, on the partial-frame path only.
            Volatile.Write(ref _partialBytes, BufferedInput);
            Volatile.Write(ref _partialFrameSize, RequestReader.TryGetFrameSize(InputSpan, out var frameSize) ? frameSize : 0);
            if (_partialSince == 0)
            {
                Volatile.Write(ref _partialSince, Environment.TickCount64);
            }
        }

        return NextIoKind.Receive;
    }
}
