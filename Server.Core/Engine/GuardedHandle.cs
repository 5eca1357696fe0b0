using System.Runtime.InteropServices;

namespace IocpAdmin.Server.Engine;

/// <summary>
/// An OS handle (a socket descriptor, a Win32 pipe handle) that is closed only when nobody is
/// using it: every system call on it runs between <see cref="TryBeginUse"/> and <see cref="EndUse"/>.
/// Without this, a connection closed on one thread could have its number reused by the next accept
/// while another thread (an operator's disconnect, the timeout scan, the drain) was about to shut
/// it down or cancel its I/O: the wrong client would be cut off. Both OSes reuse the numbers.
/// </summary>
internal abstract class GuardedHandle : SafeHandle
{
    protected GuardedHandle(nint handle)
        : base(invalidHandleValue: -1, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == -1;

    /// <summary>
    /// Holds the handle open for one system call; false once it is closed or closing. Every true
    /// must be paired with <see cref="EndUse"/>, in a finally.
    /// </summary>
    public bool TryBeginUse(out nint value)
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

        value = added ? handle : -1;
        return added;
    }

    public void EndUse() => DangerousRelease();
}
