// Save-to-reload latency of `planpress serve` (bench/serve/run.sh runs it; see there).
//
//   node serve_latency.mjs --bin target/release/planpress --site SITE_DIR [--saves 25]
//                          [--browser /usr/bin/chromium] [--edit text|item]
//
// `--edit text` (the default) adds a sentence to the document's body, which no index page
// shows; `--edit item` changes the text of its first list item (a goal, recommendation or
// commitment in the generated corpus), which the index pages list.
//
// Starts the server on SITE_DIR, then saves one document SAVES times, each save changing its
// text. For each save it measures, from the moment the file is written:
//   generation: the held `GET /__planpress/reload?since=N&page=PAGE` answering, as a browser
//               on the document's page is answered: when the page is written (the first
//               phase of the rebuild, see docs/SERVE.md);
//   page-updated: (with --browser) the document page, open in headless Chromium, showing the
//               new text: its live-reload script's `planpress:updated` event after it swapped
//               the page in place, or the page's `load` after a full reload, whichever comes
//               (a server from before the in-place update only reloads, so this measures it
//               too);
//   page-painted: the same, plus the next frame Chromium renders (a timer set in the next
//               animation frame callback), so the new text is on screen;
//   index-pages: (with --edit item) the next generation after the page's, which the server
//               publishes once the index pages listing the item are written (before the
//               search index, exports and feeds), as a browser on such an index page is
//               answered;
//   complete:   the generation that ends the rebuild (search index, exports and feeds
//               written too).
// Before the next save it waits for the rebuild to be complete (its second phase), so each
// save starts from a quiet server. Prints the median, p90 and max in ms, and one TSV line
// per measure for results files; the server's own timings (whole rebuild, and its first
// phase) come from its log. Warns when one save updated the page more than once.

import { spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function argument(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at >= 0 && process.argv[at + 1]) return process.argv[at + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}

const bin = argument("bin", join(repo, "target/release/planpress"));
const site = argument("site");
const saves = Number(argument("saves", "25"));
const browser = argument("browser", "");
const document = argument("document", "");
const label = argument("label", relative(process.cwd(), site) || site);
const editKind = argument("edit", "text");
if (!["text", "item"].includes(editKind)) throw new Error(`--edit is text or item, not ${editKind}`);

// The document's text for save number `save`.
function edited(original, save) {
  if (editKind === "text") return original.replace("\n\n", `\n\nÄndring nummer ${save} av texten.\n\n`);
  // After the marker, so that an attribute block ending the line stays last.
  const item = /^- /m.exec(original);
  if (!item) throw new Error("--edit item: the document has no list item");
  const at = item.index + item[0].length;
  return original.slice(0, at) + `Ändring ${save}: ` + original.slice(at);
}
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function pickDocument() {
  if (document) return document;
  const bundled = join(site, "content/solna/verksamhetsplan-2023.md");
  if (existsSync(bundled)) return bundled;
  const markdown = readdirSync(join(site, "content"), { recursive: true }).filter((p) => p.endsWith(".md")).sort();
  if (!markdown.length) throw new Error(`no documents under ${site}/content`);
  return join(site, "content", markdown[0]);
}

async function startServer() {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const server = spawn(bin, ["--root", site, "--lang", "en", "serve", "--port", String(port)], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  server.stdout.on("data", (chunk) => (log += chunk));
  server.stderr.on("data", (chunk) => (log += chunk));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  while (!log.includes("Serving ")) {
    if (Date.now() > deadline || server.exitCode !== null) throw new Error(`the server did not start:\n${log}`);
    await sleep(20);
  }
  return { url, server, log: () => log };
}

async function status(url, since, page) {
  const query = page ? `&page=${encodeURIComponent(page)}` : "";
  const response = await fetch(`${url}/__planpress/reload?since=${since}${query}`, { cache: "no-store" });
  return response.json();
}

// Polls (without a page, so any generation answers) until a generation is complete.
async function settled(url, since) {
  let now = await status(url, "x");
  while (now.complete === false || now.generation === since) {
    now = await status(url, now.generation);
  }
  return now.generation;
}

async function startBrowser() {
  const { default: CDP } = await import(
    pathToFileURL(join(repo, "tests/serve_e2e/node_modules/chrome-remote-interface/index.js")).href
  );
  const { startChromium } = await import(
    pathToFileURL(join(repo, "tests/serve_e2e/chromium.mjs")).href
  );
  const chromium = await startChromium(browser, { profilePrefix: "planpress-bench-chromium-" });
  const port = chromium.port;
  const target = await CDP.New({ port, url: "about:blank" });
  const client = await CDP({ port, target });
  await client.Page.enable();
  await client.Runtime.enable();
  // The page reports its updates through a binding, so each is timed when it happens, over
  // in-place updates and full reloads alike.
  const events = [];
  let wake = null;
  client.Runtime.bindingCalled(({ name, payload }) => {
    if (name !== "__planpressBench") return;
    events.push({ kind: payload, at: performance.now() });
    if (wake) wake();
  });
  await client.Runtime.addBinding({ name: "__planpressBench" });
  await client.Page.addScriptToEvaluateOnNewDocument({
    source: `(function () {
      function shown(kind) {
        __planpressBench(kind);
        requestAnimationFrame(function () { setTimeout(function () { __planpressBench("painted"); }, 0); });
      }
      document.addEventListener("planpress:updated", function () { shown("updated"); });
      window.addEventListener("load", function () { shown("load"); });
    })();`,
  });
  // The first event of one of `kinds` from events[from] on, or null after `timeoutMs`.
  const next = async (from, kinds, timeoutMs) => {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = events.slice(from).find((e) => kinds.includes(e.kind));
      if (found) return found;
      const left = deadline - performance.now();
      if (left <= 0) return null;
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, left);
        wake = () => { clearTimeout(timer); wake = null; resolve(); };
      });
    }
  };
  const stop = chromium.stop;
  return { client, stop, events, next };
}

