namespace IocpAdmin.Server.Engine.Transport;

/// <summary>The outcome of one receive or send: bytes moved, or how it failed.</summary>
public readonly record struct IoResult(int Bytes, IoErrorKind Error)
{
    public static IoResult Aborted => new(0, IoErrorKind.Aborted);

    public static IoResult Reset => new(0, IoErrorKind.Reset);

    public bool Succeeded => Error == IoErrorKind.None;
}
