namespace IocpAdmin.Web.Security;

/// <summary>
/// The failed sign-ins of one account, as the console database keeps them (table
/// <c>AccountLockouts</c>), so a restart neither forgets a lock nor hands a guesser a fresh count.
/// A row exists only for an account with failures or locks since its last good sign-in or unlock.
/// </summary>
public sealed class AccountLockout
{
    /// <summary>The account's name, lower-cased (configured users match names without case).</summary>
    public required string UserName { get; set; }

    /// <summary>Failed sign-ins since <see cref="WindowStartUtc"/>.</summary>
    public int Failures { get; set; }

    /// <summary>When the first failure counted in <see cref="Failures"/> came.</summary>
    public DateTime WindowStartUtc { get; set; }

    /// <summary>Refused until then, whatever the password and the address; null when not locked.</summary>
    public DateTime? LockedUntilUtc { get; set; }

    /// <summary>Locks since the last good sign-in or unlock: each lasts twice the one before.</summary>
    public int Locks { get; set; }

    /// <summary>The address of the latest failure, for the Audit page.</summary>
    public string? LastFailureFrom { get; set; }
}
