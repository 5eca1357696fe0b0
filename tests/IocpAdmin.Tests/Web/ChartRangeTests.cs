using IocpAdmin.Web.Components.Pages;

namespace IocpAdmin.Tests.Web;

/// <summary>The Overview's zoom and Earlier/Later: the windows they give, and where they stop.</summary>
public sealed class ChartRangeTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ZoomIn_OnAPresetRange_HalvesTheSpanAroundItsMiddle()
    {
        var zoomed = ChartRange.Of("1h").ZoomIn(Now);

        Assert.Equal(ChartRange.CustomKey, zoomed.Key);
        Assert.Equal((Now.AddMinutes(-45), Now.AddMinutes(-15)), zoomed.Window(Now));
    }

    [Fact]
    public void ZoomIn_WithinTheLastDay_StopsAtAMinute()
    {
        var range = ChartRange.Custom(Now.AddSeconds(-90), Now);

        var zoomed = range.ZoomIn(Now);

        Assert.Equal(ChartRange.MinZoomSpan, zoomed.Span);
        Assert.False(zoomed.CanZoomIn(Now));
        Assert.Equal((Now.AddSeconds(-75), Now.AddSeconds(-15)), zoomed.Window(Now));
    }

    [Fact]
    public void ZoomOut_ThatWouldEndAfterNow_KeepsTheDoubledSpanAndEndsNow()
    {
        var range = ChartRange.Custom(Now.AddMinutes(-10), Now.AddMinutes(-2));

        var zoomed = range.ZoomOut(Now);

        Assert.Equal((Now.AddMinutes(-16), Now), zoomed.Window(Now));
    }

    [Fact]
    public void ZoomOut_InThePast_DoublesTheSpanAroundItsMiddle()
    {
        var range = ChartRange.Custom(Now.AddHours(-5), Now.AddHours(-3));

        Assert.Equal((Now.AddHours(-6), Now.AddHours(-2)), range.ZoomOut(Now).Window(Now));
    }

    [Fact]
    public void ZoomOut_FromSevenDays_StopsAtThirtyDays()
    {
        var zoomed = ChartRange.Of("7d").ZoomOut(Now).ZoomOut(Now).ZoomOut(Now);

        Assert.Equal(ChartRange.MaxCustomSpan, zoomed.Span);
        Assert.False(zoomed.CanZoomOut);
        Assert.Equal(Now, zoomed.Window(Now).To);
    }

    [Fact]
    public void Earlier_ThenLater_ComeBackToTheSameWindow()
    {
        var earlier = ChartRange.Of("24h").Earlier(Now);

        Assert.Equal((Now.AddHours(-36), Now.AddHours(-12)), earlier.Window(Now));
        Assert.True(earlier.CanGoLater(Now));
        Assert.Equal((Now.AddHours(-24), Now), earlier.Later(Now).Window(Now));
    }

    [Fact]
    public void CanGoLater_OnARangeEndingNow_IsFalse()
    {
        Assert.False(ChartRange.Of("5m").CanGoLater(Now));
        Assert.False(ChartRange.Custom(Now.AddMinutes(-5), Now).CanGoLater(Now));
    }

    [Fact]
    public void Later_PastNow_EndsNow()
    {
        var range = ChartRange.Custom(Now.AddHours(-2).AddMinutes(-10), Now.AddMinutes(-10));

        Assert.Equal((Now.AddHours(-2), Now), range.Later(Now).Window(Now));
    }

    [Fact]
    public void ZoomIn_OfAnOddSpan_GivesWholeSeconds()
    {
        var range = ChartRange.Custom(Now.AddSeconds(-61), Now.AddMilliseconds(-300));

        var (from, to) = range.ZoomIn(Now).Window(Now);

        Assert.Equal(0, from.UtcTicks % TimeSpan.TicksPerSecond);
        Assert.Equal(0, to.UtcTicks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void EarlierThenLater_OfAnOddSpan_ComeBackToTheSameWindow()
    {
        var range = ChartRange.Custom(Now.AddSeconds(-3301), Now.AddSeconds(-3000));

        Assert.Equal(range.Window(Now), range.Earlier(Now).Later(Now).Window(Now));
    }

    [Fact]
    public void ZoomIn_OlderThanADay_StopsAtTenMinutes()
    {
        // Past the last 24 h the history keeps a point a minute: a one-minute window would be one point.
        var range = ChartRange.Custom(Now.AddDays(-3), Now.AddDays(-3).AddMinutes(15));

        var zoomed = range.ZoomIn(Now);

        Assert.Equal(ChartRange.MinZoomSpanOfMinutes, zoomed.Span);
        Assert.False(zoomed.CanZoomIn(Now));
    }

    [Fact]
    public void CanGoEarlier_AtTheOldestMinuteKept_IsFalse()
    {
        Assert.True(ChartRange.Of("7d").CanGoEarlier(Now));
        Assert.False(ChartRange.Custom(Now.AddDays(-30), Now.AddDays(-29)).CanGoEarlier(Now));
    }

    [Fact]
    public void Custom_OfAFewMinutes_LabelsItsAxisInSeconds()
    {
        var range = ChartRange.Custom(Now.AddMinutes(-2), Now);

        Assert.Equal(TimeSpan.FromSeconds(30), range.LabelEvery);
        Assert.Equal("HH:mm:ss", range.LabelFormat);
    }
}
