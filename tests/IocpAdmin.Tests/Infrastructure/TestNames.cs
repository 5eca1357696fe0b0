namespace IocpAdmin.Tests.Infrastructure;

/// <summary>Unique names for the resources a test creates, so tests never share a pipe.</summary>
public static class TestNames
{
    /// <summary>A pipe name unique to this call; short, because Unix socket paths are limited to 107 bytes.</summary>
    public static string Pipe() => "t" + Guid.NewGuid().ToString("N")[..16];
}
