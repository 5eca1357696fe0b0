using System.IO.Pipes;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace IocpAdmin.Server.Engine.Transport;

/// <summary>
/// The pipe's security descriptor on Windows, for both Windows transports (the Win32 source's
/// instances and <see cref="PipeStreamListener"/>). Without one, a named pipe's default DACL lets
/// Everyone and Anonymous read from it; here only the named principals may open it at all, and only
/// the server's own account (and LocalSystem) may create further instances of it: clients get read
/// and write, not FILE_CREATE_PIPE_INSTANCE, so no other process can squat on the name.
/// </summary>
internal static class PipeAcl
{
    [SupportedOSPlatform("windows")]
    public static PipeSecurity Create(PipeAccessKind access, IReadOnlyList<string> groups)
    {
        var security = new PipeSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        using (var identity = WindowsIdentity.GetCurrent())
        {
            var self = identity.User ?? throw new PipeUnavailableException("The server's Windows account has no security identifier.");
            security.SetOwner(self);
            // The account the server runs as (the service account) creates every new instance.
            security.AddAccessRule(new PipeAccessRule(self, PipeAccessRights.FullControl, AccessControlType.Allow));
        }

        security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null),
            PipeAccessRights.FullControl, AccessControlType.Allow));
        foreach (var name in groups)
        {
            SecurityIdentifier sid;
            try
            {
                sid = (SecurityIdentifier)new NTAccount(name).Translate(typeof(SecurityIdentifier));
            }
            catch (IdentityNotMappedException ex)
            {
                throw new PipeUnavailableException($"Engine:PipeGroups: '{name}' is not a known Windows account or group.", ex);
            }

            security.AddAccessRule(new PipeAccessRule(sid, PipeAccessRights.ReadWrite, AccessControlType.Allow));
        }

        if (access == PipeAccessKind.Everyone)
        {
            security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.WorldSid, null),
                PipeAccessRights.ReadWrite, AccessControlType.Allow));
        }

        return security;
    }
}
