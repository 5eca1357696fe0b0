using System.Diagnostics;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>
/// Who may connect to the pipe's socket file (Linux): the server's user only unless configured
/// otherwise, proven with a client running as another user (nobody). The client is a few lines of
/// Perl (perl-base is essential on Debian): a foreign client, not ours.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PipeAccessTests : IDisposable
{
    private const string CountClient = """
        use IO::Socket::UNIX;
        my $s = IO::Socket::UNIX->new(Type => SOCK_STREAM(), Peer => $ARGV[0]) or do { print "connect: $!\n"; exit 2 };
        print $s pack("VC", 1, 4);
        my $n = read($s, my $answer, 13);
        print "read $n bytes\n";
        exit($n == 13 ? 0 : 3);
        """;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [RootFact]
    public async Task DefaultAccess_SocketIsOwnerOnly_AnotherUserIsRefused_TheOwnerIsServed()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"));
        var socket = PipeAddress.UnixSocketPathOf(server.PipeName);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(socket));
        var (asNobody, refusal) = Connect(socket, asNobody: true);
        Assert.True(asNobody == 2, refusal);
        Assert.Contains("Permission denied", refusal);
        var (asOwner, served) = Connect(socket, asNobody: false);
        Assert.True(asOwner == 0, served);
    }

    [RootFact]
    public async Task EveryoneAccess_SocketIsWorldWritable_AnotherUserIsServed()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"), null, "--Engine:PipeAccess=Everyone");
        var socket = PipeAddress.UnixSocketPathOf(server.PipeName);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite, File.GetUnixFileMode(socket));
        var (code, output) = Connect(socket, asNobody: true);
        Assert.True(code == 0, output);
    }

    [RootFact]
    public async Task GroupAccess_SocketIsOwnerAndGroup()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"), null, "--Engine:PipeAccess=Group");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite,
            File.GetUnixFileMode(PipeAddress.UnixSocketPathOf(server.PipeName)));
    }

    private static (int Code, string Output) Connect(string socket, bool asNobody)
    {
        var info = new ProcessStartInfo(asNobody ? "setpriv" : "perl") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (asNobody)
        {
            foreach (var arg in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", "perl" })
            {
                info.ArgumentList.Add(arg);
            }
        }

        info.ArgumentList.Add("-e");
        info.ArgumentList.Add(CountClient);
        info.ArgumentList.Add(socket);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(30_000), "the client did not finish");
        return (process.ExitCode, output);
    }
}
