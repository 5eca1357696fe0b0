namespace IocpAdmin.Server.Engine;

/// <summary>
/// The threads asleep at a port, most recent on top (last waiter first), used under the port's
/// lock; <see cref="Count"/> is readable without it.
/// </summary>
internal sealed class WaiterStack
{
    private PortWaiter[] _waiters = new PortWaiter[16];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public void Push(PortWaiter waiter)
    {
        if (_count == _waiters.Length)
        {
            Array.Resize(ref _waiters, _waiters.Length * 2);
        }

        _waiters[_count] = waiter;
        Volatile.Write(ref _count, _count + 1);
    }

    public PortWaiter Pop()
    {
        var count = _count - 1;
        var waiter = _waiters[count];
        _waiters[count] = null!;
        Volatile.Write(ref _count, count);
        return waiter;
    }

    /// <summary>Takes out a waiter whose wait timed out (wherever it is in the stack).</summary>
    public void Remove(PortWaiter waiter)
    {
        var index = Array.LastIndexOf(_waiters, waiter, _count - 1, _count);
        if (index < 0)
        {
            return;
        }

        Array.Copy(_waiters, index + 1, _waiters, index, _count - index - 1);
        _waiters[_count - 1] = null!;
        Volatile.Write(ref _count, _count - 1);
    }

    /// <summary>Empties the stack, returning everyone in it (Close wakes them all).</summary>
    public PortWaiter[] TakeAll()
    {
        var all = _waiters[.._count];
        Array.Clear(_waiters);
        Volatile.Write(ref _count, 0);
        return all;
    }
}
