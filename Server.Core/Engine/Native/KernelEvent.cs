namespace IocpAdmin.Server.Engine.Native;

/// <summary>
/// One entry of a kernel queue, as reaped: an io_uring CQE (token, result, flags) or an epoll
/// event (token, event mask). The token names a <see cref="INativeTarget"/> in the port's
/// <see cref="TargetTable{TTarget}"/>; 0 names nothing (a wake-up or a cancel's own completion).
/// </summary>
internal readonly record struct KernelEvent(ulong Token, int Result, uint Flags);

/// <summary>An object with operations outstanding on a Linux kernel queue: a listener or a connection.</summary>
internal interface INativeTarget : IPortTarget
{
    /// <summary>
    /// Runs on the worker that dequeued <paramref name="kernelEvent"/>: finishes the operation it
    /// reports (an epoll source does the receive or send here). True with the packet to run; false
    /// when the event needed nothing more (a send with bytes left was re-armed, a spurious wake-up).
    /// </summary>
    bool OnEvent(in KernelEvent kernelEvent, out CompletionPacket packet);
}
