namespace IocpAdmin.Server.Engine;

/// <summary>
/// A growable FIFO ring of value entries, used under its owner's lock: the ports' packet queues.
/// Grows by doubling and never shrinks: the high-water mark is bounded by the outstanding operations
/// (at most a few per connection), not by traffic.
/// </summary>
internal sealed class EntryQueue<T>
    where T : struct
{
    private T[] _ring;
    private int _head;
    private int _count;

    public EntryQueue(int capacity) => _ring = new T[capacity];

    public int Count => Volatile.Read(ref _count);

    public void Enqueue(in T entry)
    {
        if (_count == _ring.Length)
        {
            var larger = new T[_ring.Length * 2];
            var firstPart = Math.Min(_count, _ring.Length - _head);
            Array.Copy(_ring, _head, larger, 0, firstPart);
            Array.Copy(_ring, 0, larger, firstPart, _count - firstPart);
            _ring = larger;
            _head = 0;
        }

        _ring[(_head + _count) % _ring.Length] = entry;
        Volatile.Write(ref _count, _count + 1);
    }

    public T Dequeue()
    {
        var entry = _ring[_head];
        _head = (_head + 1) % _ring.Length;
        Volatile.Write(ref _count, _count - 1);
        return entry;
    }
}
