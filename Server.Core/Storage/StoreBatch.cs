using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Storage;

/// <summary>
/// A run of consecutive ADD and DELETE requests from one client, submitted to the store together
/// and committed in one transaction (with other clients' batches). Reused by its owner for the
/// life of the connection: no allocation per request once it has grown to the client's habit.
/// </summary>
internal sealed class StoreBatch
{
    // Starts small (an idle or read-only client costs 8 x 24 bytes) and doubles up to the capacity.
    private const int InitialSize = 8;

    private readonly int _capacity;
    private WriteOperation[] _operations;

    public StoreBatch(IStoreCompletionSink owner, int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Owner = owner;
        _capacity = capacity;
        _operations = new WriteOperation[Math.Min(capacity, InitialSize)];
    }

    public IStoreCompletionSink Owner { get; }

    public int Count { get; private set; }

    public bool IsFull => Count == _capacity;

    /// <summary>Why every operation of the batch got ERROR (the transaction failed), or null.</summary>
    public string? ErrorReason { get; internal set; }

    public ref WriteOperation this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return ref _operations[index];
        }
    }

    public void AddInsert(int a, int b) => Append(new WriteOperation { Kind = RequestKind.Add, A = a, B = b });

    public void AddDelete(ulong id) => Append(new WriteOperation { Kind = RequestKind.Delete, Id = id });

    public void Clear()
    {
        Count = 0;
        ErrorReason = null;
    }

    private void Append(in WriteOperation operation)
    {
        if (IsFull)
        {
            throw new InvalidOperationException("The batch is full; submit it first.");
        }

        if (Count == _operations.Length)
        {
            Array.Resize(ref _operations, Math.Min(_capacity, _operations.Length * 2));
        }

        _operations[Count++] = operation;
    }
}
