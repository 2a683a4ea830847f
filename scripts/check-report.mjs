// Opens a training report (`nettrace train … --report FILE.html`) in headless Chromium and checks
// it as a reader would use it:
//
//   node scripts/check-report.mjs [--screenshot PNG] REPORT.html...
//
// No console error, no script error, no request besides the file itself; the page is drawn in
// under a second; the slider moves through the snapshots (by keyboard), and the epoch, the loss,
// the charts' readouts and a heatmap's entry shown are the numbers of the embedded data; the play
// button plays; printing hides the controls. Then the page's HTML shown twice inside another page,
// as a notebook shows `IPython.display.HTML(text)`: both draw, each slider moves its own report,
// and the host page's own text keeps its style. Prints one JSON line per report with what was
// measured, and exits 1 naming every failed check. The screenshot is of the first report.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const args = process.argv.slice(2);
const shot = args[0] === "--screenshot" ? args.splice(0, 2)[1] : null;
if (!args.length || args.some((a) => a.startsWith("--"))) {
  console.error("usage: node scripts/check-report.mjs [--screenshot PNG] REPORT.html...");
  process.exit(2);
}

const profile = mkdtempSync(join(tmpdir(), "nettrace-chromium-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`,
  ],
});
let passed = true;
try {
  for (const [i, file] of args.entries()) passed = (await checkReport(file, i === 0 ? shot : null)) && passed;
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(passed ? 0 : 1);

/** Checks one report; prints its JSON line and its failures; whether it passed. */
async function checkReport(file, screenshot) {
  const url = pathToFileURL(resolve(file)).href;
  const failures = [];
  const result = { file, checks: 0 };
  const check = (ok, what) => {
    result.checks += 1;
    if (!ok) failures.push(what);
  };
  const pages = [];
  try {
    const page = await browser.newPage();
    pages.push(page);
    await page.setViewport({ width: 1200, height: 900 });
    const errors = [];
    const requests = [];
    page.on("console", (m) => {
      if (m.type() === "error") errors.push(`console: ${m.text()}`);
    });
    page.on("pageerror", (e) => errors.push(`script: ${e.message}`));
    await page.setRequestInterception(true);
    page.on("request", (r) => {
      if (r.url() === url) return r.continue();
      requests.push(r.url());
      r.abort();
    });

    // The time from the start of navigation to the page drawn, as the page's own clock tells it.
    await page.evaluateOnNewDocument(() => {
      new MutationObserver((_, observer) => {
        if (document.querySelector('.nettrace-report[data-ready]')) {
          window.nettraceDrawnAt = performance.now();
          observer.disconnect();
        }
      }).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-ready"] });
    });
    const start = performance.now();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector('.nettrace-report[data-ready]', { timeout: 10000 });
    result.wall_ms = Math.round(performance.now() - start);
    result.open_ms = Math.round(await page.evaluate(() => window.nettraceDrawnAt));
    check(result.open_ms < 1000, `the page took ${result.open_ms} ms to open and draw (over 1000)`);

    const data = await page.evaluate(() => JSON.parse(document.getElementById("nettrace-report").textContent));
    const snaps = data.snapshots;
    result.snapshots = snaps.length;
    result.epochs = data.epochs.length;
    const text = (sel) => page.$eval(`.nettrace-report ${sel}`, (e) => e.textContent);
    const shows = async (i, how) => {
      const [epoch, loss] = [await text('[data-part="epoch"]'), await text('[data-part="loss"]')];
      check(epoch === String(snaps[i].epoch), `${how}: shows epoch ${epoch}, expected ${snaps[i].epoch}`);
      check(Number(loss) === snaps[i].loss, `${how}: shows L = ${loss}, the data has ${snaps[i].loss}`);
      const value = await page.$eval('.nettrace-report [data-part="slider"]', (s) => Number(s.value));
      check(value === i, `${how}: the slider is at ${value}, expected ${i}`);
    };
    await shows(snaps.length - 1, "on opening");

    // The slider, by keyboard: Home, →, End.
    await page.focus('.nettrace-report [data-part="slider"]');
    await page.keyboard.press("Home");
    await shows(0, "after Home");
    await page.keyboard.press("ArrowRight");
    await shows(1, "after Home, →");
    const epoch = snaps[1].epoch;
    const record = data.epochs.find((r) => r.epoch === epoch);
    const readout = (await page.$$eval(".nettrace-report figure > .readout", (rs) => rs.map((r) => r.textContent)))[0];
    check(
      record && readout.includes(`epoch ${epoch} `) && readout.includes(`L over the training data: ${record.loss}`),
      `the loss chart's readout at epoch ${epoch} is "${readout}", not the record's L = ${record && record.loss}`,
    );
    await page.keyboard.press("End");
    await shows(snaps.length - 1, "after End");

    // A heatmap entry under the pointer: row 3, column 4 of layer 1's weights (or the last ones).
    const last = snaps[snaps.length - 1].layers[0];
    const [r, c] = [Math.min(2, last.weights.length - 1), Math.min(3, last.weights[0].length - 1)];
    const canvas = await page.$(".nettrace-report .layer canvas");
    await canvas.evaluate((e) => e.scrollIntoView({ block: "center" }));
    const box = await canvas.boundingBox();
    const [rows, cols] = [last.weights.length, last.weights[0].length];
    await page.mouse.move(box.x + ((c + 0.5) / cols) * box.width, box.y + ((r + 0.5) / rows) * box.height);
    const cell = await text('.layer [data-part="cell"]');
    check(
      cell.startsWith(`W[1][${r + 1}][${c + 1}] = ${last.weights[r][c]} (`),
      `the pointer over W[1] row ${r + 1}, column ${c + 1} shows "${cell}"; the data has ${last.weights[r][c]}`,
    );
    // The same by keyboard: focus the heatmap, then → (↓ for a one-column matrix).
    await canvas.focus();
    const [key, kr, kc] = cols > 1 ? ["ArrowRight", 0, 1] : rows > 1 ? ["ArrowDown", 1, 0] : ["ArrowRight", 0, 0];
    await page.keyboard.press(key);
    const keyed = await text('.layer [data-part="cell"]');
    const expected = `W[1][${kr + 1}][${kc + 1}] = ${last.weights[kr][kc]} (`;
    check(keyed.startsWith(expected), `${key} on the focused heatmap shows "${keyed}"; expected "${expected}…"`);

    // Play: reachable by Tab from the slider's side, pressed, the epoch moves, pressed again stops.
    const play = await page.$('.nettrace-report [data-part="play"]');
    const focusable = await play.evaluate((b) => b.tabIndex >= 0 && !b.disabled);
    check(focusable, "the play button cannot take focus");
    await play.focus();
    await page.keyboard.press("Enter");
    await new Promise((done) => setTimeout(done, 700));
    const playing = await page.$eval('.nettrace-report [data-part="play"]', (b) => b.getAttribute("aria-pressed"));
    const moved = await text('[data-part="epoch"]');
    await page.keyboard.press("Enter");
    check(playing === "true", "the play button is not pressed after Enter");
    check(snaps.length < 3 || moved !== String(snaps[snaps.length - 1].epoch), `playing did not move off the last epoch (shows ${moved})`);

    await page.keyboard.press("End");
    await page.focus('.nettrace-report [data-part="slider"]');
    await page.keyboard.press("End");
    if (screenshot) {
      await page.mouse.move(0, 0);
      await page.screenshot({ path: screenshot, fullPage: true });
    }
    await page.emulateMediaType("print");
    const hidden = await page.$eval('.nettrace-report [data-part="play"]', (b) => getComputedStyle(b).display === "none");
    check(hidden, "printing shows the play button");
    await page.emulateMediaType(null);

    // Inside a notebook: the HTML set as an output element's innerHTML, which runs no script, then
    // each script element made anew, as Jupyter does to run them; two outputs of the same report.
    const host = await browser.newPage();
    pages.push(host);
    host.on("console", (m) => {
      if (m.type() === "error") errors.push(`console, in a notebook: ${m.text()}`);
    });
    host.on("pageerror", (e) => errors.push(`script, in a notebook: ${e.message}`));
    await host.setRequestInterception(true);
    host.on("request", (r) => {
      if (r.url() === "about:blank") return r.continue();
      requests.push(r.url());
      r.abort();
    });
    await host.setContent(
      '<!DOCTYPE html><html><head><style>body { font-family: serif; }</style></head>' +
        '<body><p id="cell">In [1]:</p><div class="output"></div><div class="output"></div></body></html>',
    );
    await host.evaluate((html) => {
      for (const output of document.querySelectorAll(".output")) {
        output.innerHTML = html;
        for (const old of output.querySelectorAll("script")) {
          const script = document.createElement("script");
          for (const a of old.attributes) script.setAttribute(a.name, a.value);
          script.textContent = old.textContent;
          old.replaceWith(script);
        }
      }
    }, readFileSync(file, "utf8"));
    const inside = await host.evaluate(() => {
      const roots = [...document.querySelectorAll(".nettrace-report")];
      const slider = roots[1].querySelector('[data-part="slider"]');
      slider.value = "0";
      slider.dispatchEvent(new Event("input"));
      return {
        ready: roots.map((r) => r.dataset.ready !== undefined ? "true" : "no"),
        charts: roots.map((r) => r.querySelectorAll("svg.chart").length),
        epochs: roots.map((r) => r.querySelector('[data-part="epoch"]').textContent),
        font: getComputedStyle(document.getElementById("cell")).fontFamily,
      };
    });
    check(inside.ready.length === 2 && inside.ready.every((r) => r === "true"), `in a notebook, the reports are ${inside.ready}`);
    check(inside.charts[0] > 0 && inside.charts[0] === inside.charts[1], `in a notebook, the charts drawn are ${inside.charts}`);
    check(
      inside.epochs[0] === String(snaps[snaps.length - 1].epoch) && inside.epochs[1] === String(snaps[0].epoch),
      `in a notebook, one report's slider moved the other's (epochs shown: ${inside.epochs})`,
    );
    check(inside.font === "serif", `the report's style reached the notebook's own text (font ${inside.font})`);

    check(errors.length === 0, `errors: ${errors.join("; ")}`);
    check(requests.length === 0, `requests besides the file: ${requests.join(", ")}`);
  } catch (e) {
    failures.push(`could not finish: ${e.stack || e}`);
  } finally {
    for (const p of pages) await p.close();
  }
  result.ok = failures.length === 0;
  for (const f of failures) console.error(`${file}: ${f}`);
  console.log(JSON.stringify(result));
  return result.ok;
}
