namespace IocpAdmin.Server.Engine;

/// <summary>An object with operations outstanding on a kernel queue, named there by a token.</summary>
internal interface IPortTarget
{
    /// <summary>Its entry in the port's <see cref="TargetTable{TTarget}"/>; 0 when it has none.</summary>
    ulong Token { get; set; }

    /// <summary>
    /// The port's kernel queue is closed with this target still registered: release what can be.
    /// True when an operation was still in the kernel (its buffer is then left alone: the kernel's
    /// asynchronous teardown may still touch it).
    /// </summary>
    bool OnPortClosed();
}

/// <summary>
/// What a kernel completion's token (an io_uring user_data, an epoll data, a Win32 completion key)
/// refers to: a slot index plus one in the low half, the slot's generation in the high half, like
/// session keys. A completion that arrives for a target already gone finds another generation (or
/// nothing) and is dropped, so no GCHandle is ever dereferenced after its object went away.
/// </summary>
internal sealed class TargetTable<TTarget>
    where TTarget : class, IPortTarget
{
    private readonly Lock _gate = new();
    private TTarget?[] _targets = new TTarget?[64];
    private uint[] _generations = new uint[64];
    private int[] _free = new int[64];
    private int _freeCount;
    private int _used;
    private int _count;

    /// <summary>Targets registered now.</summary>
    public int Count => Volatile.Read(ref _count);

    public ulong Register(TTarget target)
    {
        lock (_gate)
        {
            int slot;
            if (_freeCount > 0)
            {
                slot = _free[--_freeCount];
            }
            else
            {
                if (_used == _targets.Length)
                {
                    // Readers see either array: a target is only looked up after its registration
                    // returned (its operation was queued later), by when the new array is published.
                    var targets = new TTarget?[_targets.Length * 2];
                    Array.Copy(_targets, targets, _used);
                    Array.Resize(ref _generations, targets.Length);
                    Array.Resize(ref _free, targets.Length);
                    Volatile.Write(ref _targets, targets);
                }

                slot = _used++;
            }

            var token = ((ulong)++_generations[slot] << 32) | (uint)(slot + 1);
            target.Token = token;
            Volatile.Write(ref _targets[slot], target);
            Volatile.Write(ref _count, _count + 1);
            return token;
        }
    }

    public void Unregister(TTarget target)
    {
        lock (_gate)
        {
            var token = target.Token;
            var slot = (int)(uint)token - 1;
            if (token == 0 || slot >= _used || !ReferenceEquals(_targets[slot], target))
            {
                return;
            }

            target.Token = 0;
            Volatile.Write(ref _targets[slot], null);
            _free[_freeCount++] = slot;
            Volatile.Write(ref _count, _count - 1);
        }
    }

    /// <summary>The target <paramref name="token"/> names, or null when it is gone (lock-free).</summary>
    public TTarget? Find(ulong token)
    {
        var slot = (int)(uint)token - 1;
        var targets = Volatile.Read(ref _targets);
        if (slot < 0 || slot >= targets.Length)
        {
            return null;
        }

        var target = Volatile.Read(ref targets[slot]);
        return target is not null && target.Token == token ? target : null;
    }

    /// <summary>Every target still registered (when the port closes).</summary>
    public List<TTarget> Snapshot()
    {
        lock (_gate)
        {
            var all = new List<TTarget>();
            for (var i = 0; i < _used; i++)
            {
                if (_targets[i] is { } target)
                {
                    all.Add(target);
                }
            }

            return all;
        }
    }
}
