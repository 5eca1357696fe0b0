using IocpAdmin.Protocol;

namespace IocpAdmin.Server.Storage;

/// <summary>One ADD or DELETE in a <see cref="StoreBatch"/>, and its outcome once the store has run it.</summary>
internal struct WriteOperation
{
    /// <summary><see cref="RequestKind.Add"/> or <see cref="RequestKind.Delete"/>.</summary>
    public RequestKind Kind;

    /// <summary>ADD: the record.</summary>
    public int A;

    public int B;

    /// <summary>DELETE: the id to delete. ADD: the id the store gave, once committed.</summary>
    public ulong Id;

    /// <summary>OK, NOT_FOUND (DELETE of an absent id) or ERROR (see <see cref="StoreBatch.ErrorReason"/>).</summary>
    public StatusKind Status;
}
