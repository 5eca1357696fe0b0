using IocpAdmin.Server.Diagnostics;

namespace IocpAdmin.Web.Hubs;

/// <summary>What the dashboard hub calls on its clients.</summary>
public interface IDashboardClient
{
    /// <summary>The newest engine snapshot, at the dashboard's fixed rate (2 per second by default).</summary>
    Task SnapshotUpdated(EngineSnapshot snapshot);
}