function stats(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { median: at(0.5), p90: at(0.9), max: sorted[sorted.length - 1], n: sorted.length };
}

async function main() {
  const file = pickDocument();
  const original = readFileSync(file, "utf8");
  const { url, server, log } = await startServer();
  const page = "/" + relative(join(site, "content"), file).replace(/\.md$/, "/");
  let chrome = null;
  let firstSaveEvent = 0;
  let saveEvents = [];
  const generationTimes = [];
  const pageTimes = [];
  const paintTimes = [];
  const indexTimes = [];
  const completeTimes = [];
  const shown = ["updated", "load"];
  try {
    if (browser) {
      chrome = await startBrowser();
      await chrome.client.Page.navigate({ url: url + page });
      await chrome.next(0, ["load"], 60_000);
      firstSaveEvent = chrome.events.length;
    }
    let since = (await status(url, "x")).generation;
    // A first save warms the caches the way an author's first save does; not measured.
    for (let save = 0; save <= saves; save++) {
      const poll = status(url, since, page);
      await sleep(30); // the poll is held before the save, as a browser's is
      const from = chrome ? chrome.events.length : 0;
      const text = edited(original, save);
      const written = performance.now();
      writeFileSync(file, text);
      const next = await poll;
      const generationMs = performance.now() - written;
      if (next.errors) throw new Error(`the rebuild failed:\n${next.errors}`);
      // (A server from before the two phases answers without `reload` and `complete`.)
      if (next.reload === false) throw new Error(`the page was not told to reload: ${JSON.stringify(next)}`);
      let pageMs = null;
      let paintMs = null;
      if (chrome) {
        const updated = await chrome.next(from, shown, 30_000);
        if (!updated) throw new Error(`save ${save}: the page did not update within 30 s`);
        pageMs = updated.at - written;
        const painted = await chrome.next(chrome.events.indexOf(updated) + 1, ["painted"], 1000);
        if (painted) paintMs = painted.at - written;
      }
      let indexMs = null;
      let last = next;
      if (editKind === "item" && last.complete === false) {
        // Without a page: the next generation, whichever files it touched.
        last = await status(url, last.generation);
        if (last.complete === false) indexMs = performance.now() - written;
      }
      since = last.complete !== false ? last.generation : await settled(url, last.generation);
      const completeMs = performance.now() - written;
      if (save > 0) {
        generationTimes.push(generationMs);
        if (pageMs !== null) pageTimes.push(pageMs);
        if (paintMs !== null) paintTimes.push(paintMs);
        if (indexMs !== null) indexTimes.push(indexMs);
        completeTimes.push(completeMs);
      }
      await sleep(150);
    }
    // Counted before the document is restored: restoring it updates the page once more.
    if (chrome) saveEvents = chrome.events.slice(firstSaveEvent);
  } finally {
    writeFileSync(file, original);
    server.kill("SIGINT");
    if (chrome) await chrome.stop();
  }
  const lines = log().split("\n").filter((l) => l.startsWith("Rebuilt after")).slice(1);
  const rebuildMs = lines.map((l) => Number(/ in (\d+) ms[ :]/.exec(l)?.[1])).filter((n) => !Number.isNaN(n));
  const editedMs = lines.map((l) => Number(/edited pages in (\d+) ms/.exec(l)?.[1])).filter((n) => !Number.isNaN(n));
  const pagesMs = lines.map((l) => Number(/document pages in (\d+) ms/.exec(l)?.[1])).filter((n) => !Number.isNaN(n));
  const indexesMs = lines.map((l) => Number(/index pages in (\d+) ms/.exec(l)?.[1])).filter((n) => !Number.isNaN(n));
  const report = (name, values) => {
    if (!values.length) return;
    const s = stats(values);
    console.log(`${label}\t${name}\tmedian ${s.median.toFixed(1)} ms\tp90 ${s.p90.toFixed(1)} ms\tmax ${s.max.toFixed(1)} ms\tn ${s.n}`);
  };
  report("save-to-generation", generationTimes);
  report("save-to-page-updated", pageTimes);
  report("save-to-page-painted", paintTimes);
  report("save-to-index-pages", indexTimes);
  report("save-to-complete", completeTimes);
  report("rebuild (server's own timing)", rebuildMs);
  report("edited pages written (server's own timing)", editedMs);
  report("document pages written (server's own timing)", pagesMs);
  report("index pages written (server's own timing)", indexesMs);
  if (chrome) {
    const count = (kind) => saveEvents.filter((e) => e.kind === kind).length;
    console.log(`${label}\tpage updates\tin place ${count("updated")}\tfull reloads ${count("load")}\tsaves ${saves + 1}`);
    // One save must update the page once: a second update would mean the second phase
    // touched it again.
    if (count("updated") + count("load") !== saves + 1) {
      console.error(`serve_latency: ${count("updated") + count("load")} page updates for ${saves + 1} saves`);
    }
  }
}

main().catch((error) => {
  console.error(`serve_latency: ${error.stack || error}`);
  process.exit(1);
});
