using IocpAdmin.Protocol;

namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Request frames as byte arrays, built with the codec's client side.</summary>
public static class Frames
{
    public static byte[] Add(int a, int b) => Build(RequestWriter.AddSize, span => RequestWriter.WriteAdd(span, a, b));

    public static byte[] Delete(ulong id) => Build(RequestWriter.IdSize, span => RequestWriter.WriteDelete(span, id));

    public static byte[] Retrieve(ulong id) => Build(RequestWriter.IdSize, span => RequestWriter.WriteRetrieve(span, id));

    public static byte[] Count() => Build(RequestWriter.EmptySize, RequestWriter.WriteCount);

    public static byte[] Quit() => Build(RequestWriter.EmptySize, RequestWriter.WriteQuit);

    public static byte[] List(ulong afterId, ushort limit) => Build(RequestWriter.ListSize, span => RequestWriter.WriteList(span, afterId, limit));

    public static byte[] Ping(byte[] payload)
    {
        var frame = new byte[RequestWriter.EmptySize + payload.Length];
        RequestWriter.WritePing(frame, payload);
        return frame;
    }

    public static byte[] Raw(uint length, byte code, byte[] payload)
    {
        var frame = new byte[RequestWriter.EmptySize + payload.Length];
        RequestWriter.WriteRaw(frame, length, code, payload);
        return frame;
    }

    public static byte[] Concat(params byte[][] frames) => frames.SelectMany(f => f).ToArray();

    private static byte[] Build(int size, SpanWriter write)
    {
        var frame = new byte[size];
        var written = write(frame);
        Assert.Equal(size, written);
        return frame;
    }

    private delegate int SpanWriter(Span<byte> destination);
}
