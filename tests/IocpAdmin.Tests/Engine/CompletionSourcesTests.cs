using System.Runtime.InteropServices;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Engine;

/// <summary>
/// Choosing the completion source. Where io_uring must be refused, the choice runs on a thread
/// with a seccomp filter that makes io_uring_setup fail with EPERM, as Docker's default profile
/// and hardened kernels do: a real refusal by the kernel, confined to that one thread.
/// </summary>
public sealed unsafe partial class CompletionSourcesTests
{
    [Fact]
    public void Open_AutoOnThisKernel_ChoosesIoUringWithNothingRefused()
    {
        using var opened = Open(CompletionSourceKind.Auto);

        Assert.Equal(CompletionSourceKind.IoUring, opened.Source.Kind);
        Assert.Null(opened.Source.FallbackReason);
    }

    [Fact]
    public void Open_AutoWhereSeccompRefusesIoUring_ChoosesEpollAndSaysWhy()
    {
        using var opened = OnThreadWithoutIoUring(() => Open(CompletionSourceKind.Auto));

        Assert.Equal(CompletionSourceKind.Epoll, opened.Source.Kind);
        Assert.Equal("io_uring: io_uring_setup was refused (EPERM: kernel.io_uring_disabled, or a seccomp profile, forbids it)",
            opened.Source.FallbackReason);
    }

    [Fact]
    public void Open_IoUringWhereSeccompRefusesIt_ThrowsOneClearMessage()
    {
        var error = Assert.Throws<PipeUnavailableException>(() => OnThreadWithoutIoUring(() => Open(CompletionSourceKind.IoUring)));

        Assert.Equal("Engine:CompletionSource=IoUring cannot be used here: io_uring_setup was refused (EPERM: kernel.io_uring_disabled, " +
            "or a seccomp profile, forbids it). Use Auto to fall back to the best source this machine allows.", error.Message);
    }

    [Theory]
    [InlineData(CompletionSourceKind.Epoll)]
    [InlineData(CompletionSourceKind.Managed)]
    public void Open_ExplicitSource_IsTheOneOpened(CompletionSourceKind source)
    {
        using var opened = Open(source);

        Assert.Equal(source, opened.Source.Kind);
    }

    [Fact]
    public void Open_AutoWithThePipeStreamTransport_RunsManagedSayingWhy()
    {
        using var opened = Open(CompletionSourceKind.Auto, PipeTransportKind.PipeStream);

        Assert.Equal(CompletionSourceKind.Managed, opened.Source.Kind);
        Assert.Equal("Engine:Transport=PipeStream runs on the managed source only", opened.Source.FallbackReason);
    }

    private static Opened Open(CompletionSourceKind source, PipeTransportKind transport = PipeTransportKind.Auto)
    {
        var options = new EngineOptions { PipeName = TestNames.Pipe(), CompletionSource = source, Transport = transport };
        var opened = CompletionSources.Open(options, () => new SocketPipeListener(options.PipeName, UnixFileMode.UserRead | UnixFileMode.UserWrite, 16));
        return new Opened(opened);
    }

    /// <summary>Runs <paramref name="action"/> on a new thread on which io_uring_setup fails with EPERM.</summary>
    private static T OnThreadWithoutIoUring<T>(Func<T> action)
    {
        T result = default!;
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            // BPF: load the syscall number; io_uring_setup (425) returns EPERM (1), all else is allowed.
            var filter = stackalloc ulong[4]
            {
                Instruction(0x20, 0, 0, 0),
                Instruction(0x15, 0, 1, 425),
                Instruction(0x06, 0, 0, 0x0005_0000 | 1),
                Instruction(0x06, 0, 0, 0x7fff_0000),
            };
            var program = stackalloc ulong[2] { 4, (ulong)filter };
            // PR_SET_NO_NEW_PRIVS (38), then PR_SET_SECCOMP (22) with SECCOMP_MODE_FILTER (2): this thread only.
            if (prctl(38, 1, 0, 0, 0) != 0 || prctl(22, 2, (ulong)program, 0, 0) != 0)
            {
                failure = new InvalidOperationException($"installing the seccomp filter failed: errno {Marshal.GetLastPInvokeError()}");
                return;
            }

            try
            {
                result = action();
            }
#pragma warning disable CA1031 // Carried to the test's thread and rethrown there.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failure = ex;
            }
        });
        thread.Start();
        thread.Join();
        if (failure is not null)
        {
            throw failure;
        }

        return result;
    }

    // struct sock_filter { u16 code; u8 jt; u8 jf; u32 k; }, little-endian.
    private static ulong Instruction(ushort code, byte jumpTrue, byte jumpFalse, uint k) =>
        code | ((ulong)jumpTrue << 16) | ((ulong)jumpFalse << 24) | ((ulong)k << 32);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int prctl(int option, ulong arg2, ulong arg3, ulong arg4, ulong arg5);

    private sealed class Opened(OpenedSource source) : IDisposable
    {
        public OpenedSource Source { get; } = source;

        public void Dispose()
        {
            Source.Listener.Dispose();
            Source.Port.Close();
            (Source.Port as IDisposable)?.Dispose();
        }
    }
}
