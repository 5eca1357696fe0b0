using System.Runtime.InteropServices;

namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// A raw socket descriptor that is closed only when nobody is using it: every system call on it
/// runs inside <see cref="TryUse"/>. Without this, a connection closed on one thread could have its
/// number reused by the next accept while another thread (an operator's disconnect, the timeout
/// scan, the drain) was about to shut it down: the wrong client would be cut off.
/// </summary>
internal sealed class SocketHandle : SafeHandle
{
    public SocketHandle(int fd)
        : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    /// <summary>
    /// Holds the descriptor open for one system call; false once it is closed or closing. Every
    /// true must be paired with <see cref="EndUse"/>, in a finally.
    /// </summary>
    public bool TryBeginUse(out int fd)
    {
        var added = false;
        try
        {
            DangerousAddRef(ref added);
        }
        catch (ObjectDisposedException)
        {
            // Closed: nothing to do on it.
        }

        fd = added ? (int)handle : -1;
        return added;
    }

    public void EndUse() => DangerousRelease();

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
