using System.Runtime.InteropServices;

namespace IocpAdmin.Server.Engine.Windows;

/// <summary>
/// The Win32 calls of the Win32 completion source, called directly: the runtime's own pipe and
/// thread-pool I/O are what this source replaces. Every handle argument is a raw value that the
/// caller holds open (<see cref="GuardedHandle.TryBeginUse"/>).
/// </summary>
internal static unsafe partial class Kernel32
{
    public const int ErrorAccessDenied = 5;
    public const int ErrorInvalidHandle = 6;
    public const int ErrorBrokenPipe = 109;
    public const int ErrorPipeBusy = 231;
    public const int ErrorNoData = 232;
    public const int ErrorPipeNotConnected = 233;
    public const int WaitTimeout = 258;
    public const int ErrorPipeConnected = 535;
    public const int ErrorAbandonedWait0 = 735;
    public const int ErrorOperationAborted = 995;
    public const int ErrorIoPending = 997;
    public const int ErrorNotFound = 1168;

    public const uint PipeAccessDuplex = 0x3;
    public const uint FileFlagFirstPipeInstance = 0x0008_0000;
    public const uint FileFlagOverlapped = 0x4000_0000;
    public const uint PipeTypeByte = 0x0;
    public const uint PipeReadModeByte = 0x0;
    public const uint PipeWait = 0x0;
    public const uint PipeRejectRemoteClients = 0x8;
    public const uint PipeUnlimitedInstances = 255;

    /// <summary>SetFileCompletionNotificationModes: an operation that finishes at once queues no packet.</summary>
    public const byte FileSkipCompletionPortOnSuccess = 0x1;

    public const nint InvalidHandle = -1;

    private const string Library = "kernel32.dll";

    [StructLayout(LayoutKind.Sequential)]
    public struct OverlappedEntry
    {
        public nuint CompletionKey;
        public NativeOverlapped* Overlapped;
        public nuint Internal;
        public uint BytesTransferred;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SecurityAttributes
    {
        public int Length;
        public void* SecurityDescriptor;
        public int InheritHandle;
    }

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint CreateIoCompletionPort(nint fileHandle, nint existingPort, nuint completionKey, uint concurrentThreads);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetQueuedCompletionStatusEx(nint port, OverlappedEntry* entries, uint count, uint* removed, uint milliseconds,
        [MarshalAs(UnmanagedType.Bool)] bool alertable);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool PostQueuedCompletionStatus(nint port, uint bytes, nuint completionKey, nint overlapped);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool CloseHandle(nint handle);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint CreateNamedPipeW(string name, uint openMode, uint pipeMode, uint maxInstances, uint outBufferSize,
        uint inBufferSize, uint defaultTimeout, SecurityAttributes* securityAttributes);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ConnectNamedPipe(nint pipe, NativeOverlapped* overlapped);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool DisconnectNamedPipe(nint pipe);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetNamedPipeClientProcessId(nint pipe, uint* processId);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetNamedPipeClientProcessId(SafeHandle pipe, uint* processId);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool PeekNamedPipe(nint pipe, void* buffer, uint size, uint* read, uint* totalAvailable, uint* leftThisMessage);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool SetFileCompletionNotificationModes(nint file, byte flags);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool ReadFile(nint file, byte* buffer, uint count, uint* read, NativeOverlapped* overlapped);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool WriteFile(nint file, byte* buffer, uint count, uint* written, NativeOverlapped* overlapped);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool CancelIoEx(nint file, NativeOverlapped* overlapped);

    [LibraryImport(Library, SetLastError = true)]
    [return: MarshalAs(UnmanagedType.Bool)]
    public static partial bool GetOverlappedResult(nint file, NativeOverlapped* overlapped, uint* transferred,
        [MarshalAs(UnmanagedType.Bool)] bool wait);

    [LibraryImport(Library, SetLastError = true, StringMarshalling = StringMarshalling.Utf16)]
    public static partial nint CreateEventW(void* securityAttributes, [MarshalAs(UnmanagedType.Bool)] bool manualReset,
        [MarshalAs(UnmanagedType.Bool)] bool initialState, string? name);

    /// <summary>IoCompletionBasicInformation: how many packets the port holds (its depth).</summary>
    [LibraryImport("ntdll.dll")]
    public static partial int NtQueryIoCompletion(nint port, int informationClass, int* depth, int length, int* returned);

    /// <summary>The Win32 error for the NTSTATUS an OVERLAPPED's Internal holds once its operation is done.</summary>
    [LibraryImport("ntdll.dll")]
    public static partial int RtlNtStatusToDosError(int status);

    public static int LastError => Marshal.GetLastPInvokeError();
}
