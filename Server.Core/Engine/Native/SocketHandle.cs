namespace IocpAdmin.Server.Engine.Native;

/// <summary>A raw socket descriptor, closed only when nobody is using it (<see cref="GuardedHandle"/>).</summary>
internal sealed class SocketHandle : GuardedHandle
{
    public SocketHandle(int fd)
        : base(fd)
    {
    }

    /// <summary>Holds the descriptor open for one system call (<see cref="GuardedHandle.TryBeginUse"/>).</summary>
    public bool TryBeginUse(out int fd)
    {
        var used = TryBeginUse(out nint value);
        fd = (int)value;
        return used;
    }

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
