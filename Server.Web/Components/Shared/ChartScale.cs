using System.Globalization;

namespace IocpAdmin.Web.Components.Shared;

/// <summary>Round axis ticks (1, 2, 2.5 or 5 × 10ⁿ) and short labels with separators and a unit: 0, 20k, 40k.</summary>
public static class ChartScale
{
    private static readonly double[] s_factors = [1, 2, 2.5, 5, 10];
    private static readonly double[] s_smallFactors = [1, 2, 5, 10];

    /// <summary>A round step that splits 0..<paramref name="max"/> into at most <paramref name="ticks"/> intervals.</summary>
    public static double Step(double max, int ticks = 4)
    {
        if (!(max > 0) || double.IsInfinity(max))
        {
            return 1;
        }

        var raw = max / ticks;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        // 2.5 only where it stays a whole number: an axis of 0, 3, 6, 9 is not round.
        foreach (var factor in magnitude >= 10 ? s_factors : s_smallFactors)
        {
            if (factor * magnitude >= raw)
            {
                return Math.Max(factor * magnitude, 1e-9);
            }
        }

        return 10 * magnitude;
    }

    /// <summary>A value as an axis or tooltip shows it: 950, 1.2k, 40k, 3.5M, with <paramref name="unit"/> after it.</summary>
    public static string Label(double value, string unit = "")
    {
        var text = Math.Abs(value) switch
        {
            >= 1_000_000 => (value / 1_000_000).ToString("0.#", CultureInfo.InvariantCulture) + "M",
            >= 10_000 => (value / 1_000).ToString("0", CultureInfo.InvariantCulture) + "k",
            >= 1_000 => (value / 1_000).ToString("0.#", CultureInfo.InvariantCulture) + "k",
            >= 10 => value.ToString("0", CultureInfo.InvariantCulture),
            _ => value.ToString("0.##", CultureInfo.InvariantCulture),
        };
        return unit.Length == 0 ? text : text + unit;
    }
}
