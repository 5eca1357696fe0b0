namespace IocpAdmin.Server.Engine.Windows;

/// <summary>What ConnectNamedPipe on a new instance did.</summary>
internal enum ConnectOutcome
{
    /// <summary>Waiting for a client: the completion comes through the port.</summary>
    Pending,

    /// <summary>A client connected before or as it was called (ERROR_PIPE_CONNECTED; ERROR_NO_DATA if it also closed, its bytes still to be read): no packet comes.</summary>
    Connected,

    /// <summary>The instance broke before a client could be taken (ERROR_BROKEN_PIPE): close it.</summary>
    ClientGone,

    /// <summary>Windows refused: the error says why.</summary>
    Failed,
}
