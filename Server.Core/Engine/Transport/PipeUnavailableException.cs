namespace IocpAdmin.Server.Engine.Transport;

/// <summary>The pipe cannot be created: its name is invalid, or another server holds it.</summary>
public sealed class PipeUnavailableException : Exception
{
    public PipeUnavailableException()
    {
    }

    public PipeUnavailableException(string message)
        : base(message)
    {
    }

    public PipeUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
