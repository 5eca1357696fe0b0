namespace IocpAdmin.Server.Engine.Windows;

/// <summary>A Win32 handle (a pipe instance, the completion port), closed only when nobody is using it (<see cref="GuardedHandle"/>).</summary>
internal sealed class Win32Handle : GuardedHandle
{
    public Win32Handle(nint handle)
        : base(handle)
    {
    }

    protected override bool ReleaseHandle() => Kernel32.CloseHandle(handle);
}
