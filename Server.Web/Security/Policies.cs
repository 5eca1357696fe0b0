namespace IocpAdmin.Web.Security;

/// <summary>Authorization policy names.</summary>
public static class Policies
{
    /// <summary>Viewing the console or the hub: Operator or Support.</summary>
    public const string View = "View";

    /// <summary>Acting on clients and records: Support.</summary>
    public const string Act = "Act";

    /// <summary>The HTTP API, with an API token only (no cookie): Operator or Support tokens; what changes anything takes Support.</summary>
    public const string ApiView = "ApiView";

    /// <summary>The HTTP API's changes (disconnect, admission, lift): a Support token.</summary>
    public const string ApiAct = "ApiAct";
}
