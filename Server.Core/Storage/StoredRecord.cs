namespace IocpAdmin.Server.Storage;

/// <summary>A row of the Records table. Ids are given by the store's writer, from 1, never reused.</summary>
public sealed class StoredRecord
{
    public long Id { get; set; }

    public int A { get; set; }

    public int B { get; set; }
}
