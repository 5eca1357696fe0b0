using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.IO.Pipes;
using System.Security.AccessControl;
using System.Security.Principal;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Diagnostics;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;
using IocpAdmin.Tests.Infrastructure;
using IocpAdmin.Tests.Web;
using IocpAdmin.Web.Dashboard;

namespace IocpAdmin.Tests.Integration;

/// <summary>
/// What only Windows has: the pipe's security descriptor, as a client reads it back with
/// GetSecurityInfo, and the client's process id (GetNamedPipeClientProcessId) in the console's client
/// table. Both Windows transports (the Win32 source's instances and the managed pipe) are held to it.
/// Wine runs every process as one account, so a client of another account being refused is not
/// shown here; the descriptor that refuses it is.
/// </summary>
[Trait(WindowsLeg.Trait, WindowsLeg.Name)]
[SupportedOSPlatform("windows")]
public sealed class WindowsPipeTests : IAsyncLifetime
{
    // FILE_CREATE_PIPE_INSTANCE (= FILE_APPEND_DATA): who holds it may create instances of the name.
    private const int CreatePipeInstance = 0x4;
    private const uint GenericRead = 0x8000_0000;
    private const uint GenericWrite = 0x4000_0000;
    private const uint ReadControl = 0x0002_0000;
    private const uint OpenExisting = 3;
    private const int KernelObject = 6;
    private const uint OwnerSecurityInformation = 0x1;
    private const uint DaclSecurityInformation = 0x4;

    private readonly List<TestServer> _servers = [];

