namespace IocpAdmin.Web.Dashboard;

/// <summary>The action was asked for with input it cannot run with (its message says what to change); nothing was done.</summary>
public sealed class InvalidActionException : Exception
{
    public InvalidActionException()
    {
    }

    public InvalidActionException(string message)
        : base(message)
    {
    }

    public InvalidActionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
