using System.ComponentModel;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands.Admin;

/// <summary>Admin commands that select clients by a filter: <c>--filter KEY=VALUE</c>, repeated.</summary>
internal class ClientFilterSettings : ConsoleSettings
{
    private static readonly string[] s_keys = ["state", "verdict", "idle", "pid", "search"];

    [CommandOption("-f|--filter <KEY=VALUE>")]
    [Description("Select clients: verdict=half-frame|not-reading|waiting-for-commit|idle|active, state=Receiving|Sending|Storing|WaitingForData, idle=SECONDS (at least), pid=N, search=TEXT. Repeat to combine.")]
    public string[] Filters { get; set; } = [];

    /// <summary>The filter as the API's query parameters or JSON fields (idle and pid as numbers).</summary>
    public Dictionary<string, string> FilterValues()
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var filter in Filters)
        {
            var (key, value) = Split(filter);
            values[key] = value;
        }

        return values;
    }

    public override ValidationResult Validate()
    {
        foreach (var filter in Filters)
        {
            var index = filter.IndexOf('=', StringComparison.Ordinal);
            if (index <= 0 || index == filter.Length - 1)
            {
                return ValidationResult.Error($"--filter '{filter}' must look like KEY=VALUE (keys: {string.Join(", ", s_keys)})");
            }

            var (key, value) = Split(filter);
            if (!s_keys.Contains(key))
            {
                return ValidationResult.Error($"--filter '{filter}': unknown key '{key}' (keys: {string.Join(", ", s_keys)})");
            }

            if (key is "idle" or "pid" && !int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return ValidationResult.Error($"--filter '{filter}': {key} is a whole number");
            }
        }

        return base.Validate();
    }

    private static (string Key, string Value) Split(string filter)
    {
        var index = filter.IndexOf('=', StringComparison.Ordinal);
        return (filter[..index].Trim().ToLowerInvariant(), filter[(index + 1)..].Trim());
    }
}
