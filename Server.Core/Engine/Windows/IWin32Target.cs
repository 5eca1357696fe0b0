namespace IocpAdmin.Server.Engine.Windows;

/// <summary>A pipe instance with overlapped operations on the Win32 port, named there by its completion key (its token).</summary>
internal unsafe interface IWin32Target : IPortTarget
{
    /// <summary>
    /// Runs on the worker that dequeued the completion of the operation <paramref name="overlapped"/>
    /// names (its status and byte count are in the OVERLAPPED itself). True with the packet to run;
    /// false when nothing more is to be done (an instance cancelled as the listener closed).
    /// </summary>
    bool OnCompletion(NativeOverlapped* overlapped, out CompletionPacket packet);

    /// <summary>The port closes and this target's operations did not come back in time: close the handle, leave the memory the kernel may still write.</summary>
    void Abandon();
}
