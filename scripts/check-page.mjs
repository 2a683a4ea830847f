// Checks a nettrace web page in a real browser: Debian's chromium, driven headless by
// puppeteer-core (no browser download; install with `npm ci --prefix scripts`).
//
//   node scripts/check-page.mjs PAGE.html [--trace TRACE.json] [--screenshot OUT.png]
//
// Every page: it opens from file:// with no console error, no uncaught exception and no request
// but the file itself; it is loaded and its script done in under a second; printing hides its
// buttons; and its HTML shown twice inside another page, as a notebook shows
// `IPython.display.HTML(text)`, works twice without restyling that page. Then the checks of its
// kind, by the class of its root element, from the table `kinds` below:
// - a step page (`nettrace-step`, check-page/step.mjs): the embedded trace is TRACE.json's,
//   every number of its tables is the trace's, the stepper steps, clicks and keys explain;
// - a training report (`nettrace-report`, check-page/report.mjs): the slider, the readouts, the
//   heatmaps' entries and colours and the Play button, against the embedded data.
// Each kind leaves the page as its screenshot shows it.
//
// Prints one line of JSON (what was measured) and exits 0, or prints each failure and exits 1.
// CHROMIUM names the browser (default /usr/bin/chromium).
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./check-page/browser.mjs";
import { checkReport, reportInNotebook } from "./check-page/report.mjs";
import { checkStep, stepInNotebook } from "./check-page/step.mjs";
import { checkDivergence, checkEditing } from "./check-page/edit.mjs";
import { check, counted, fail, failures } from "./check-page/verdict.mjs";
import { checkContrast, checkFocus, checkFormulas, checkPhone, checkReadouts, checkReportChange, checkReportViews, checkStepAccess } from "./check-page/access.mjs";

/** The checks of each kind of page, by its root's class: `check(page, measured, options)` on the
 *  page opened, `inNotebook(host)` on a host page holding two copies in `.out` elements, and
 *  whether the screenshot is of the whole page or of the window. */
const kinds = {
  "nettrace-step": { check: checkStep, inNotebook: stepInNotebook, fullPage: false },
  "nettrace-report": { check: checkReport, inNotebook: reportInNotebook, fullPage: true },
};

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args.splice(i, 2)[1] : undefined;
};
const flag = (name) => {
  const i = args.indexOf(name);
  return i >= 0 && args.splice(i, 1).length === 1;
};
const options = {
  trace: option("--trace"), screenshot: option("--screenshot"), phone: option("--phone-screenshot"),
  edit: option("--edit"), editShot: option("--edit-screenshot"), diverge: flag("--diverge"),
};
if (args.length !== 1 || args[0].startsWith("--")) {
  console.error("usage: node scripts/check-page.mjs PAGE.html [--trace TRACE.json] [--screenshot OUT.png] [--phone-screenshot OUT.png] [--edit NETTRACE [--diverge] [--edit-screenshot OUT.png]]");
  process.exit(2);
}
const file = resolve(args[0]);
const url = pathToFileURL(file).href;
const measured = { page: args[0], bytes: statSync(file).size };

const { browser, close } = await launch();
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 860 });
  await watch(page, "", (u) => u === url);
  const started = performance.now();
  await page.goto(url, { waitUntil: "load" });
  measured.open_ms = Math.round(performance.now() - started);
  measured.load_event_ms = await page.evaluate(() => Math.round(performance.getEntriesByType("navigation")[0].loadEventEnd));
  // The root's data-ready: when its script finished, from the start of navigation.
  measured.script_done_ms = await page.evaluate(() => Number(document.querySelector(".nettrace").dataset.ready));
  check(measured.script_done_ms >= 0, "the page's script did not finish (no data-ready on the root)");
  // A bound that catches a page stuck in its work, not a timing: the tests run beside each other.
  check(measured.load_event_ms <= 5000, `the page took ${measured.load_event_ms} ms to load; the limit is 5000`);
  check(measured.script_done_ms <= 5000, `the page's script was done after ${measured.script_done_ms} ms; the limit is 5000`);
  const kind = await page.$eval(".nettrace", (r, names) => names.find((k) => r.classList.contains(k)), Object.keys(kinds));
  if (!kind) throw new Error("the page's root is of no kind this script knows how to check");
  measured.kind = kind;
  await page.emulateMediaType("print");
  const printed = await page.$$eval(".nettrace button", (bs) => bs.filter((b) => getComputedStyle(b).display !== "none").length);
  check(printed === 0, `printing shows ${printed} buttons`);
  await page.emulateMediaType("screen");
  await kinds[kind].check(page, measured, options);
  if (options.screenshot) {
    await page.screenshot({ path: options.screenshot, type: "png", fullPage: kinds[kind].fullPage });
    measured.screenshot = options.screenshot;
  }
  await access(page, kind, options);
  if (options.edit) await editing(page, options);
  await checkPhone(browser, url, kind, measured, options.phone);
  await inNotebook(await browser.newPage(), readFileSync(file, "utf8"), kinds[kind]);
} catch (e) {
  fail(`the check itself failed: ${e.stack || e}`);
} finally {
  await close();
}
measured.checks = counted.checks;
for (const f of failures) console.error(f);
console.log(JSON.stringify(measured));
process.exit(failures.length ? 1 : 0);

