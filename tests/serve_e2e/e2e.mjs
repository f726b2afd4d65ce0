// End-to-end test of `planpress serve` live reload in real headless Chromium, driven over
// the DevTools protocol. Started by tests/integration/serve_browser.rs with a running server:
//
//   node e2e.mjs --url http://127.0.0.1:PORT --site SITE_DIR [--chromium /usr/bin/chromium]
//
// Two tabs open a document page; the test edits the Markdown on disk and waits for the new
// text to appear in both. A document page has only a script marked `data-rerun`
// (copy-link.js), so the reload script swaps it in place and runs that again: the window keeps a marker the test set, the script's update counter
// goes up by one, the scroll position stays, and one poll is held afterwards, not two. Then
// it breaks the front matter and waits for the error overlay (no update, no reload), fixes
// it and waits for the overlay to go, and edits again: one more update. Then three windows
// show the document, the goal index (which loads filter.js, so it is reloaded whole: its
// marker goes) and another document: a goal added updates the first, reloads the second
// (its counts change), each once, and leaves the third alone; a stylesheet change reloads the pages
// whole. Exits 0 on success, 1 with a message on failure.

import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import CDP from "chrome-remote-interface";
import { startChromium as startChromiumAt } from "./chromium.mjs";

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

function startChromium() {
  return startChromiumAt(chromiumPath, { profilePrefix: "planpress-e2e-chromium-" });
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

// The reload script's count of in-place updates in this window. A full reload starts it at 0
// again and drops the marker the test sets on the window, which is how a reload shows.
const updates = "window.__planpressUpdates";
const marker = "window.__planpressTestMarker === true";

// Counts the long-polls a tab has open, from the network events of its page.
function countPolls(client) {
  const open = new Set();
  client.Network.requestWillBeSent(({ requestId, request }) => {
    if (request.url.includes("/__planpress/reload")) open.add(requestId);
  });
  client.Network.loadingFinished(({ requestId }) => open.delete(requestId));
  client.Network.loadingFailed(({ requestId }) => open.delete(requestId));
  return () => open.size;
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
      if ((await evaluate(tab, updates)) !== 0) throw new Error("a fresh page should count no updates");
    }
    const title = await evaluate(tabs[0], "document.title");
    await tabs[0].Network.enable();
    const polls = countPolls(tabs[0]);
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
      if (!(await evaluate(tab, marker))) throw new Error(`tab ${i + 1} was reloaded, not updated in place`);
      // copy-link.js ran again on the swapped body: one button per item link, not none. It
      // runs on the update's event, just after the new text shows: waited for, so a loaded
      // machine does not catch the moment between the two.
      const allButtons = `(() => { const links = document.querySelectorAll(".item-meta a.permalink").length; return links > 0 && document.querySelectorAll("button.copy-link").length === links; })()`;
      await waitFor(tab, allButtons, `a copy button per item link in tab ${i + 1} after the update`);
      if ((await evaluate(tab, updates)) !== 1) throw new Error(`tab ${i + 1} should count one update`);
      if ((await evaluate(tab, "document.title")) !== title) throw new Error(`tab ${i + 1} lost its title`);
      await waitFor(tab, "Math.abs(window.scrollY - 600) < 2", `the scroll position kept in tab ${i + 1}`);
    }
    await tabs[0].Page.bringToFront();
    await waitFor(tabs[0], "!document.hidden", "tab 1 to be shown");
    await sleep(300);
    // The body swapped in brings a copy of the reload script; it must not poll as well.
    if (polls() !== 1) throw new Error(`tab 1 holds ${polls()} polls after the update, not 1`);
    const scripts = await evaluate(tabs[0], `document.querySelectorAll("script[data-planpress-reload]").length`);
    if (scripts !== 1) throw new Error(`tab 1 has ${scripts} reload scripts after the update`);
    console.log("e2e: an edit updates every open tab in place, keeping the scroll position, with one poll each");

    edit('kind = "plan"', "kind = plan");
    await waitFor(tabs[0], `${overlayText}.includes("verksamhetsplan-2023.md:4")`, "the error overlay");
    if (!(await evaluate(tabs[0], marker))) throw new Error("the overlay should appear without a reload");
    if ((await evaluate(tabs[0], updates)) !== 1) throw new Error("the overlay should appear without an update");
    if (!(await evaluate(tabs[0], hasText("Ett nytt och levande Solna")))) {
      throw new Error("the last good page should stay under the overlay");
    }
    // The source excerpt keeps its columns (it scrolls sideways instead of wrapping), so the
    // caret stays under the column it marks in a narrow window; the message beside it wraps.
    const excerpt = await evaluate(tabs[0], `(() => {
      const runs = [...document.querySelectorAll("#__planpress-overlay pre")];
      const caret = runs.find((pre) => /^[ 0-9]*\\|\\s*\\^/m.test(pre.textContent));
      if (!caret) return "no run holds the caret line";
      if (!/^4 \\|/m.test(caret.textContent)) return "the caret is not in the run of its source line";
      const messages = runs.filter((pre) => pre !== caret).map((pre) => getComputedStyle(pre).whiteSpace);
      return getComputedStyle(caret).whiteSpace + " " + messages.join(",");
    })()`);
    if (!/^pre pre-wrap/.test(excerpt)) throw new Error(`the overlay's runs: ${excerpt}`);
    console.log("e2e: a broken front matter shows the error overlay over the last good page");

    edit("kind = plan", 'kind = "plan"');
    await waitFor(tabs[0], `!document.getElementById("__planpress-overlay") && ${hasText("Ett nytt och levande Solna")}`, "the overlay to go");
    if (!(await evaluate(tabs[0], marker))) throw new Error("the overlay should go without a reload");
    console.log("e2e: fixing it removes the overlay");

    // A second edit: the swapped page goes on polling from the new generation.
    const before = await evaluate(tabs[0], updates);
    edit("Ett nytt och levande Solna", "Ett nytt, grönt och levande Solna");
    await waitFor(tabs[0], hasText("Ett nytt, grönt och levande Solna"), "the second edit in tab 1");
    if (!(await evaluate(tabs[0], marker))) throw new Error("the second edit reloaded tab 1");
    await sleep(500);
    const after = await evaluate(tabs[0], updates);
    if (after !== before + 1) throw new Error(`tab 1 counted ${after - before} updates for one edit, not 1`);
    console.log("e2e: a second edit updates the swapped page again, once");

    for (const tab of tabs) await tab.close();

    // A goal added: the goal index counts the goals (it lists them from the organisation
    // pages, so a goal's wording alone would not change it).
    const GOAL = "kontakta nytillkomna medlemmar via sms eller telefon.";
    const NEW_GOAL = "Ringa upp nya medlemmar inom en vecka";
    const EDITED = `${GOAL}\n1. ${NEW_GOAL}.`;
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
    await waitFor(windows.document, `${updates} === 1 && ${hasText(NEW_GOAL)}`, "the document page to update");
    if (!(await evaluate(windows.document, marker))) throw new Error("the document page was reloaded, not updated in place");
    // The goal index loads filter.js, whose state a swapped body would lose: reloaded whole.
    // The text is in the DOM while the long page is still being parsed, before the reload
    // script at its end has run: wait for the whole document before looking for the script.
    await waitFor(
      windows.index,
      `!window.__planpressTestMarker && document.readyState === "complete"`,
      "the goal index to reload",
    );
    if ((await evaluate(windows.index, `typeof ${updates}`)) !== "number") {
      throw new Error("the reloaded goal index has no reload script");
    }
    // The index is written last; anything else would have come by now.
    await sleep(500);
    if (!(await evaluate(windows.document, `${marker} && ${updates} === 1`))) {
      throw new Error("the document page updated twice for one edit");
    }
    if (!(await evaluate(windows.other, `${marker} && ${updates} === 0`))) {
      throw new Error("a page the edit did not change was updated or reloaded");
    }
    console.log("e2e: an edit updates the edited page in place and reloads the index listing it (filter.js), once each, and no other page");
    edit(EDITED, GOAL);
    edit("Ett nytt, grönt och levande Solna", "Ett solidariskt och hållbart Solna");
    await waitFor(windows.document, `!${hasText(NEW_GOAL)} && ${hasText("Ett solidariskt och hållbart Solna")}`, "the edits undone");
    await sleep(500);

    // A stylesheet keeps its URL when it changes, so a swapped body would keep the old one:
    // every page is reloaded whole.
    // (The goal index may still be reloading for the undone edit.)
    for (const tab of [windows.document, windows.other]) await evaluate(tab, "window.__planpressTestMarker = true");
    const css = join(site, "themes/default/static/css/style.css");
    writeFileSync(css, readFileSync(css, "utf8") + "\n/* e2e */\n");
    await waitFor(windows.document, "!window.__planpressTestMarker", "the document page to reload for the stylesheet");
    await waitFor(windows.other, "!window.__planpressTestMarker", "the other document to reload for the stylesheet");
    console.log("e2e: a stylesheet change reloads the pages whole");
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
