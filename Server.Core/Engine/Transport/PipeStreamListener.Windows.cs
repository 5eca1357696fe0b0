using System.IO.Pipes;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;

namespace IocpAdmin.Server.Engine.Transport;

/// <content>
/// The pipe's security descriptor on Windows. Without one, a named pipe's default DACL lets
/// Everyone and Anonymous read from it; here only the named principals may open it at all.
/// Not run on this project's Linux CI: written against the documented API, to be tested on Windows.
/// </content>
internal sealed partial class PipeStreamListener
{
    [SupportedOSPlatform("windows")]
    private static PipeSecurity CreateSecurity(PipeAccessKind access, IReadOnlyList<string> groups)
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
