using IocpAdmin.Server.Engine;

namespace IocpAdmin.Server.Sessions;

/// <summary>
/// The connected clients, one fixed slot each (at most <see cref="Capacity"/>). A slot's
/// generation grows each time it is reused and is part of the key, so a completion or a request
/// addressed to a connection that has ended can never reach the client that holds the slot now.
/// </summary>
internal sealed class SessionTable
{
    private readonly Lock _gate = new();
    private readonly Session?[] _slots;
    private readonly uint[] _generations;
    private readonly int[] _free;
    private int _freeCount;
    private int _count;

    public SessionTable(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new Session?[capacity];
        _generations = new uint[capacity];
        _free = new int[capacity];
        // Lowest slots on top: a lightly loaded server keeps its sessions at the front of the table.
        for (var i = 0; i < capacity; i++)
        {
            _free[i] = capacity - 1 - i;
        }

        _freeCount = capacity;
    }

    public int Capacity => _slots.Length;

    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes a free slot and puts the session <paramref name="create"/> makes for its key there; false when full.</summary>
    public bool TryAdd<TState>(Func<ulong, TState, Session> create, TState state, out Session? session)
    {
        lock (_gate)
        {
            if (_freeCount == 0)
            {
                session = null;
                return false;
            }

            var slot = _free[--_freeCount];
            var generation = ++_generations[slot];
            session = create(CompletionKeys.ForSlot(slot, generation), state);
            Volatile.Write(ref _slots[slot], session);
            _count++;
            return true;
        }
    }

    /// <summary>The session a key addresses, if it is still the one in its slot. Lock-free.</summary>
    public bool TryGet(ulong key, out Session session)
    {
        var slot = CompletionKeys.SlotOf(key);
        var found = (uint)slot < (uint)_slots.Length ? Volatile.Read(ref _slots[slot]) : null;
        session = found!;
        return found is not null && found.Key == key;
    }

    /// <summary>The connected session with this id (a scan: for admin actions, not the hot path).</summary>
    public bool TryFind(long id, out Session session)
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            var candidate = Volatile.Read(ref _slots[slot]);
            if (candidate is not null && candidate.Id == id)
            {
                session = candidate;
                return true;
            }
        }

        session = null!;
        return false;
    }

    public void Remove(Session session)
    {
        var slot = CompletionKeys.SlotOf(session.Key);
        lock (_gate)
        {
            if (!ReferenceEquals(_slots[slot], session))
            {
                return;
            }

            _slots[slot] = null;
            _free[_freeCount++] = slot;
            _count--;
        }
    }

    /// <summary>Appends the sessions connected now to <paramref name="into"/> (a moment's view: they may close right after).</summary>
    public void CopyTo(List<Session> into)
    {
        for (var slot = 0; slot < _slots.Length; slot++)
        {
            var session = Volatile.Read(ref _slots[slot]);
            if (session is not null)
            {
                into.Add(session);
            }
        }
    }
}
