namespace IocpAdmin.Server.Sessions;

/// <summary>What one history entry records.</summary>
public enum HistoryEventKind : byte
{
    /// <summary>The automaton moved to <see cref="HistoryEvent.State"/>.</summary>
    State,

    /// <summary>A request was answered: its opcode, its frame's size, the status sent.</summary>
    Request,

    /// <summary>A batch of writes came back from the store: how many, and the status.</summary>
    Commit,
}
