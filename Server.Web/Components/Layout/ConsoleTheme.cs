using MudBlazor;

namespace IocpAdmin.Web.Components.Layout;

/// <summary>The console's theme. System fonts only: the console must work with no internet access.</summary>
internal static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        Typography = new Typography
        {
            Default = new DefaultTypography
            {
                FontFamily = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"],
            },
        },
        PaletteLight = new PaletteLight { Primary = "#1565c0", AppbarBackground = "#1565c0" },
        // MudBlazor's dark stripe (20 % white) under 70 %-white text left alternate rows near 4:1;
        // a faint stripe keeps rows apart and the text readable.
        PaletteDark = new PaletteDark { Primary = "#64b5f6", TableStriped = "rgba(255,255,255,0.04)" },
    };
}
