namespace IocpAdmin.Web.Dashboard;

/// <summary>The signed-in user's role does not allow the action (checked on the server, whatever the UI showed).</summary>
public sealed class ForbiddenActionException : Exception
{
    public ForbiddenActionException()
    {
    }

    public ForbiddenActionException(string message)
        : base(message)
    {
    }

    public ForbiddenActionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
