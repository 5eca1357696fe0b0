using System.ComponentModel.DataAnnotations;

namespace IocpAdmin.Web.Dashboard;

/// <summary>How often the dashboard and the hub get a snapshot (configuration section <c>Dashboard</c>).</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Between snapshots; a few per second at most, whatever the load.</summary>
    [Range(250, 10_000, ErrorMessage = "Dashboard:IntervalMilliseconds must be between {1} and {2}.")]
    public int IntervalMilliseconds { get; set; } = 500;

    /// <summary>How many snapshots the live charts keep (at 500 ms, 240 are the last 2 minutes).</summary>
    [Range(10, 3_600, ErrorMessage = "Dashboard:HistoryLength must be between {1} and {2}.")]
    public int HistoryLength { get; set; } = 240;
}
