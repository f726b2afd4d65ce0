// End-to-end test of `planpress serve` live reload in real headless Chromium, driven over
// the DevTools protocol. Started by tests/integration/serve_browser.rs with a running server:
//
//   node e2e.mjs --url http://127.0.0.1:PORT --site SITE_DIR [--chromium /usr/bin/chromium]
//
// Two tabs open a document page; the test edits the Markdown on disk and waits for the new
// text to appear in both without navigating (the page's own script reloads it, keeping the
// scroll position); breaks the front matter and waits for the error overlay; fixes it and
// waits for the overlay to go. Then three windows show the document, an index listing one of
// its goals, and another document: an edit of the goal reloads the first two, each once,
// and leaves the third alone. Exits 0 on success, 1 with a message on failure.

import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import CDP from "chrome-remote-interface";

const DOCUMENT = "content/solna/verksamhetsplan-2023.md";
const PAGE = "/solna/verksamhetsplan-2023/";
const TIMEOUT_MS = 90_000;

function argument(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  if (at >= 0 && process.argv[at + 1]) return process.argv[at + 1];
  if (fallback !== undefined) return fallback;
  throw new Error(`missing --${name}`);
}

const url = argument("url");
const site = argument("site");
const chromiumPath = argument("chromium", "/usr/bin/chromium");
const documentPath = join(site, DOCUMENT);

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function edit(from, to) {
  const text = readFileSync(documentPath, "utf8");
  if (!text.includes(from)) throw new Error(`${DOCUMENT} does not hold ${JSON.stringify(from)}`);
  writeFileSync(documentPath, text.replace(from, to));
}