    public static TheoryData<CompletionSourceKind> Sources => [CompletionSourceKind.Win32, CompletionSourceKind.Managed];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task SecurityDescriptor_Owner_AllowsTheServerAccountAndSystemAndNobodyElse(CompletionSourceKind source)
    {
        WindowsLeg.SkipUnlessWindows();
        var server = await StartAsync(source, PipeAccessKind.Owner);

        var descriptor = ReadBack(server.PipeName);

        using var self = WindowsIdentity.GetCurrent();
        Assert.Equal(self.User, descriptor.Owner);
        var expected = new[] { self.User!, new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null) }.OrderBy(s => s.Value);
        Assert.Equal(expected, Aces(descriptor).Select(a => a.SecurityIdentifier).OrderBy(s => s.Value));
        Assert.True((descriptor.ControlFlags & ControlFlags.DiscretionaryAclProtected) != 0, "the DACL inherits nothing");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task SecurityDescriptor_EveryoneAndGroups_LetThemReadAndWriteButNotCreateInstances(CompletionSourceKind source)
    {
        WindowsLeg.SkipUnlessWindows();
        var users = new SecurityIdentifier(WellKnownSidType.BuiltinUsersSid, null);
        var server = await StartAsync(source, PipeAccessKind.Everyone, ((NTAccount)users.Translate(typeof(NTAccount))).Value);

        var aces = Aces(ReadBack(server.PipeName));

        var world = Assert.Single(aces, a => a.SecurityIdentifier == new SecurityIdentifier(WellKnownSidType.WorldSid, null));
        var group = Assert.Single(aces, a => a.SecurityIdentifier == users);
        foreach (var ace in new[] { world, group })
        {
            Assert.Equal(AceQualifier.AccessAllowed, ace.AceQualifier);
            Assert.True((ace.AccessMask & (int)PipeAccessRights.ReadWrite) == (int)PipeAccessRights.ReadWrite, $"{ace.SecurityIdentifier} may read and write");
            Assert.True((ace.AccessMask & CreatePipeInstance) == 0, $"{ace.SecurityIdentifier} may not create instances of the pipe");
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public async Task PipeGroups_NamingNoAccount_StopsTheStartSayingWhich(CompletionSourceKind source)
    {
        WindowsLeg.SkipUnlessWindows();
        var failure = await Assert.ThrowsAsync<PipeUnavailableException>(() => StartAsync(source, PipeAccessKind.Owner, @"NOWHERE\no-such-group"));

        Assert.Contains(@"'NOWHERE\no-such-group' is not a known Windows account or group", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZeroLengthWrite_FromAClient_IsNotItsEndOfStream()
    {
        WindowsLeg.SkipUnlessWindows();
        WindowsLeg.SkipUnderWine("a zero-length WriteFile never reaches the reader under Wine (its pipes are Unix sockets), so the test would pass without the fix");
        var server = await StartAsync(CompletionSourceKind.Win32, PipeAccessKind.Owner);
        using var pipe = new NamedPipeClientStream(".", server.PipeName, PipeDirection.InOut, PipeOptions.None);
        await pipe.ConnectAsync(5000);
        pipe.Write(Frames.Ping([1]));
        Assert.Equal(5 + 1, ReadFrame(pipe).Length);

        // Half a frame, so the server reads into a buffer; then a zero-length WriteFile: on a pipe the
        // server's read completes with 0 bytes, which is not end of stream (that is ERROR_BROKEN_PIPE).
        var ping = Frames.Ping([2, 3]);
        pipe.Write(ping.AsSpan(0, 3));
        await Eventually.TrueAsync(() => server.Server.Monitor.GetSessions().Any(s => s.HasPartialFrame), TimeSpan.FromSeconds(10),
            "the server holds the half frame");
        Assert.True(WriteNothing(pipe.SafePipeHandle), $"WriteFile of 0 bytes failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        pipe.Write(ping.AsSpan(3));

        Assert.Equal(Hex.Parse("03 00 00 00 00 02 03"), ReadFrame(pipe));
    }

    [Fact]
    public async Task ClientTable_OfACliProcessOnThePipe_ShowsThatProcessId()
    {
        // On Linux too (SO_PEERCRED): the same promise, whichever OS tells the server who connected.
        await ClientTableShowsCliProcessAsync();
    }

    private static async Task ClientTableShowsCliProcessAsync()
    {
        await using var console = await ConsoleServices.StartAsync();
        var cli = CliRun.Start(TimeSpan.FromMinutes(2), "ping", "-n", "1000000", "-p", console.Server.PipeName);
        try
        {
            var row = await Eventually.ValueAsync(
                () => console.Directory.Query(new ClientQuery(ClientFilter.All, nameof(SessionSnapshot.Id), Descending: false, Page: 0, PageSize: 10)).Items is [var first, ..] ? first : null,
                r => r is not null, TimeSpan.FromSeconds(30), "the CLI shows in the client table");

            Assert.Equal(cli.ProcessId, row!.ProcessId);
            Assert.NotEqual(Environment.ProcessId, row.ProcessId);
        }
        finally
        {
            await cli.KillAsync();
        }
    }

    private async Task<TestServer> StartAsync(CompletionSourceKind source, PipeAccessKind access, params string[] groups)
    {
        var server = await TestServer.StartAsync(o =>
        {
            o.CompletionSource = source;
            o.PipeAccess = access;
            o.PipeGroups = [.. groups];
        });
        _servers.Add(server);
        return server;
    }

    /// <summary>Opens the pipe as a client with READ_CONTROL and reads its descriptor back with GetSecurityInfo.</summary>
    private static unsafe RawSecurityDescriptor ReadBack(string pipeName)
    {
        var handle = CreateFileW(PipeAddress.Of(pipeName), GenericRead | GenericWrite | ReadControl, 0, null, OpenExisting, 0, 0);
        Assert.True(handle != -1, $"CreateFileW on the pipe failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            void* descriptor = null;
            var error = GetSecurityInfo(handle, KernelObject, OwnerSecurityInformation | DaclSecurityInformation, null, null, null, null, &descriptor);
            Assert.True(error == 0, $"GetSecurityInfo failed: {Marshal.GetPInvokeErrorMessage(error)}");
            try
            {
                var length = GetSecurityDescriptorLength(descriptor);
                return new RawSecurityDescriptor(new ReadOnlySpan<byte>(descriptor, (int)length).ToArray(), 0);
            }
            finally
            {
                LocalFree(descriptor);
            }
        }
        finally
        {
            _ = CloseHandle(handle);
        }
    }

    private static List<CommonAce> Aces(RawSecurityDescriptor descriptor) => [.. descriptor.DiscretionaryAcl!.OfType<CommonAce>()];

    private static byte[] ReadFrame(Stream pipe)
    {
        var prefix = new byte[4];
        pipe.ReadExactly(prefix);
        var frame = new byte[4 + BitConverter.ToInt32(prefix)];
        prefix.CopyTo(frame, 0);
        pipe.ReadExactly(frame.AsSpan(4));
        return frame;
    }

    private static unsafe bool WriteNothing(SafeHandle pipe)
    {
        byte nothing = 0;
        uint written;
        return WriteFile(pipe, &nothing, 0, &written, null) != 0;
    }

    [DllImport("kernel32.dll", SetLastError = true)]
    private static extern unsafe int WriteFile(SafeHandle file, byte* buffer, uint count, uint* written, void* overlapped);

    [DllImport("kernel32.dll", SetLastError = true, CharSet = CharSet.Unicode)]
    private static extern unsafe nint CreateFileW(string name, uint access, uint share, void* security, uint disposition, uint flags, nint template);

    [DllImport("kernel32.dll")]
    private static extern int CloseHandle(nint handle);

    [DllImport("advapi32.dll")]
    private static extern unsafe int GetSecurityInfo(nint handle, int objectType, uint information, void** owner, void** group, void** dacl, void** sacl, void** descriptor);

    [DllImport("advapi32.dll")]
    private static extern unsafe uint GetSecurityDescriptorLength(void* descriptor);

    [DllImport("kernel32.dll")]
    private static extern unsafe nint LocalFree(void* memory);
}
