using System.ComponentModel;
using IocpAdmin.Cli.Connection;
using IocpAdmin.Protocol;
using Spectre.Console;
using Spectre.Console.Cli;

namespace IocpAdmin.Cli.Commands;

[Description("Check the server answers: sends PING and reports the round-trip time.")]
internal sealed class PingCommand(IAnsiConsole console) : RecordCommand<PingCommand.Settings>(console)
{
    protected override async Task<int> RunAsync(RecordClient client, Settings settings, CancellationToken cancellationToken)
    {
        var payload = new byte[settings.Size];
        Random.Shared.NextBytes(payload);
        var times = new List<double>(settings.Count);
        for (var i = 0; i < settings.Count; i++)
        {
            times.Add((await client.PingAsync(payload, cancellationToken)).TotalMilliseconds);
        }

        if (settings.Json)
        {
            WriteJson(new { pipe = settings.ToOptions().PipeName, count = times.Count, bytes = settings.Size, minMs = times.Min(), averageMs = times.Average(), maxMs = times.Max() });
        }
        else
        {
            Console.MarkupLineInterpolated(
                $"Pong from '{settings.ToOptions().PipeName}': {times.Count} x {settings.Size} bytes, min {times.Min():0.000} ms, avg {times.Average():0.000} ms, max {times.Max():0.000} ms");
        }

        return ExitCodes.Success;
    }

    internal sealed class Settings : ConnectionSettings
    {
        [CommandOption("--size <BYTES>")]
        [Description("Payload bytes to echo (0 to 65535).")]
        [DefaultValue(0)]
        public int Size { get; set; }

        [CommandOption("-n|--count <N>")]
        [Description("How many pings, one after another on one connection.")]
        [DefaultValue(1)]
        public int Count { get; set; } = 1;

        public override ValidationResult Validate()
        {
            if (Size is < 0 or > ProtocolLimits.MaxPayloadSize)
            {
                return ValidationResult.Error($"--size must be between 0 and {ProtocolLimits.MaxPayloadSize}");
            }

            return Count is < 1 or > 1_000_000 ? ValidationResult.Error("--count must be between 1 and 1000000") : base.Validate();
        }
    }
}
