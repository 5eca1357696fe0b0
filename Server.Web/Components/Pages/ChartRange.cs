namespace IocpAdmin.Web.Components.Pages;

/// <summary>A time range of the Overview's charts: live (the feed, in memory) or a span read from the history.</summary>
public sealed record ChartRange(string Key, string Label, TimeSpan Span, TimeSpan LabelEvery, string LabelFormat, DateTimeOffset? End = null)
{
    public const string CustomKey = "custom";

    /// <summary>The longest custom range: the per-minute history's retention.</summary>
    public static readonly TimeSpan MaxCustomSpan = TimeSpan.FromDays(30);

    public static readonly ChartRange Live = new("live", "Live", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(30), "HH:mm:ss");

    public static IReadOnlyList<ChartRange> All { get; } =
    [
        Live,
        new("5m", "5 min", TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1), "HH:mm"),
        new("1h", "1 h", TimeSpan.FromHours(1), TimeSpan.FromMinutes(10), "HH:mm"),
        new("24h", "24 h", TimeSpan.FromHours(24), TimeSpan.FromHours(4), "HH:mm"),
        new("7d", "7 d", TimeSpan.FromDays(7), TimeSpan.FromDays(1), "ddd dd"),
    ];

    /// <summary>Labels for a range's time axis: about six of them, in a format that says enough.</summary>
    public static ChartRange Custom(DateTimeOffset from, DateTimeOffset to)
    {
        var span = to - from;
        var (every, format) = span.TotalMinutes switch
        {
            <= 15 => (TimeSpan.FromMinutes(2), "HH:mm"),
            <= 90 => (TimeSpan.FromMinutes(10), "HH:mm"),
            <= 6 * 60 => (TimeSpan.FromHours(1), "HH:mm"),
            <= 36 * 60 => (TimeSpan.FromHours(4), "dd HH:mm"),
            <= 8 * 24 * 60 => (TimeSpan.FromDays(1), "ddd dd"),
            _ => (TimeSpan.FromDays(5), "MM-dd"),
        };
        return new ChartRange(CustomKey, "Custom", span, every, format, to);
    }

    /// <summary>The range a URL's <c>?range=</c> names; anything else is live.</summary>
    public static ChartRange Of(string? key) => All.FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase)) ?? Live;
}
