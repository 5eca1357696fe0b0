namespace IocpAdmin.Protocol;

/// <summary>
/// One decoded request frame, or the reason it was rejected. A view over the caller's buffer:
/// <see cref="Payload"/> is valid only until that buffer is reused.
/// </summary>
public readonly ref struct Request
{
    private Request(RequestKind kind, int a, int b, ulong id, ushort limit, ReadOnlySpan<byte> payload,
        FrameErrorReason error, long errorValue)
    {
        Kind = kind;
        A = a;
        B = b;
        Id = id;
        Limit = limit;
        Payload = payload;
        Error = error;
        ErrorValue = errorValue;
    }

    /// <summary>The opcode; <see cref="RequestKind.None"/> when <see cref="Error"/> is set.</summary>
    public RequestKind Kind { get; }

    /// <summary>ADD: the first integer of the record.</summary>
    public int A { get; }

    /// <summary>ADD: the second integer of the record.</summary>
    public int B { get; }

    /// <summary>DELETE and RETRIEVE: the record id. LIST: the id to list after.</summary>
    public ulong Id { get; }

    /// <summary>LIST: how many records at most (1 .. 1,000).</summary>
    public ushort Limit { get; }

    /// <summary>PING: the bytes to echo.</summary>
    public ReadOnlySpan<byte> Payload { get; }

    /// <summary>Why the frame was rejected, or <see cref="FrameErrorReason.None"/>.</summary>
    public FrameErrorReason Error { get; }

    /// <summary>The offending value behind <see cref="Error"/>: the length, opcode, payload size or limit.</summary>
    public long ErrorValue { get; }

    /// <summary>For <see cref="FrameErrorReason.WrongPayloadSize"/>: the opcode whose layout was violated.</summary>
    public RequestKind ErrorKind => Error == FrameErrorReason.WrongPayloadSize ? (RequestKind)(ErrorValue >> 32) : RequestKind.None;

    public bool IsValid => Error == FrameErrorReason.None;

    internal static Request Add(int a, int b) => new(RequestKind.Add, a, b, 0, 0, default, FrameErrorReason.None, 0);

    internal static Request WithId(RequestKind kind, ulong id) => new(kind, 0, 0, id, 0, default, FrameErrorReason.None, 0);

    internal static Request List(ulong afterId, ushort limit) => new(RequestKind.List, 0, 0, afterId, limit, default, FrameErrorReason.None, 0);

    internal static Request Ping(ReadOnlySpan<byte> payload) => new(RequestKind.Ping, 0, 0, 0, 0, payload, FrameErrorReason.None, 0);

    internal static Request Bare(RequestKind kind) => new(kind, 0, 0, 0, 0, default, FrameErrorReason.None, 0);

    internal static Request Invalid(FrameErrorReason error, long value) => new(RequestKind.None, 0, 0, 0, 0, default, error, value);

    internal static Request WrongSize(RequestKind kind, int payloadSize) =>
        new(RequestKind.None, 0, 0, 0, 0, default, FrameErrorReason.WrongPayloadSize, ((long)kind << 32) | (uint)payloadSize);
}
