using IocpAdmin.Server.Sessions;

namespace IocpAdmin.Web.Dashboard;

/// <summary>A client's automaton state in words (the internal name goes in a tooltip).</summary>
public static class StateNames
{
    public static string Of(SessionState state) => state switch
    {
        SessionState.WaitingForData => "waiting for a request",
        SessionState.Receiving => "receiving a request",
        SessionState.Sending => "sending answers",
        SessionState.Storing => "waiting for a commit",
        _ => "closed",
    };
}
