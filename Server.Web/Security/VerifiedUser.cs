namespace IocpAdmin.Web.Security;

/// <summary>A user whose password checked out.</summary>
public sealed record VerifiedUser(string Name, string Role);
