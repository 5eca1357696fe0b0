using System.Buffers.Binary;
using System.Text;
using IocpAdmin.Protocol;
using IocpAdmin.Server.Engine;
using IocpAdmin.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace IocpAdmin.Tests.Integration;

/// <summary>
/// docs/protocol.md, proven with raw bytes over a real pipe against a real SQLite file. Inherited once
/// per engine and transport, so each of them is held to the same contract.
/// </summary>
public abstract partial class ProtocolContractTests : IAsyncLifetime
{
    private readonly List<TestServer> _servers = [];

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        GC.SuppressFinalize(this);
    }

    protected abstract void Configure(EngineOptions options);

    /// <summary>Whether this transport can tell the client's process (NamedPipeServerStream on Unix cannot).</summary>
    protected virtual bool KnowsProcess => true;

    /// <summary>
    /// Whether a client that connected, wrote and closed before the server waited on its pipe
    /// instance is still served (NamedPipeServerStream on Windows cannot read it: ERROR_NO_DATA).
    /// </summary>
    protected virtual bool ServesClientsGoneBeforeTheirAccept => true;

    /// <summary>Whether it can tell the client's user as a Unix user id (only Unix sockets can).</summary>
    protected virtual bool KnowsUser => KnowsProcess && !OperatingSystem.IsWindows();

    /// <summary>
    /// The server a test runs against: this engine and transport, adjusted as the test needs.
    /// Each test starts exactly the one it uses; the class disposes it.
    /// </summary>
    protected async Task<TestServer> StartServerAsync(Action<EngineOptions>? adjust = null, ILoggerFactory? loggerFactory = null)
    {
        var server = await TestServer.StartAsync(options =>
        {
            Configure(options);
            adjust?.Invoke(options);
        }, loggerFactory);
        _servers.Add(server);
        return server;
    }

    [Fact]
    public async Task Add_OnFreshStore_AnswersIdOneByteForByteAsThePageShows()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();

        client.SendHex("09 00 00 00  01  03 00 00 00  04 00 00 00");

        Assert.Equal(Hex.Parse("09 00 00 00  00  01 00 00 00 00 00 00 00"), client.ReceiveExactly(13));
    }

    [Fact]
    public async Task Retrieve_TwoPipelinedInOneWrite_AnswersRecordThenNotFoundAsThePageShows()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        client.SendHex("09 00 00 00  01  03 00 00 00  04 00 00 00");
        Assert.Equal(1ul, client.ReadId());

        client.SendHex("09 00 00 00  03  01 00 00 00 00 00 00 00  09 00 00 00  03  02 00 00 00 00 00 00 00");

        Assert.Equal(Hex.Parse("09 00 00 00  00  03 00 00 00  04 00 00 00   01 00 00 00  01"), client.ReceiveExactly(18));
    }

    [Fact]
    public async Task UnknownOpcode_AnswersBadRequestNamingItThenCloses()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();

        client.SendHex("01 00 00 00  7f");

        var expected = Hex.Parse("14 00 00 00  02").Concat(Encoding.UTF8.GetBytes("unknown opcode 0x7F")).ToArray();
        Assert.Equal(expected, client.ReceiveExactly(expected.Length));
        Assert.True(client.WaitForClose());
    }

    [Theory]
    [InlineData("00 00 00 00", "frame length 0")]
    [InlineData("01 00 01 00", "frame length 65537")]
    [InlineData("ff ff ff ff", "frame length 4294967295")]
    public async Task BadLength_AnswersBadRequestAtOnceThenCloses(string prefix, string reasonStart)
    {
        var server = await StartServerAsync();
        using var client = server.Connect();

        // Only the prefix is sent: the server must not wait for a body it has already refused.
        client.SendHex(prefix);

        var (status, payload) = client.ReadResponse();
        Assert.Equal(StatusKind.BadRequest, status);
        Assert.StartsWith(reasonStart, Encoding.UTF8.GetString(payload), StringComparison.Ordinal);
        Assert.True(client.WaitForClose());
    }

    [Theory]
    [InlineData(0x01, 7, "ADD payload must be 8 bytes, got 7")]
    [InlineData(0x01, 9, "ADD payload must be 8 bytes, got 9")]
    [InlineData(0x02, 0, "DELETE payload must be 8 bytes, got 0")]
    [InlineData(0x03, 16, "RETRIEVE payload must be 8 bytes, got 16")]
    [InlineData(0x04, 1, "COUNT payload must be 0 bytes, got 1")]
    [InlineData(0x05, 8, "LIST payload must be 10 bytes, got 8")]
    [InlineData(0x07, 3, "QUIT payload must be 0 bytes, got 3")]
    public async Task WrongPayloadSize_AnswersBadRequestWithReasonThenCloses(byte opcode, int payloadSize, string reason)
    {
        var server = await StartServerAsync();
        using var client = server.Connect();

        client.Send(Frames.Raw((uint)(payloadSize + 1), opcode, new byte[payloadSize]));

        var (status, payload) = client.ReadResponse();
        Assert.Equal(StatusKind.BadRequest, status);
        Assert.Equal(reason, Encoding.UTF8.GetString(payload));
        Assert.True(client.WaitForClose());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    [InlineData(65535)]
    public async Task ListLimitOutsideOneToThousand_AnswersBadRequestThenCloses(int limit)
    {
        var server = await StartServerAsync();
        using var client = server.Connect();

        client.Send(Frames.List(0, (ushort)limit));

        var (status, payload) = client.ReadResponse();
        Assert.Equal(StatusKind.BadRequest, status);
        Assert.Equal($"LIST limit {limit} is outside 1..1000", Encoding.UTF8.GetString(payload));
        Assert.True(client.WaitForClose());
    }

    [Fact]
    public async Task BadFrame_AfterPipelinedRequests_AnswersThoseFirstThenBadRequest()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();

        client.Send(Frames.Concat(Frames.Add(1, 2), Frames.Count(), Frames.Add(3, 4), Hex.Parse("01 00 00 00  7f"), Frames.Count()));

        Assert.Equal(1ul, client.ReadId());
        Assert.Equal(1ul, client.ReadId());
        Assert.Equal(2ul, client.ReadId());
        Assert.Equal(StatusKind.BadRequest, client.ReadResponse().Status);
        Assert.True(client.WaitForClose());
    }

    [Fact]
    public async Task Pipelining_ThousandRequestsInOneWrite_AnswersEveryOneInOrder()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        var frames = new List<byte[]>();
        for (var i = 0; i < 500; i++)
        {
            frames.Add(Frames.Add(i, -i));
            frames.Add(Frames.Retrieve((ulong)i + 1));
        }

        client.Send(Frames.Concat([.. frames]));

        for (var i = 0; i < 500; i++)
        {
            Assert.Equal((ulong)i + 1, client.ReadId());
            var (status, payload) = client.ReadResponse();
            Assert.Equal(StatusKind.Ok, status);
            Assert.Equal(i, BinaryPrimitives.ReadInt32LittleEndian(payload));
            Assert.Equal(-i, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4)));
        }
    }

    [Fact]
    public async Task OneByteWrites_AssembleFramesAcrossReads()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        var bytes = Frames.Concat(Frames.Add(7, 8), Frames.Retrieve(1), Frames.Ping([1, 2, 3]));

        foreach (var b in bytes)
        {
            client.Send([b]);
        }

        Assert.Equal(1ul, client.ReadId());
        Assert.Equal(Hex.Parse("09 00 00 00 00  07 00 00 00  08 00 00 00"), client.ReceiveExactly(13));
        Assert.Equal(Hex.Parse("04 00 00 00 00  01 02 03"), client.ReceiveExactly(8));
    }

    [Fact]
    public async Task ConcurrentClients_SixtyFour_EachGetsItsOwnAnswersAndNoIdTwice()
    {
        var server = await StartServerAsync();
        const int clients = 64;
        const int perClient = 50;
        var ids = ClientThreads.Run(clients, c =>
        {
            using var client = server.Connect();
            var mine = new List<ulong>();
            for (var i = 0; i < perClient; i++)
            {
                client.Send(Frames.Concat(Frames.Add(c, i), Frames.Retrieve(0)));
                var id = client.ReadId();
                Assert.Equal(StatusKind.NotFound, client.ReadResponse().Status);
                client.Send(Frames.Retrieve(id));
                var (status, payload) = client.ReadResponse();
                Assert.Equal(StatusKind.Ok, status);
                Assert.Equal(c, BinaryPrimitives.ReadInt32LittleEndian(payload));
                Assert.Equal(i, BinaryPrimitives.ReadInt32LittleEndian(payload.AsSpan(4)));
                mine.Add(id);
            }

            return mine;
        });

        var all = ids.SelectMany(x => x).ToList();
        Assert.Equal(clients * perClient, all.Distinct().Count());
        Assert.Equal(Enumerable.Range(1, clients * perClient).Select(i => (ulong)i), all.Order());
        using var counter = server.Connect();
        counter.Send(Frames.Count());
        Assert.Equal((ulong)(clients * perClient), counter.ReadId());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(65_535)]
    public async Task Ping_EchoesPayloadOfAnySize(int size)
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        var payload = Enumerable.Range(0, size).Select(i => (byte)(i * 31)).ToArray();

        client.Send(Frames.Ping(payload));

        var (status, echoed) = client.ReadResponse();
        Assert.Equal(StatusKind.Ok, status);
        Assert.Equal(payload, echoed);
    }

    [Fact]
    public async Task Quit_AnswersOkThenCloses()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();

        client.Send(Frames.Quit());

        Assert.Equal(Hex.Parse("01 00 00 00  00"), client.ReceiveExactly(5));
        Assert.True(client.WaitForClose());
    }

    [Fact]
    public async Task Delete_ExistingThenAgain_AnswersOkThenNotFound_AndRecordIsGone()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        client.Send(Frames.Add(5, 6));
        var id = client.ReadId();

        client.Send(Frames.Concat(Frames.Delete(id), Frames.Delete(id), Frames.Retrieve(id), Frames.Count()));

        Assert.Equal(Hex.Parse("01 00 00 00 00"), client.ReceiveExactly(5));
        Assert.Equal(Hex.Parse("01 00 00 00 01"), client.ReceiveExactly(5));
        Assert.Equal(Hex.Parse("01 00 00 00 01"), client.ReceiveExactly(5));
        Assert.Equal(0ul, client.ReadId());
    }

    [Fact]
    public async Task List_ReturnsRecordsAboveAfterIdAscendingUpToLimit()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        for (var i = 1; i <= 10; i++)
        {
            client.Send(Frames.Add(i, i * 10));
        }

        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal((ulong)i, client.ReadId());
        }

        client.Send(Frames.Concat(Frames.Delete(5), Frames.List(3, 4)));
        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);

        var (status, payload) = client.ReadResponse();
        Assert.Equal(StatusKind.Ok, status);
        Assert.Equal(2 + (4 * 16), payload.Length);
        Assert.Equal(4, BinaryPrimitives.ReadUInt16LittleEndian(payload));
        var listed = Enumerable.Range(0, 4).Select(i => payload.AsSpan(2 + (i * 16), 16).ToArray())
            .Select(e => (BinaryPrimitives.ReadUInt64LittleEndian(e), BinaryPrimitives.ReadInt32LittleEndian(e.AsSpan(8)), BinaryPrimitives.ReadInt32LittleEndian(e.AsSpan(12))))
            .ToList();
        Assert.Equal([(4ul, 4, 40), (6ul, 6, 60), (7ul, 7, 70), (8ul, 8, 80)], listed);
    }

    [Fact]
    public async Task List_AfterTheLastId_AnswersAnEmptyList()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        client.Send(Frames.Add(1, 1));
        Assert.Equal(1ul, client.ReadId());

        client.Send(Frames.List(1, 1000));

        Assert.Equal(Hex.Parse("03 00 00 00  00  00 00"), client.ReceiveExactly(7));
    }

    [Fact]
    public async Task Ids_AfterDeletingTheNewest_AreNotReused()
    {
        var server = await StartServerAsync();
        using var client = server.Connect();
        client.Send(Frames.Concat(Frames.Add(1, 1), Frames.Add(2, 2)));
        Assert.Equal(1ul, client.ReadId());
        Assert.Equal(2ul, client.ReadId());

        client.Send(Frames.Concat(Frames.Delete(2), Frames.Add(3, 3)));

        Assert.Equal(StatusKind.Ok, client.ReadResponse().Status);
        Assert.Equal(3ul, client.ReadId());
    }

    [Fact]
    public async Task HalfFrame_ClientDisconnectsMidFrame_CompleteRequestsBeforeItAreExecuted()
    {
        var server = await StartServerAsync();
        using (var client = server.Connect())
        {
            var half = Frames.Add(9, 9)[..6];
            client.Send(Frames.Concat(Frames.Add(1, 1), Frames.Add(2, 2), half));
        }

        await Eventually.TrueAsync(() => server.Server.Store.Count == 2, TimeSpan.FromSeconds(10),
            "the two complete ADDs before the cut-off frame are committed");
        using var reader = server.Connect();
        reader.Send(Frames.Concat(Frames.Count(), Frames.Retrieve(3)));
        Assert.Equal(2ul, reader.ReadId());
        Assert.Equal(StatusKind.NotFound, reader.ReadResponse().Status);
    }

    [Fact]
    public async Task HalfFrame_ClientClosesWithoutReadingItsAnswers_EveryCompleteRequestBeforeItIsExecuted()
    {
        var server = await StartServerAsync();
        using (var client = server.Connect())
        {
            // Each RETRIEVE after an ADD needs that ADD committed and answered first: the answers
            // meet a closed pipe, and the ADDs after them must still run (rule 6).
            var half = Frames.Add(9, 9)[..6];
            client.Send(Frames.Concat(Frames.Add(1, 1), Frames.Retrieve(1), Frames.Add(2, 2), Frames.Retrieve(2), Frames.Add(3, 3), half));
        }

        await Eventually.TrueAsync(() => server.Server.Store.Count == 3, TimeSpan.FromSeconds(10),
            "the three complete ADDs before the cut-off frame are committed");
        await Eventually.TrueAsync(() => server.Server.Monitor.GetSessions().Count == 0, TimeSpan.FromSeconds(10), "the connection is closed");
        using var reader = server.Connect();
        reader.Send(Frames.Concat(Frames.Count(), Frames.Retrieve(4)));
        Assert.Equal(3ul, reader.ReadId());
        Assert.Equal(StatusKind.NotFound, reader.ReadResponse().Status);
    }

    [Fact]
    public async Task HalfClose_AfterRequests_AnswersThemThenCloses()
    {
        Assert.SkipUnless(RawClient.CanHalfClose, "a Windows named pipe cannot close one direction; a client closes both (HalfFrame tests)");
        var server = await StartServerAsync();
        using var client = server.Connect();
        client.Send(Frames.Concat(Frames.Add(1, 1), Frames.Ping([42]), Frames.Add(9, 9)[..3]));

        client.ShutdownSend();

        Assert.Equal(1ul, client.ReadId());
        Assert.Equal(Hex.Parse("02 00 00 00 00 2a"), client.ReceiveExactly(6));
        Assert.True(client.WaitForClose());
    }
}
