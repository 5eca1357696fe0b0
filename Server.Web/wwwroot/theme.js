// Remembers the console's light or dark choice in a cookie, so the server renders the next page in
// it from the first paint. Not a secret and read by the server only: a year, this site, strict.
export function remember(mode) {
    document.cookie = `IocpAdmin.Theme=${mode === "dark" ? "dark" : "light"}; path=/; max-age=31536000; samesite=strict`;
}
