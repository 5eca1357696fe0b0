// The Overview's freshness mark: the page stamps each snapshot it shows on an element
// (data-updated, the server's time in ms); this watches for new stamps with the browser's own clock
// and, when none has come for longer than the threshold, greys the figures and says since when.
// It needs nothing from the server, so it works when the connection silently stalls.
export function watch(live, mark, thresholdMs) {
    let last = performance.now();
    const observer = new MutationObserver(() => {
        last = performance.now();
        update();
    });
    observer.observe(live, { attributes: true, attributeFilter: ["data-updated"] });
    const timer = setInterval(update, 250);

    function update() {
        if (!live.isConnected) {
            // The page was left: stop watching.
            observer.disconnect();
            clearInterval(timer);
            return;
        }

        const age = performance.now() - last;
        const stale = age > thresholdMs;
        const at = new Date(Number(live.dataset.updated)).toISOString().substring(11, 19) + " UTC";
        live.classList.toggle("feed-stale", stale);
        mark.classList.toggle("stale", stale);
        mark.dataset.stale = stale ? "true" : "false";
        mark.textContent = stale
            ? `Stale: no update for ${Math.floor(age / 1000)} s; the figures are as of ${at}`
            : `Live · updated ${at}`;
    }

    update();
}
