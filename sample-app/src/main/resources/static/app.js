// The live page: polls the replicarouting Actuator endpoint and the sample's routing history every
// second, and the demo controls' status when the app runs on its embedded cluster. Plain DOM, no
// framework: what it shows is exactly what those JSON documents say.
"use strict";

const POLL_MILLIS = 1000;
const READ_REASONS = ["read-only", "read-your-writes", "fallback"];
const COLORS = ["#6d28d9", "#0891b2", "#ea580c", "#16a34a", "#db2777", "#ca8a04"];

const state = {
    targets: [],          // names, primary first
    previousStates: {},   // name -> last state seen, for the activity log
    demo: null,           // demo status, or null outside the embedded mode
    busy: false,
};

const $ = (selector) => document.querySelector(selector);

function color(name) {
    const index = state.targets.indexOf(name);
    return COLORS[(index < 0 ? state.targets.length : index) % COLORS.length];
}

async function getJson(url, options) {
    const response = await fetch(url, Object.assign({ headers: { Accept: "application/json" } }, options));
    if (!response.ok) {
        const error = new Error(url + " answered " + response.status);
        error.status = response.status;
        throw error;
    }
    return response.json();
}

function log(message) {
    const item = document.createElement("li");
    const time = document.createElement("time");
    time.textContent = new Date().toLocaleTimeString();
    item.append(time, message);
    $("#log").prepend(item);
    while ($("#log").children.length > 50) {
        $("#log").lastChild.remove();
    }
}

// ---- topology ------------------------------------------------------------------------------

function readShares(history, routes) {
    // Reads per target over the last minute; since start when the last minute had none.
    const recent = {};
    history.buckets.slice(-60 / history.bucketSeconds).forEach((bucket) => {
        Object.entries(bucket.reads).forEach(([target, count]) => {
            recent[target] = (recent[target] || 0) + count;
        });
    });
    let counts = recent;
    let period = "last minute";
    if (Object.values(recent).reduce((a, b) => a + b, 0) === 0) {
        counts = {};
        Object.entries(routes || {}).forEach(([target, reasons]) => {
            counts[target] = READ_REASONS.reduce((sum, reason) => sum + (reasons[reason] || 0), 0);
        });
        period = "since start";
    }
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const shares = {};
    state.targets.forEach((target) => {
        shares[target] = total > 0 ? (counts[target] || 0) / total : 0;
    });
    return { shares, period };
}

function card(name) {
    let element = document.querySelector(`.target[data-target="${name}"]`);
    if (element) {
        return element;
    }
    element = document.createElement("article");
    element.className = "target";
    element.dataset.target = name;
    element.style.setProperty("--color", color(name));
    element.innerHTML = `
        <h3><span class="name"></span><span class="badge state"></span></h3>
        <dl>
            <dt>lag</dt><dd class="lag"></dd>
            <dt>breaker</dt><dd class="breaker"></dd>
            <dt>reads served</dt><dd class="share"></dd>
            <dt>routed (total)</dt><dd class="total"></dd>
            <dt>pool</dt><dd class="pool"></dd>
        </dl>
        <div class="share-bar"><div></div></div>
        <div class="url"></div>
        <div class="replica-controls"></div>`;
    element.querySelector(".name").textContent = name;
    $("#targets").append(element);
    return element;
}

function renderTopology(topology, history) {
    const replicas = topology.replicas || {};
    state.targets = ["primary", ...Object.keys(replicas)];
    const { shares, period } = readShares(history, topology.routes);
    const all = Object.assign({ primary: topology.primary }, replicas);
    Object.entries(all).forEach(([name, details]) => {
        const element = card(name);
        const badge = element.querySelector(".state");
        badge.textContent = details.state;
        badge.dataset.state = details.state;
        element.dataset.state = details.state;
        element.querySelector(".lag").textContent = name === "primary" ? "—" : details.lag;
        element.querySelector(".breaker").textContent = name === "primary" ? "—"
            : `${details.circuitBreaker} (failure rate ${details.failureRate < 0 ? "n/a" : details.failureRate + " %"})`;
        element.querySelector(".share").textContent = `${Math.round(shares[name] * 100)} % (${period})`;
        const routes = (topology.routes || {})[name] || {};
        element.querySelector(".total").textContent = Object.entries(routes)
            .map(([reason, count]) => `${count} ${reason}`).join(", ") || "0";
        element.querySelector(".pool").textContent = `${details.active} active, ${details.idle} idle`;
        element.querySelector(".share-bar > div").style.width = `${shares[name] * 100}%`;
        element.querySelector(".url").textContent = details.url;
        const previous = state.previousStates[name];
        if (previous && previous !== details.state) {
            log(`${name}: ${previous} → ${details.state}`);
        }
        state.previousStates[name] = details.state;
    });
    renderReplicaControls(Object.keys(replicas), replicas);
}

// ---- chart ---------------------------------------------------------------------------------

