// The reconnecting banner: a non-modal bar at the top of the page, driven by Blazor's reconnect events.
const banner = document.getElementById("components-reconnect-modal");
banner.addEventListener("components-reconnect-state-changed", onStateChanged);
document.getElementById("components-reconnect-button").addEventListener("click", retry);
document.getElementById("components-resume-button").addEventListener("click", resume);

function onStateChanged(event) {
    const state = event.detail.state;
    banner.dataset.state = state;
    if (state === "show" || state === "retrying" || state === "failed" || state === "paused" || state === "resume-failed") {
        if (!banner.open) {
            banner.show();
        }
    } else if (state === "hide") {
        banner.close();
    } else if (state === "rejected") {
        location.reload();
    }
}

async function retry() {
    try {
        const reconnected = await Blazor.reconnect();
        if (!reconnected && !(await Blazor.resumeCircuit())) {
            location.reload();
        }
    } catch {
        banner.dataset.state = "failed";
    }
}

async function resume() {
    try {
        if (!(await Blazor.resumeCircuit())) {
            location.reload();
        }
    } catch {
        location.reload();
    }
}
