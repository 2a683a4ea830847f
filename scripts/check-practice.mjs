// Answers a nettrace practice page in a real browser (Debian's chromium, headless, through
// puppeteer-core: `npm ci --prefix scripts`) and reports what the page says of each answer.
//
//   node scripts/check-practice.mjs PAGE.html ANSWERS.json [--screenshot OUT.png]
//
// ANSWERS.json: {"answers": {"<data-answer name>": "<text as typed>", …}, "typed": [names],
// "show": [names]}: every answer is put in its field at once (one input event each), those in
// `typed` are then typed key by key, and each field in `show` gets its Show button clicked. Then
// Download my answers is clicked. Prints one line of JSON: each field's verdict, mistake and
// sentence (`fields`), each quantity's (`quantities`, by `name` and `layer`, from its caption), the fields shown
// (`shown`: the value each holds), the downloaded sheet (`sheet`), the requests other than the
// page itself (`requests`), console errors (`errors`) and the milliseconds from opening the
// page until it grades (`ready_ms`) and of grading every field once more (`grade_ms`). CHROMIUM names the browser.
import { mkdtempSync, readFileSync, rmSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";

const args = process.argv.slice(2);
const at = args.indexOf("--screenshot");
const screenshot = at >= 0 ? args.splice(at, 2)[1] : undefined;
if (args.length !== 2) {
  console.error("usage: node scripts/check-practice.mjs PAGE.html ANSWERS.json [--screenshot OUT.png]");
  process.exit(2);
}
const url = pathToFileURL(resolve(args[0])).href;
const plan = JSON.parse(readFileSync(args[1], "utf8"));

const profile = mkdtempSync(join(tmpdir(), "nettrace-chromium-"));
const downloads = mkdtempSync(join(tmpdir(), "nettrace-downloads-"));
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    `--user-data-dir=${profile}`,
  ],
});
const out = { requests: [], errors: [] };
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  page.on("request", (r) => { if (r.url() !== url && !r.url().startsWith("blob:")) out.requests.push(r.url()); });
  page.on("console", (m) => { if (m.type() === "error") out.errors.push(m.text()); });
  page.on("pageerror", (e) => out.errors.push(String(e)));
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads });
  // When the page's root says it is ready, counted from the start of navigation.
  await page.evaluateOnNewDocument(() => {
    new MutationObserver((_, observer) => {
      if (document.querySelector('.nettrace-practice[data-ready="true"]')) {
        window.readyAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-ready"] });
  });
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector('.nettrace-practice[data-ready="true"]', { timeout: 5000 });
  out.ready_ms = Math.round(await page.evaluate(() => window.readyAt));
  const typed = new Set(plan.typed || []);
  await page.evaluate((answers) => {
    for (const [name, text] of Object.entries(answers)) {
      const input = document.querySelector(`input[data-answer="${CSS.escape(name)}"]`);
      if (!input) throw new Error(`no field ${name}`);
      input.value = text;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }
  }, Object.fromEntries(Object.entries(plan.answers).filter(([n]) => !typed.has(n))));
  for (const name of typed) {
    await page.type(`input[data-answer="${name}"]`, plan.answers[name]);
  }
  for (const name of plan.show || []) {
    await page.click(`button[data-show="${name}"]`);
  }
  out.grade_ms = await page.evaluate(() => {
    const input = document.querySelector("td:not([data-shown]) input[data-answer]");
    if (!input) return null;
    const t = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    return Math.round(performance.now() - t);
  });
  await page.click('button[data-part="download"]');
  Object.assign(out, await page.evaluate(() => {
    const fields = {};
    const shown = {};
    for (const input of document.querySelectorAll("input[data-answer]")) {
      const el = input.closest("[data-verdict]");
      const td = input.closest("td");
      fields[input.dataset.answer] = el
        ? { verdict: el.dataset.verdict, mistake: el.dataset.mistake || null, says: td.querySelector(".says").textContent }
        : null;
      if (td.dataset.shown) shown[input.dataset.answer] = input.value;
    }
    const quantities = [...document.querySelectorAll("figure.q[data-shape]")].map((f) => ({
      name: f.dataset.name,
      layer: f.dataset.layer ? Number(f.dataset.layer) : null,
      verdict: f.querySelector("figcaption").dataset.verdict || null,
      mistake: f.querySelector("figcaption").dataset.mistake || null,
    }));
    return { fields, quantities, shown, tally: document.querySelector('[data-part="tally"]').textContent };
  }));
  for (let i = 0; i < 50 && !readdirSync(downloads).includes("answers.json"); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  out.sheet = readFileSync(join(downloads, "answers.json"), "utf8");
  if (screenshot) {
    await page.evaluate(() => document.querySelector('section.phase[data-phase="loss"]').scrollIntoView());
    await page.screenshot({ path: screenshot, fullPage: false });
  }
} finally {
  await browser.close();
  rmSync(profile, { recursive: true, force: true });
  rmSync(downloads, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
