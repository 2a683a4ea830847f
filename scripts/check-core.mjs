// Drives the page's core (`window.nettrace`) in a real browser: Debian's chromium, headless, by
// puppeteer-core (`npm ci --prefix scripts`).
//
//   node scripts/check-core.mjs PAGE.html CALLS.json
//
// CALLS.json is a list of calls, each `["set", name, value]`, `["step"]` or `["reset"]`; a value
// that is a string other than a number's text is passed as it is, and `"NaN"`, `"Infinity"` as
// those numbers. The page is opened from file:// and no other request is allowed; after
// `nettrace.ready`, the calls are made in order. Prints one line of JSON:
//   {"ready_ms", "load_event_ms", "requests": [URLs other than the page], "errors": [console errors and
//    uncaught exceptions], "calls": [{"error": message} or {"changed": trace of its event} per call],
//    "network": nettrace.network(), "trace": nettrace.trace(), "shown": nettrace.shown(0.1 + 0.2)}
// and exits 0; the caller compares. CHROMIUM names the browser (default /usr/bin/chromium).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const args = process.argv.slice(2);
if (args.length !== 2) {
  console.error("usage: node scripts/check-core.mjs PAGE.html CALLS.json");
  process.exit(2);
}
const url = pathToFileURL(resolve(args[0])).href;
const calls = JSON.parse(readFileSync(args[1], "utf8"));
const profile = mkdtempSync(join(tmpdir(), "nettrace-chromium-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`,
  ],
});
const result = { requests: [], errors: [] };
try {
  const page = await browser.newPage();
  page.on("console", (m) => m.type() === "error" && result.errors.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => result.errors.push(`uncaught: ${e.message}`));
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    if (r.url() === url) return r.continue();
    result.requests.push(r.url().slice(0, 200));
    r.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  Object.assign(result, await page.evaluate(async (calls) => {
    await window.nettrace.ready;
    const ready_ms = Math.round(performance.now());
    const load_event_ms = Math.round(performance.getEntriesByType("navigation")[0].loadEventEnd);
    let changed = null;
    document.addEventListener("nettrace:change", (e) => { changed = e.detail.trace; });
    const value = (v) => (v === "NaN" ? NaN : v === "Infinity" ? Infinity : v);
    const made = calls.map(([what, ...rest]) => {
      changed = null;
      try {
        if (what === "set") window.nettrace.set(rest[0], value(rest[1]));
        else window.nettrace[what]();
        return { changed };
      } catch (e) {
        return { error: e instanceof Error ? e.message : `not an Error: ${e}` };
      }
    });
    return {
      ready_ms, load_event_ms, calls: made,
      network: window.nettrace.network(), trace: window.nettrace.trace(), shown: window.nettrace.shown(0.1 + 0.2),
    };
  }, calls));
} catch (e) {
  result.errors.push(`the check itself failed: ${e.stack || e}`);
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(result));
