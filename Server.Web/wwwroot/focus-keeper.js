// Keeps a keyboard user's focus across live refreshes. A page that reloads its rows (the Clients
// grid does, every second) replaces the element that had the focus, and the browser then drops the
// focus to the page itself. When that happens (the focused element left the document and nothing
// else took the focus), the focus goes to the new element with the same accessible name (or test
// id): the same row's same button. A click elsewhere moves the focus itself and is left alone.
let last = null;

function keyOf(element) {
    return element?.getAttribute?.("aria-label") || element?.getAttribute?.("data-testid") || null;
}

// A control focused before this module ran (it loads after the page is parsed) is followed too.
last = keyOf(document.activeElement) ? document.activeElement : null;

document.addEventListener("focusin", event => {
    last = keyOf(event.target) ? event.target : null;
});

new MutationObserver(() => {
    if (last && !last.isConnected && (document.activeElement === document.body || document.activeElement === null)) {
        const key = keyOf(last);
        const again = [...document.querySelectorAll("[aria-label], [data-testid]")].find(element => keyOf(element) === key);
        if (again) {
            again.focus({ preventScroll: true });
        } else {
            last = null;
        }
    }
}).observe(document.documentElement, { childList: true, subtree: true });
