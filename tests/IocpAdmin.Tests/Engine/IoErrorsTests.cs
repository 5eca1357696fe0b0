using System.Net.Sockets;
using System.Runtime.CompilerServices;
using IocpAdmin.Server.Engine;
using IocpAdmin.Server.Engine.Transport;

namespace IocpAdmin.Tests.Engine;

/// <summary>How I/O failures are sorted (as Kestrel sorts them) and that the OS code survives the trip through the port.</summary>
public sealed class IoErrorsTests
{
    [Theory]
    [InlineData(SocketError.ConnectionReset)]
    [InlineData(SocketError.Shutdown)]
    [InlineData(SocketError.NotConnected)]
    public void Classify_ThePeerWentAway_IsReset(SocketError error) => Assert.Equal(IoErrorKind.Reset, IoErrors.Classify(error));

    [Theory]
    [InlineData(SocketError.OperationAborted)]
    [InlineData(SocketError.Interrupted)]
    public void Classify_OurOwnCancellation_IsAborted(SocketError error) => Assert.Equal(IoErrorKind.Aborted, IoErrors.Classify(error));

    [Fact]
    public void Classify_PlatformSpecificCases_FollowTheOs()
    {
        // Disposing a socket under a pending receive gives EINVAL on Unix; Windows reports a reset as ConnectionAborted.
        Assert.Equal(OperatingSystem.IsWindows() ? IoErrorKind.Unexpected : IoErrorKind.Aborted, IoErrors.Classify(SocketError.InvalidArgument));
        Assert.Equal(OperatingSystem.IsWindows() ? IoErrorKind.Reset : IoErrorKind.Unexpected, IoErrors.Classify(SocketError.ConnectionAborted));
        Assert.Equal(OperatingSystem.IsMacOS() ? IoErrorKind.Reset : IoErrorKind.Unexpected, IoErrors.Classify(SocketError.ProtocolType));
    }

    [Fact]
    public void FromAccept_AClientThatGaveUpBeforeItWasAccepted_IsResetNotAFailure()
    {
        Assert.Equal(IoErrorKind.Reset, IoErrors.FromAccept(SocketError.ConnectionAborted, stopped: false).Error);
        Assert.Equal(IoErrorKind.Aborted, IoErrors.FromAccept(SocketError.ConnectionAborted, stopped: true).Error);
        Assert.Equal(IoErrorKind.Unexpected, IoErrors.FromAccept(SocketError.TooManyOpenSockets, stopped: false).Error);
    }

    [Fact]
    public void FromSocket_AnUnexpectedFailure_KeepsTheOsCode()
    {
        var result = IoErrors.FromSocket(SocketError.NoBufferSpaceAvailable, 0, abortedByUs: false);

        Assert.Equal(IoErrorKind.Unexpected, result.Error);
        Assert.Equal((int)SocketError.NoBufferSpaceAvailable, result.OsError);
        Assert.Equal(new SocketException((int)SocketError.NoBufferSpaceAvailable).Message, result.Describe());
    }

    [Fact]
    public void FromSocket_AfterWeAbortedTheConnection_IsAbortedWhateverTheOsSays()
    {
        var result = IoErrors.FromSocket(SocketError.ConnectionReset, 0, abortedByUs: true);

        Assert.Equal(IoErrorKind.Aborted, result.Error);
        Assert.Equal((int)SocketError.ConnectionReset, result.OsError);
    }

    [Fact]
    public void FromException_APipeStreamOverASocket_TakesTheSocketsError()
    {
        var broken = new IOException("Pipe is broken.", new SocketException((int)SocketError.Shutdown));

        Assert.Equal(new IoResult(0, IoErrorKind.Reset, (int)SocketError.Shutdown), IoErrors.FromException(broken, abortedByUs: false));
    }

    [Fact]
    public void CompletionPacket_ForAFailure_CarriesTheOsCodeAndStaysSixteenBytes()
    {
        var failure = new IoResult(0, IoErrorKind.Unexpected, (int)SocketError.NoBufferSpaceAvailable);

        var packet = CompletionPacket.For(CompletionKeys.ForSlot(3, 9), CompletionKind.Receive, failure);

        Assert.Equal(failure, packet.Result);
        Assert.Equal(new IoResult(512, IoErrorKind.None), CompletionPacket.For(1, CompletionKind.Send, new IoResult(512, IoErrorKind.None)).Result);
        Assert.Equal(16, Unsafe.SizeOf<CompletionPacket>());
    }
}
