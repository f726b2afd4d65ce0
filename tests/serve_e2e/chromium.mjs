// Headless Chromium with its DevTools endpoint, started and stopped the same way for the
// end-to-end test (e2e.mjs) and the serve latency benchmark (bench/serve/serve_latency.mjs).

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Starts Chromium on a free port, in a profile of its own under the temp folder; resolves
// to { port, stop } once the DevTools endpoint is up.
export async function startChromium(chromiumPath, { profilePrefix = "planpress-chromium-", timeoutMs = 30_000 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), profilePrefix));
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
  const deadline = Date.now() + timeoutMs;
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
