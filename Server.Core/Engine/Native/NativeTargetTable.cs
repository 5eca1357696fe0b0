namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// What a kernel event's token (its io_uring user_data or epoll data) refers to: a slot index plus
/// one in the low half, the slot's generation in the high half, like session keys. An event that
/// arrives for a target already gone finds another generation (or nothing) and is dropped, so no
/// GCHandle is ever dereferenced after its object went away.
/// </summary>
internal sealed class NativeTargetTable
{
    private readonly Lock _gate = new();
    private INativeTarget?[] _targets = new INativeTarget?[64];
    private uint[] _generations = new uint[64];
    private int[] _free = new int[64];
    private int _freeCount;
    private int _used;

    public ulong Register(INativeTarget target)
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
                    var targets = new INativeTarget?[_targets.Length * 2];
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
            return token;
        }
    }

    public void Unregister(INativeTarget target)
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
        }
    }

    /// <summary>The target <paramref name="token"/> names, or null when it is gone (lock-free).</summary>
    public INativeTarget? Find(ulong token)
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
    public List<INativeTarget> Snapshot()
    {
        lock (_gate)
        {
            var all = new List<INativeTarget>();
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
