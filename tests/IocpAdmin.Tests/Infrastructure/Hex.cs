namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Bytes written the way docs/protocol.md writes them: "09 00 00 00  01 ...".</summary>
public static class Hex
{
    public static byte[] Parse(string text) =>
        Convert.FromHexString(string.Concat(text.Where(c => !char.IsWhiteSpace(c))));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
