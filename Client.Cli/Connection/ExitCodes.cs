namespace IocpAdmin.Cli.Connection;

/// <summary>The CLI's exit codes (README, "Command-line client").</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server could not be reached, was busy, failed the request, or broke the protocol.</summary>
    public const int Failure = 1;

    /// <summary>The command line is wrong.</summary>
    public const int Usage = 2;

    /// <summary>The record asked for does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>The console refused the action: the token's role may not do it (an Operator token).</summary>
    public const int Forbidden = 4;
}
