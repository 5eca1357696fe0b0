using System.Net.Http.Json;
using System.Text.Json;
using IocpAdmin.Protocol;
using IocpAdmin.Tests.Infrastructure;

namespace IocpAdmin.Tests.Processes;

/// <summary>The start command of the README, its health endpoint, and clear errors for bad configuration.</summary>
public sealed class ServerStartupTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    [Trait(WindowsLeg.Trait, WindowsLeg.Name)]
    public async Task DocumentedStartCommand_OpensThePipeAndReportsHealthy()
    {
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"));
        using var client = RawClient.Connect(server.PipeName);
        client.Send(Frames.Add(1, 2));
        Assert.Equal(1ul, client.ReadId());
        // The health check reads the monitor's sample, which may be up to 250 ms older than the ADD.
        var health = await Eventually.ValueAsync(() => server.HealthAsync(),
            h => h.GetProperty("entries").GetProperty("record-server").GetProperty("data").GetProperty("records").GetInt32() == 1,
            TimeSpan.FromSeconds(10), "the health endpoint counts the committed record");

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        var data = health.GetProperty("entries").GetProperty("record-server").GetProperty("data");
        Assert.Equal("CompletionPort", data.GetProperty("mode").GetString());
        // The default source: the kernel completion port on Windows; on Linux with io_uring allowed, io_uring.
        Assert.Equal(OperatingSystem.IsWindows() ? "Win32" : "IoUring", data.GetProperty("completionSource").GetString());
        Assert.False(data.TryGetProperty("completionSourceFallback", out _));
        Assert.Equal(1, data.GetProperty("records").GetInt32());
    }

    [Fact]
    public async Task Sigterm_WithPipelinedRequestsReceived_AnswersThemAndExitsCleanly()
    {
        WindowsLeg.SkipOnWindows("POSIX signals (the graceful stop on Windows is tested in process: ProtocolContractTests.Stop_*)");
        await using var server = await ServerProcess.StartAsync(_directory.File("records.db"));
        using var client = RawClient.Connect(server.PipeName);
        client.Send(Frames.Concat(Enumerable.Range(0, 1000).Select(i => Frames.Add(i, i)).ToArray()));
        Assert.Equal(1ul, client.ReadId());

        server.Terminate();

        for (var i = 2; i <= 1000; i++)
        {
            Assert.Equal((ulong)i, client.ReadId());
        }

        Assert.True(client.WaitForClose());
        Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.False(File.Exists(PipeAddress.UnixSocketPathOf(server.PipeName)), "the socket file is removed on a clean stop");
    }

    [Theory]
    [Trait(WindowsLeg.Trait, WindowsLeg.Name)]
    [InlineData("--Engine:MaxClients=0", "MaxClients")]
    [InlineData("--Engine:Mode=Fastest", "Engine:Mode")]
    [InlineData("--Engine:PipeName=a/b", "Engine:PipeName")]
    [InlineData("--Engine:Workers=2 --Engine:Concurrency=3", "Engine:Concurrency")]
    [InlineData("--Engine:CompletionSource=Uring", "Engine:CompletionSource")]
    [InlineData("--Engine:CompletionSource=IoUring --Engine:Transport=PipeStream",
        "Engine:CompletionSource=IoUring cannot be used here: Engine:Transport=PipeStream runs on the managed source only")]
    [InlineData("--Auth:Users:0:Name=x --Auth:Users:0:PasswordHash=AQAAAAIAAYagAAAAEAAAAAAAAAAAAAAAAAAAAA== --Auth:Users:0:Role=Admin",
        "Auth:Users:0: the Role is Operator or Support")]
    [InlineData("--Auth:Users:0:Name=x --Auth:Users:0:PasswordHash=not-a-hash", "Auth:Users:0: the PasswordHash is not a hash")]
    public async Task BadConfiguration_ExitsWithOneClearLineAndNoStackTrace(string args, string named)
    {
        await using var server = ServerProcess.Launch(_directory.File("records.db"), TestNames.Pipe(), args.Split(' '));

        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("error: ", server.Output, StringComparison.Ordinal);
        Assert.Contains(named, server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlainHttpToOtherMachines_WithoutAllowInsecureRemote_ExitsWithOneLineBeforeOpeningAnything()
    {
        var pipe = TestNames.Pipe();
        // Refused before anything listens: the address is never bound (tests bind loopback only).
        await using var server = ServerProcess.Launch(_directory.File("records.db"), pipe, "--urls", "http://0.0.0.0:0");

        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("error: http://0.0.0.0:0 would serve the console over plain HTTP to other machines", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Now listening", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(_directory.File("records.db")), "the database is not even opened");
    }

    [Fact]
    [Trait(WindowsLeg.Trait, WindowsLeg.Name)]
    public async Task WebPortInUse_ExitsWithOneClearLineAndNoStackTrace()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port;

        await using var server = ServerProcess.Launch(_directory.File("records.db"), TestNames.Pipe(), "--urls", $"http://127.0.0.1:{port}");

        Assert.Equal(1, await server.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains($"error: the server stopped: Failed to bind to address http://127.0.0.1:{port}", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    [Trait(WindowsLeg.Trait, WindowsLeg.Name)]
    public async Task SecondServer_OnAPipeInUse_ExitsWithAClearError()
    {
        WindowsLeg.SkipUnderWine("Wine does not enforce FILE_FLAG_FIRST_PIPE_INSTANCE: a second server shares the name, and its clients");
        await using var first = await ServerProcess.StartAsync(_directory.File("one.db"));

        await using var second = ServerProcess.Launch(_directory.File("two.db"), first.PipeName);

        Assert.Equal(1, await second.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("in use by another running server", second.Output, StringComparison.Ordinal);
        using var client = RawClient.Connect(first.PipeName);
        client.Send(Frames.Ping([1]));
        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
    }

    [Fact]
    public async Task StaleSocketFile_LeftBySigkill_IsReplacedOnRestart()
    {
        WindowsLeg.SkipOnWindows("a Windows pipe leaves no file behind");
        var database = _directory.File("records.db");
        string pipe;
        await using (var crashed = await ServerProcess.StartAsync(database))
        {
            pipe = crashed.PipeName;
            await crashed.KillAsync();
        }

        Assert.True(File.Exists(PipeAddress.UnixSocketPathOf(pipe)), "SIGKILL leaves the socket file behind");

        await using var restarted = await ServerProcess.StartAsync(database, pipe);
        using var client = RawClient.Connect(pipe);
        client.Send(Frames.Count());
        Assert.Equal(0ul, client.ReadId());
    }
}
