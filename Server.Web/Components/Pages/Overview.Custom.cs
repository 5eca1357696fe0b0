using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace IocpAdmin.Web.Components.Pages;

// The Overview's custom range: from and to (UTC) in the URL, checked, at most 30 days; zoom and
// Earlier/Later on a history range are custom ranges too, so a link or a reload keeps them.
public sealed partial class Overview
{
    private string? _customFrom;
    private string? _customTo;
    private string? _customError;

    [SupplyParameterFromQuery(Name = "from")]
    public string? FromQuery { get; set; }

    [SupplyParameterFromQuery(Name = "to")]
    public string? ToQuery { get; set; }

    /// <summary>The URL's custom range, or the last hour with a message saying what was wrong with it.</summary>
    private ChartRange CustomRange()
    {
        _customFrom = FromQuery ?? _customFrom;
        _customTo = ToQuery ?? _customTo;
        _customError = Check(FromQuery, ToQuery, out var from, out var to);
        return _customError is null ? ChartRange.Custom(from, to) : ChartRange.Custom(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow);
    }

    private void ApplyCustom()
    {
        _customError = Check(_customFrom, _customTo, out _, out _);
        if (_customError is null)
        {
            Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
            {
                ["range"] = ChartRange.CustomKey,
                ["from"] = _customFrom,
                ["to"] = _customTo,
            }), replace: true);
        }
    }

    private void ZoomIn() => Show(_chartRange.ZoomIn(DateTimeOffset.UtcNow));

    private void ZoomOut() => Show(_chartRange.ZoomOut(DateTimeOffset.UtcNow));

    private void Earlier() => Show(_chartRange.Earlier(DateTimeOffset.UtcNow));

    private void Later() => Show(_chartRange.Later(DateTimeOffset.UtcNow));

    private void Show(ChartRange range)
    {
        var (from, to) = range.Window(DateTimeOffset.UtcNow);
        _customFrom = from.UtcDateTime.ToString(UrlFormat, CultureInfo.InvariantCulture);
        _customTo = to.UtcDateTime.ToString(UrlFormat, CultureInfo.InvariantCulture);
        ApplyCustom();
    }

    private const string UrlFormat = "yyyy-MM-ddTHH:mm:ss";

    private static string? Check(string? fromText, string? toText, out DateTimeOffset from, out DateTimeOffset to)
    {
        to = default;
        if (!TryParse(fromText, out from))
        {
            return "From is a time in UTC, such as 2026-12-06T04:00.";
        }

        if (!TryParse(toText, out to))
        {
            return "To is a time in UTC, such as 2026-12-06T10:00.";
        }

        if (to <= from)
        {
            return "To comes after From.";
        }

        return to - from > ChartRange.MaxCustomSpan ? "A range is at most 30 days: the history keeps no more." : null;
    }

    private static bool TryParse(string? text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value);
}
