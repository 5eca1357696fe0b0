namespace IocpAdmin.Web.Components.Layout;

/// <summary>The palette the page was requested with (from <see cref="ThemeCookie"/>): cascaded to the layout.</summary>
/// <param name="Dark">True for dark, false for light, null when the browser has not chosen yet.</param>
public sealed record ThemeChoice(bool? Dark);
