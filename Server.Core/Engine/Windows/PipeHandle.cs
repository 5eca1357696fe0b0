namespace IocpAdmin.Server.Engine.Windows;

/// <summary>A Win32 handle (a pipe instance), closed only when nobody is using it (<see cref="GuardedHandle"/>).</summary>
internal sealed class PipeHandle : GuardedHandle
{
    public PipeHandle(nint handle)
        : base(handle)
    {
    }

    protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
}
