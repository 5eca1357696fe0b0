using System.Runtime.InteropServices;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// One entry of the completion port, as in Win32's OVERLAPPED_ENTRY: which object (key), what
/// finished (kind), how many bytes and whether it failed. 16 bytes, copied by value, never boxed.
/// </summary>
/// <param name="Bytes">
/// Bytes transferred; when <paramref name="Error"/> is not <see cref="IoErrorKind.None"/>, the OS
/// error code instead (<see cref="IoResult.OsError"/>): a failed operation's count is never used,
/// and the code then travels in the same 16 bytes.
/// </param>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct CompletionPacket(ulong Key, CompletionKind Kind, IoErrorKind Error, int Bytes)
{
    /// <summary>The outcome this packet reports.</summary>
    public IoResult Result => Error == IoErrorKind.None ? new IoResult(Bytes, IoErrorKind.None) : new IoResult(0, Error, Bytes);

    public static CompletionPacket Control(ulong key, CompletionKind kind) => new(key, kind, IoErrorKind.None, 0);

    public static CompletionPacket For(ulong key, CompletionKind kind, in IoResult result) =>
        new(key, kind, result.Error, result.Succeeded ? result.Bytes : result.OsError);
}

/// <summary>The layout of completion keys.</summary>
public static class CompletionKeys
{
    /// <summary>The listener's key. Session keys never equal it: their low half is a slot index plus one.</summary>
    public const ulong Listener = 0;

    /// <summary>A session key: the slot's generation in the high half, slot index plus one in the low half.</summary>
    public static ulong ForSlot(int slot, uint generation) => ((ulong)generation << 32) | (uint)(slot + 1);

    public static int SlotOf(ulong key) => (int)(uint)key - 1;

    public static uint GenerationOf(ulong key) => (uint)(key >> 32);
}
