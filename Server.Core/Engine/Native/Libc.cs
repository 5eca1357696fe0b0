using System.Runtime.InteropServices;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// The Linux system calls the native completion sources use, called directly: no package wraps
/// io_uring for .NET, and the runtime's own socket engine is what these sources replace.
/// </summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";

    // errno values (asm-generic/errno-base.h, errno.h): identical on x86-64 and arm64.
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EFAULT = 14;
    public const int EINVAL = 22;
    public const int EMFILE = 24;
    public const int EPIPE = 32;
    public const int ENOSYS = 38;
    public const int ECONNABORTED = 103;
    public const int ECONNRESET = 104;
    public const int ENOBUFS = 105;
    public const int ENOTCONN = 107;
    public const int ECANCELED = 125;
    public const int EPERM = 1;

    public const int MsgDontWait = 0x40;
    public const int MsgNoSignal = 0x4000;
    public const int SockNonBlock = 0x800;
    public const int SockCloExec = 0x80000;
    public const int ShutRead = 0;
    public const int ShutWrite = 1;
    public const int ShutBoth = 2;
    public const short PollIn = 0x001;
    public const short PollOut = 0x004;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint recv(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint send(int fd, byte* buffer, nuint length, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int accept4(int fd, void* address, void* addressLength, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int shutdown(int fd, int how);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int getsockopt(int fd, int level, int name, void* value, int* length);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int ioctl(int fd, nuint request, int* value);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int eventfd(uint initial, int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, void* ev);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int epoll_wait(int epfd, void* events, int maxEvents, int timeoutMs);

    [LibraryImport(Library, SetLastError = true)]
    public static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, SetLastError = true)]
    public static partial int munmap(void* address, nuint length);

    /// <summary>
    /// libc's generic <c>syscall</c>, for io_uring's three calls (glibc has no wrappers). Declared
    /// with fixed integer arguments: on x86-64 and arm64 those travel in the same registers as a
    /// variadic call's, and glibc's <c>syscall</c> is a register shuffle that reads no others.
    /// </summary>
    [LibraryImport(Library, SetLastError = true)]
    public static partial long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6);

    public static int LastError => Marshal.GetLastPInvokeError();

    /// <summary>FIONREAD: bytes waiting to be read (0 on error).</summary>
    public static int Available(int fd)
    {
        int available;
        return ioctl(fd, 0x541B, &available) == 0 ? available : 0;
    }
}
