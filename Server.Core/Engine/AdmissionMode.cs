namespace IocpAdmin.Server.Engine;

/// <summary>Whether the server takes new clients, set at run time by an operator (as HAProxy's drain and maintenance).</summary>
public enum AdmissionMode
{
    /// <summary>New clients are served.</summary>
    Ready,

    /// <summary>Connected clients are served; a new one gets BUSY "draining" as its only frame.</summary>
    Drain,

    /// <summary>As <see cref="Drain"/>, and after a grace period the clients still connected are disconnected gracefully.</summary>
    Maintenance,
}