/** The checks for keyboards, screen readers and eyes (check-page/access.mjs), after the
 *  screenshot: they move the focus and flip the "exact values" switch. */
async function access(page, kind, options) {
  await checkContrast(page, measured);
  if (kind === "nettrace-step") {
    const trace = await page.$eval("#nettrace-trace", (s) => JSON.parse(s.textContent));
    await checkFocus(page, "svg.net .edges path[data-quantity]");
    await checkFocus(page, ".stepper .next");
    await checkFormulas(page, measured);
    await checkReadouts(page, "#explain .num[data-value]", await page.$eval(".nettrace", (r) => Number(r.dataset.precision)));
    await checkStepAccess(page, trace, measured);
  } else {
    await checkFocus(page, '[data-part="slider"]');
    await checkReadouts(page, ".nettrace-report .readout .num[data-value], [data-part=\"loss\"] .num", 6);
    await checkReportViews(page, measured);
    await checkReportChange(page);
  }
}

/** Editing through the step page (check-page/edit.mjs) against the command NETTRACE; with
 *  --diverge, training with η = 1e300 stops as `train` does; with --edit-screenshot, a picture
 *  of a weight edited, the input of another open. */
async function editing(page, options) {
  await page.reload({ waitUntil: "load" });
  await checkEditing(page, measured, options.edit);
  if (options.diverge) measured.diverged = await checkDivergence(page, options.edit);
  if (!options.editShot) return;
  await page.reload({ waitUntil: "load" });
  await page.evaluate(() => window.nettrace.ready);
  const [first, second] = await page.$$eval('.tables [data-edit^="W[1]"]', (es) => es.map((e) => e.dataset.edit));
  await page.click(`.tables [data-edit="${first}"]`);
  await page.keyboard.down("Control");
  await page.keyboard.press("a");
  await page.keyboard.up("Control");
  await page.keyboard.type("0.75");
  await page.keyboard.press("Enter");
  await page.click('.tools [data-tool="step"]');
  await page.click(".stepper ol li:first-child button");
  await page.click(`.tables [data-edit="${second}"]`);
  await page.$eval(".tools", (t) => t.scrollIntoView({ block: "start" }));
  await page.screenshot({ path: options.editShot, type: "png" });
  measured.edit_screenshot = options.editShot;
}

/** Fails on every console error, uncaught exception and request but those `allowed`, which is
 *  the only kind let through. */
async function watch(page, where, allowed) {
  page.on("console", (m) => m.type() === "error" && fail(`${where}console error: ${m.text()}`));
  page.on("pageerror", (e) => fail(`${where}uncaught exception: ${e.message}`));
  await page.setRequestInterception(true);
  page.on("request", (r) => {
    if (allowed(r.url())) return r.continue();
    fail(`${where}a network request: ${r.url().slice(0, 200)}`);
    r.abort();
  });
}

/** Two copies of the page inside another document, as a notebook shows HTML output (JupyterLab
 *  sets innerHTML, then runs each script again): both scripts run, the host's own elements keep
 *  their look, and the kind's own checks that each copy works on its own. */
async function inNotebook(host, html, kind) {
  await watch(host, "in a notebook: ", (u) => u.startsWith("about:"));
  await host.setContent('<!DOCTYPE html><html><body style="margin: 3px"><p id="cell" style="color: rgb(1, 2, 3)">In [1]:</p><div class="out"></div><div class="out"></div></body></html>');
  const look = () => host.evaluate(() => {
    const p = getComputedStyle(document.querySelector("#cell"));
    return [p.color, p.fontFamily, p.fontSize, getComputedStyle(document.body).margin].join(" ");
  });
  const before = await look();
  await host.evaluate((html) => {
    for (const out of document.querySelectorAll(".out")) {
      out.innerHTML = html;
      for (const old of out.querySelectorAll("script")) {
        const s = document.createElement("script");
        for (const a of old.attributes) s.setAttribute(a.name, a.value);
        s.textContent = old.textContent;
        old.replaceWith(s);
      }
    }
  }, html);
  const after = await look();
  check(after === before, `in a notebook, the page restyles the notebook: ${before} became ${after}`);
  const ready = await host.$$eval(".out > .nettrace", (roots) => roots.map((r) => r.dataset.ready !== undefined));
  check(ready.join() === "true,true", `in a notebook, the pages' scripts did not both run: ${ready}`);
  await kind.inNotebook(host);
  await host.close();
}
