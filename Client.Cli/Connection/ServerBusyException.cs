namespace IocpAdmin.Cli.Connection;

/// <summary>The server answered BUSY before running anything: safe to try again later.</summary>
internal sealed class ServerBusyException : Exception
{
    public ServerBusyException()
    {
    }

    public ServerBusyException(string message)
        : base(message)
    {
    }

    public ServerBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
