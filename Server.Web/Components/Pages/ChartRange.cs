namespace IocpAdmin.Web.Components.Pages;

/// <summary>A time range of the Overview's charts: live (the feed, in memory) or a span read from the history.</summary>
public sealed record ChartRange(string Key, string Label, TimeSpan Span, TimeSpan LabelEvery, string LabelFormat)
{
    public static readonly ChartRange Live = new("live", "Live", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), "HH:mm:ss");

    public static IReadOnlyList<ChartRange> All { get; } =
    [
        Live,
        new("5m", "5 min", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), "HH:mm"),
        new("1h", "1 h", TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), "HH:mm"),
        new("24h", "24 h", TimeSpan.FromHours(24), TimeSpan.FromHours(4), "HH:mm"),
        new("7d", "7 d", TimeSpan.FromDays(7), TimeSpan.FromDays(1), "ddd dd"),
    ];

    /// <summary>The range a URL's <c>?range=</c> names; anything else is live.</summary>
    public static ChartRange Of(string? key) => All.FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase)) ?? Live;
}
