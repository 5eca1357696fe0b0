using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Engine;

// Admission at run time: Ready, Drain (no new clients), Maintenance (drain, then close the rest).
internal abstract partial class PipeEngine
{
    private static readonly byte[] s_draining = ResponseWriter.CreateReasonFrame(StatusKind.Busy,
        "the server is draining: it serves the clients already connected and takes no new ones for now");

    private static readonly byte[] s_maintenance = ResponseWriter.CreateReasonFrame(StatusKind.Busy,
        "the server is in maintenance: it takes no new clients for now");

    private int _admission;

    public AdmissionMode Admission => (AdmissionMode)Volatile.Read(ref _admission);

    /// <summary>From any thread; returns the mode it replaced. Connected clients are not touched here.</summary>
    public AdmissionMode SetAdmission(AdmissionMode mode) => (AdmissionMode)Interlocked.Exchange(ref _admission, (int)mode);

    /// <summary>The BUSY frame for a client that arrives now, or null when new clients are served.</summary>
    private byte[]? AdmissionRefusal() => Admission switch
    {
        AdmissionMode.Drain => s_draining,
        AdmissionMode.Maintenance => s_maintenance,
        _ => null,
    };
}
