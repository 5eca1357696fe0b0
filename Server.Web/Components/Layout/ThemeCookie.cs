namespace IocpAdmin.Web.Components.Layout;

/// <summary>
/// The light or dark choice, kept in a cookie the browser sends with every page, so the server
/// renders the page in that palette from its first paint (no white flash), on every page including
/// sign-in. Set by the page when the user toggles, or from the system's preference on a first visit.
/// </summary>
public static class ThemeCookie
{
    public const string Name = "IocpAdmin.Theme";

    /// <summary>True for dark, false for light, null when no choice is known yet.</summary>
    public static bool? Read(HttpContext? context) => context?.Request.Cookies[Name] switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };
}