async function startChromium() {
  const profile = mkdtempSync(join(tmpdir(), "planpress-e2e-chromium-"));
  const chromium = spawn(
    chromiumPath,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-dev-shm-usage",
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let stderr = "";
  chromium.stderr.on("data", (chunk) => (stderr += chunk));
  const portFile = join(profile, "DevToolsActivePort");
  const deadline = Date.now() + 30_000;
  while (!existsSync(portFile) || readFileSync(portFile, "utf8").split("\n").length < 2) {
    if (Date.now() > deadline || chromium.exitCode !== null) {
      chromium.kill("SIGKILL");
      throw new Error(`Chromium did not start its DevTools endpoint:\n${stderr}`);
    }
    await sleep(50);
  }
  const port = Number(readFileSync(portFile, "utf8").split("\n")[0]);
  const stop = async () => {
    // SIGTERM lets Chromium end its helper processes, which would otherwise go on writing
    // into the profile while it is removed.
    const exited = new Promise((resolve) => (chromium.exitCode !== null ? resolve() : chromium.once("exit", resolve)));
    chromium.kill("SIGTERM");
    const killer = setTimeout(() => chromium.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(killer);
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // The profile is in the temp folder; leaving it is harmless.
    }
  };
  return { port, stop };
}

async function openTab(port, page = PAGE) {
  const target = await CDP.New({ port, url: "about:blank" });
  return open(port, target, page);
}

// A window of its own is visible beside the others, so its page holds a poll.
async function openWindow(port, page) {
  const { webSocketDebuggerUrl } = await CDP.Version({ port });
  const browser = await CDP({ target: webSocketDebuggerUrl });
  const { targetId } = await browser.Target.createTarget({ url: "about:blank", newWindow: true });
  await browser.close();
  const targets = await CDP.List({ port });
  return open(port, targets.find((t) => t.id === targetId), page);
}

async function open(port, target, page) {
  const client = await CDP({ port, target });
  await client.Page.enable();
  await client.Runtime.enable();
  const loaded = client.Page.loadEventFired();
  await client.Page.navigate({ url: url + page });
  await loaded;
  return client;
}

async function evaluate(client, expression) {
  const { result, exceptionDetails } = await client.Runtime.evaluate({ expression, returnByValue: true });
  if (exceptionDetails) throw new Error(`${expression}: ${exceptionDetails.text}`);
  return result.value;
}

async function waitFor(client, expression, what) {
  const deadline = Date.now() + TIMEOUT_MS;
  for (;;) {
    try {
      if (await evaluate(client, expression)) return;
    } catch {
      // The page is between documents while it reloads; ask again.
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

const hasText = (text) => `document.body.innerText.includes(${JSON.stringify(text)})`;
const overlayText = `(document.getElementById("__planpress-overlay") || {}).textContent || ""`;

async function main() {
  const chromium = await startChromium();
  try {
    const tabs = [await openTab(chromium.port), await openTab(chromium.port)];
    for (const tab of tabs) {
      await waitFor(tab, hasText("Ett solidariskt och hållbart Solna"), "the document page");
      await evaluate(tab, "window.__planpressTestMarker = true; window.scrollTo({ top: 600, behavior: 'instant' }); window.scrollY");
    }
    // Let the pages' scripts start their long-polls before the first save.
    await sleep(300);

    edit("Ett solidariskt och hållbart Solna", "Ett nytt och levande Solna");
    for (const [i, tab] of tabs.entries()) {
      // A background tab holds no poll (browsers allow six connections per host): it
      // catches up when it is shown.
      if (await evaluate(tab, "document.hidden")) {
        console.log(`e2e: tab ${i + 1} is in the background; showing it`);
        await tab.Page.bringToFront();
      }
      await waitFor(tab, hasText("Ett nytt och levande Solna"), `the new text in tab ${i + 1}`);
      const marker = await evaluate(tab, "window.__planpressTestMarker === true");
      if (marker) throw new Error("the page changed without reloading, which the test cannot explain");
      await waitFor(tab, "Math.abs(window.scrollY - 600) < 2", `the scroll position kept in tab ${i + 1}`);
    }
    console.log("e2e: an edit reloads every open tab and keeps the scroll position");

    await tabs[0].Page.bringToFront();
    await waitFor(tabs[0], "!document.hidden", "tab 1 to be shown");
    await evaluate(tabs[0], "window.__planpressTestMarker = true");
    edit('kind = "plan"', "kind = plan");
    await waitFor(tabs[0], `${overlayText}.includes("verksamhetsplan-2023.md:4")`, "the error overlay");
    if (!(await evaluate(tabs[0], "window.__planpressTestMarker === true"))) {
      throw new Error("the overlay should appear without a reload");
    }
    if (!(await evaluate(tabs[0], hasText("Ett nytt och levande Solna")))) {
      throw new Error("the last good page should stay under the overlay");
    }
    console.log("e2e: a broken front matter shows the error overlay over the last good page");

    edit("kind = plan", 'kind = "plan"');
    await waitFor(tabs[0], `!document.getElementById("__planpress-overlay") && ${hasText("Ett nytt och levande Solna")}`, "the overlay to go");
    console.log("e2e: fixing it removes the overlay");

    for (const tab of tabs) await tab.close();

    const GOAL = "kontakta nytillkomna medlemmar via sms eller telefon";
    const EDITED = "kontakta nytillkomna medlemmar via sms, brev eller telefon";
    const windows = {
      document: await openWindow(chromium.port, PAGE),
      index: await openWindow(chromium.port, "/mal/"),
      other: await openWindow(chromium.port, "/huddinge/verksamhetsplan-2021-2022/"),
    };
    for (const [name, tab] of Object.entries(windows)) {
      if (await evaluate(tab, "document.hidden")) throw new Error(`the ${name} window is hidden, so it holds no poll`);
      await evaluate(tab, "window.__planpressTestMarker = true");
    }
    await sleep(300);
    edit(GOAL, EDITED);
    await waitFor(windows.document, `!window.__planpressTestMarker && ${hasText(EDITED)}`, "the document page to reload");
    await evaluate(windows.document, "window.__planpressTestMarker = true");
    await waitFor(windows.index, `!window.__planpressTestMarker && ${hasText(EDITED)}`, "the goal index to reload");
    // The index is written last; anything else would have come by now.
    await sleep(500);
    if (!(await evaluate(windows.document, "window.__planpressTestMarker === true"))) {
      throw new Error("the document page reloaded twice for one edit");
    }
    if (!(await evaluate(windows.other, "window.__planpressTestMarker === true"))) {
      throw new Error("a page the edit did not change reloaded");
    }
    console.log("e2e: an edit reloads the edited page and the index listing it, once each, and no other page");
    edit(EDITED, GOAL);
    for (const tab of Object.values(windows)) await tab.close();
    console.log("e2e: all checks passed");
  } finally {
    await chromium.stop();
  }
}

main().catch((error) => {
  console.error(`e2e: FAILED: ${error.message}`);
  process.exit(1);
});
