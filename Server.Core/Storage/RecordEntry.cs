namespace IocpAdmin.Server.Storage;

/// <summary>A committed record as the store serves it.</summary>
public readonly record struct RecordEntry(ulong Id, int A, int B);
