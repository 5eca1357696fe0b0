namespace IocpAdmin.Server.Engine.Windows;

/// <summary>What ConnectNamedPipe on a new instance did.</summary>
internal enum ConnectOutcome
{
    /// <summary>Waiting for a client: the completion comes through the port.</summary>
    Pending,

    /// <summary>A client connected before or as it was called (ERROR_PIPE_CONNECTED): no packet comes.</summary>
    Connected,

    /// <summary>A client connected and closed again before it was called (ERROR_NO_DATA): close the instance.</summary>
    ClientGone,

    /// <summary>Windows refused: the error says why.</summary>
    Failed,
}
