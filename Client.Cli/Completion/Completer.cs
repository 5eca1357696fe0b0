using System.Reflection;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Completion;

/// <summary>
/// What a shell offers for the word being typed, given the words before it: a command (or a
/// branch's subcommand), an option of the command, or a value of the option or argument. Run as
/// <c>iocpadmin __complete WORD...</c> by the scripts <c>iocpadmin completion bash|zsh|powershell</c> print,
/// before the command-line parser sees anything (the words may be half-typed options).
/// </summary>
internal static class Completer
{
    public const string Verb = "__complete";

    public static IReadOnlyList<string> Complete(IReadOnlyList<string> words)
    {
        var current = words.Count == 0 ? "" : words[^1];
        var before = words.Take(Math.Max(0, words.Count - 1)).ToList();
        var command = CompletionCatalog.Commands
            .Where(c => c.Words.Length <= before.Count && c.Words.SequenceEqual(before.Take(c.Words.Length), StringComparer.Ordinal))
            .MaxBy(c => c.Words.Length);
        if (command is null)
        {
            // Still choosing a command: the next word of every command that starts with the words so far.
            var next = CompletionCatalog.Commands
                .Where(c => c.Words.Length > before.Count && c.Words.Take(before.Count).SequenceEqual(before, StringComparer.Ordinal))
                .Select(c => c.Words[before.Count]);
            return Matching(next, current);
        }

        var options = Options(command.Settings);
        if (before.Count > command.Words.Length && options.TryGetValue(before[^1], out var takesValue) && takesValue)
        {
            var name = LongName(command.Settings, before[^1]);
            return CompletionCatalog.OptionValues.TryGetValue(name, out var values) ? Matching(values, current) : [];
        }

        if (current.StartsWith('-') || command.Arguments is null)
        {
            return Matching(options.Keys.Where(o => o.StartsWith("--", StringComparison.Ordinal)), current);
        }

        return Matching(command.Arguments, current);
    }

    /// <summary>Every option's names (<c>-p</c>, <c>--pipe</c>) and whether it takes a value.</summary>
    private static Dictionary<string, bool> Options(Type settings)
    {
        var options = new Dictionary<string, bool>(StringComparer.Ordinal) { ["--help"] = false, ["-h"] = false };
        foreach (var property in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is not { } option)
            {
                continue;
            }

            var takesValue = property.PropertyType != typeof(bool);
            foreach (var name in option.LongNames)
            {
                options["--" + name] = takesValue;
            }

            foreach (var name in option.ShortNames)
            {
                options["-" + name] = takesValue;
            }
        }

        return options;
    }

    private static string LongName(Type settings, string given)
    {
        foreach (var property in settings.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<CommandOptionAttribute>() is { } option
                && (option.LongNames.Any(n => "--" + n == given) || option.ShortNames.Any(n => "-" + n == given)))
            {
                return option.LongNames.Count > 0 ? "--" + option.LongNames[0] : given;
            }
        }

        return given;
    }

    private static List<string> Matching(IEnumerable<string> candidates, string prefix) =>
        candidates.Where(c => c.StartsWith(prefix, StringComparison.Ordinal)).Distinct().Order(StringComparer.Ordinal).ToList();
}
