namespace IocpAdmin.Web.History;

/// <summary>The <c>History</c> section: where the Overview's history is kept.</summary>
public sealed class HistoryOptions
{
    public const string SectionName = "History";

    /// <summary>
    /// The history's own SQLite file; empty: <c>history.db</c> beside the records database. Its own
    /// file, so a full or broken records disk does not take the history with it, and the other way round.
    /// </summary>
    public string Path { get; set; } = "";

    /// <summary>False keeps no history: the Overview shows only what it has seen since the page opened.</summary>
    public bool Enabled { get; set; } = true;
}
