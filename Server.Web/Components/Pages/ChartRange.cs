using IocpAdmin.Web.History;

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
            <= 3 => (TimeSpan.FromSeconds(30), "HH:mm:ss"),
            <= 15 => (TimeSpan.FromMinutes(2), "HH:mm"),
            <= 90 => (TimeSpan.FromMinutes(10), "HH:mm"),
            <= 6 * 60 => (TimeSpan.FromHours(1), "HH:mm"),
            <= 36 * 60 => (TimeSpan.FromHours(4), "dd HH:mm"),
            <= 8 * 24 * 60 => (TimeSpan.FromDays(1), "ddd dd"),
            _ => (TimeSpan.FromDays(5), "MM-dd"),
        };
        return new ChartRange(CustomKey, "Custom", span, every, format, to);
    }

    /// <summary>The narrowest zoom within the last 24 h: a minute, 60 one-second points.</summary>
    public static readonly TimeSpan MinZoomSpan = TimeSpan.FromMinutes(1);

    /// <summary>The narrowest zoom further back, where the history keeps a point a minute: 10 of them.</summary>
    public static readonly TimeSpan MinZoomSpanOfMinutes = TimeSpan.FromMinutes(10);

    public bool CanZoomIn(DateTimeOffset now) => Span > Narrowest(Window(now).From, now);

    public bool CanZoomOut => Span < MaxCustomSpan;

    /// <summary>Earlier is possible while the range starts after the oldest minute the history keeps.</summary>
    public bool CanGoEarlier(DateTimeOffset now) => Window(now).From > now - HistoryStore.MinutesKept;

    /// <summary>Later is possible while the range ends before now (by more than a second's rounding).</summary>
    public bool CanGoLater(DateTimeOffset now) => Window(now).To < now.AddSeconds(-1);

    /// <summary>The times this range shows: a preset range ends now, a custom one where it was set.</summary>
    public (DateTimeOffset From, DateTimeOffset To) Window(DateTimeOffset now)
    {
        var to = End ?? now;
        return (to - Span, to);
    }

    /// <summary>Half the span around the same middle, down to a minute (10 minutes past the last 24 h).</summary>
    public ChartRange ZoomIn(DateTimeOffset now)
    {
        var (from, _) = Window(now);
        var middle = from + Half;
        var span = Max(Span / 2, Narrowest(middle - (Span / 4), now));
        return Between(middle - (span / 2), middle + (span / 2), now);
    }

    /// <summary>Twice the span around the same middle, up to 30 days, ending no later than now.</summary>
    public ChartRange ZoomOut(DateTimeOffset now)
    {
        var (from, _) = Window(now);
        var middle = from + Half;
        var span = Min(Span * 2, MaxCustomSpan);
        return Between(middle - (span / 2), middle + (span / 2), now);
    }

    /// <summary>The same span, half of it earlier.</summary>
    public ChartRange Earlier(DateTimeOffset now)
    {
        var (from, to) = Window(now);
        return Between(from - Half, to - Half, now);
    }

    /// <summary>The same span, half of it later, ending no later than now.</summary>
    public ChartRange Later(DateTimeOffset now)
    {
        var (from, to) = Window(now);
        return Between(from + Half, to + Half, now);
    }

    // Half the span in whole seconds, so that Earlier and Later undo each other exactly.
    private TimeSpan Half => TimeSpan.FromSeconds(Math.Floor(Span.TotalSeconds / 2));

    // The history reads seconds only for a range that starts within the last 24 h (HistoryStore.Read).
    private static TimeSpan Narrowest(DateTimeOffset from, DateTimeOffset now) =>
        from >= now - HistoryStore.SecondsKept ? MinZoomSpan : MinZoomSpanOfMinutes;

    // A custom range in whole seconds (the URL's precision) that does not reach past now: a range
    // pushed past now keeps its span and ends now.
    private static ChartRange Between(DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var span = TimeSpan.FromSeconds(Math.Round((to - from).TotalSeconds));
        to = Truncate(to > now ? now : to);
        return Custom(to - span, to);
    }

    private static DateTimeOffset Truncate(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The range a URL's <c>?range=</c> names; anything else is live.</summary>
    public static ChartRange Of(string? key) => All.FirstOrDefault(r => string.Equals(r.Key, key, StringComparison.OrdinalIgnoreCase)) ?? Live;
}