function renderChart(history) {
    const svg = $("#chart");
    const width = 900;
    const height = 220;
    const top = 10;
    const bottom = 20;
    const left = 34;
    const buckets = history.buckets;
    const totals = buckets.map((bucket) => state.targets.map((target) =>
        (bucket.reads[target] || 0) + (bucket.writes[target] || 0)));
    const max = Math.max(5, ...totals.map((values) => values.reduce((a, b) => a + b, 0)));
    const slot = (width - left) / buckets.length;
    const scale = (height - top - bottom) / max;
    let content = "";
    [0, 0.5, 1].forEach((fraction) => {
        const y = height - bottom - fraction * max * scale;
        content += `<line x1="${left}" x2="${width}" y1="${y}" y2="${y}" stroke="#e5e7eb"/>`
            + `<text x="2" y="${y + 3}">${Math.round(fraction * max)}</text>`;
    });
    totals.forEach((values, index) => {
        let y = height - bottom;
        values.forEach((value, target) => {
            if (value > 0) {
                const h = value * scale;
                y -= h;
                content += `<rect x="${left + index * slot + 1}" y="${y}" width="${Math.max(1, slot - 2)}" `
                    + `height="${h}" fill="${color(state.targets[target])}"><title>${state.targets[target]}: `
                    + `${value}</title></rect>`;
            }
        });
    });
    [["-5 min", 0], ["-2.5 min", 0.5], ["now", 1]].forEach(([label, fraction]) => {
        const x = left + fraction * (width - left - 30);
        content += `<text x="${x}" y="${height - 5}">${label}</text>`;
    });
    svg.innerHTML = content;
    $("#legend").innerHTML = state.targets
        .map((target) => `<span style="--color:${color(target)}">${target}</span>`).join("");
}

// ---- demo controls (embedded mode only) ----------------------------------------------------

function renderReplicaControls(names, replicas) {
    names.forEach((name) => {
        const controls = card(name).querySelector(".replica-controls");
        if (!state.demo) {
            controls.replaceChildren();
            return;
        }
        const node = state.demo.replicas[name] || {};
        const ejected = replicas[name].state === "EJECTED";
        const wanted = node.running === false ? [["restart", "Restart"]] : [
            node.replayPaused ? ["resume", "Resume replay"] : ["pause", "Pause replay"],
            ["kill", "Kill"],
        ];
        wanted.push(ejected ? ["readmit", "Readmit"] : ["eject", "Eject"]);
        const key = wanted.map(([action]) => action).join(",");
        if (controls.dataset.key === key) {
            return;
        }
        controls.dataset.key = key;
        controls.replaceChildren(...wanted.map(([action, label]) => {
            const button = document.createElement("button");
            button.type = "button";
            button.textContent = label;
            button.dataset.action = action;
            button.addEventListener("click", () => replicaAction(name, action, button));
            return button;
        }));
    });
}

async function replicaAction(name, action, button) {
    button.disabled = true;
    log(`${name}: ${action}…`);
    try {
        if (action === "eject" || action === "readmit") {
            await getJson(`actuator/replicarouting/${name}`, {
                method: "POST",
                headers: { "Content-Type": "application/json", Accept: "application/json" },
                body: JSON.stringify({ action }),
            });
        }
        else {
            state.demo = await getJson(`demo/replicas/${name}/${action}`, { method: "POST" });
        }
        log(`${name}: ${action} done`);
    }
    catch (error) {
        log(`${name}: ${action} failed: ${error.message}`);
    }
    finally {
        button.disabled = false;
        await poll();
    }
}

async function burst() {
    const button = $("#burst");
    button.disabled = true;
    $("#burst-result").textContent = "running…";
    try {
        const result = await getJson("demo/reads?count=200", { method: "POST" });
        const routed = Object.entries(result.routedTo).map(([target, count]) => `${target} ${count}`).join(", ");
        $("#burst-result").textContent = `${result.reads} reads in ${result.millis} ms: ${routed}`;
        log(`burst of ${result.reads} reads: ${routed}`);
    }
    catch (error) {
        $("#burst-result").textContent = error.message;
    }
    finally {
        button.disabled = false;
    }
}

async function toggleTraffic() {
    state.demo = await getJson(`demo/traffic?on=${!state.demo.traffic}`, { method: "POST" });
    log(`background traffic ${state.demo.traffic ? "on" : "off"}`);
    renderDemo();
}

function renderDemo() {
    $("#demo").hidden = !state.demo;
    $("#no-demo").hidden = !!state.demo;
    if (state.demo) {
        $("#traffic").textContent = `Background traffic: ${state.demo.traffic ? "on" : "off"}`;
    }
}

async function loadDemo() {
    try {
        state.demo = await getJson("demo");
    }
    catch (error) {
        if (error.status === 404) {
            state.demo = null;
        }
    }
    renderDemo();
}

// ---- polling -------------------------------------------------------------------------------

async function poll() {
    if (state.busy) {
        return;
    }
    state.busy = true;
    try {
        const [topology, history] = await Promise.all([
            getJson("actuator/replicarouting"), getJson("api/routing/history")]);
        renderTopology(topology, history);
        renderChart(history);
        $("#status").textContent = "updated " + new Date().toLocaleTimeString();
        $("#status").classList.remove("error");
    }
    catch (error) {
        $("#status").textContent = "cannot reach the app: " + error.message;
        $("#status").classList.add("error");
    }
    finally {
        state.busy = false;
    }
}

$("#burst").addEventListener("click", burst);
$("#traffic").addEventListener("click", toggleTraffic);
loadDemo().then(poll);
setInterval(poll, POLL_MILLIS);
setInterval(() => state.demo && loadDemo(), 2 * POLL_MILLIS);
