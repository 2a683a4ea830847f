// The checks of a step page (`nettrace run NET.json --format html`), for check-page.mjs: the
// embedded trace is the --trace file's (byte for byte when nothing in it needed escaping); every
// number in its tables is the trace's (the title holds it exactly, the text rounds it to the
// page's precision); the stepper walks given → forward → loss → backward → update with → and ←
// and with its buttons, showing each phase's tables (all of them when printed); clicking a
// weight, and Enter or Space on a focused bias or unit, explains it in #explain with the trace's
// gradient and new value; for a batch, the sample selector changes the sample explained. In a
// notebook, keys and clicks reach only the copy they are meant for.
import { readFileSync } from "node:fs";
import { check, fail, rounded } from "./verdict.mjs";

/** The phase shown, as <body> and the root say it. */
async function phase(page) {
  return page.evaluate(() => [document.body.dataset.phase, document.querySelector(".nettrace").dataset.phase]);
}

/** Checks the step page opened in `page`, noting what it measured in `measured`; leaves it in the
 *  backward pass of the first layer with its first weight explained. */
export async function checkStep(page, measured, options) {
  const embedded = await page.$eval("#nettrace-trace", (s) => s.textContent);
  const trace = JSON.parse(embedded);
  if (options.trace) {
    const text = readFileSync(options.trace, "utf8");
    if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(trace)) fail("the embedded trace is not the --trace file's");
    if (!/<[/!]/.test(text) && text !== embedded) fail("the embedded trace is not the --trace file's text, byte for byte");
  }
  measured.numbers = await checkNumbers(page, trace);
  await checkStepper(page, trace);
  measured.explained = await checkExplain(page, trace);
  measured.refreshed = await checkRefresh(page);
  await page.emulateMediaType("print");
  const hidden = await page.$$eval(".tables .phase", (s) => s.filter((e) => getComputedStyle(e).display === "none").length);
  if (hidden) fail(`${hidden} phase sections are hidden when printed`);
  await page.emulateMediaType("screen");
  // The picture: the backward pass of the first layer, with its first weight explained.
  await page.keyboard.press("Home");
  if ((await phase(page))[0] !== "given") fail("Home did not go back to the start");
  while ((await phase(page))[1] !== "update") await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowLeft");
  await page.$eval("svg.net .edges path[data-quantity]", (e) => e.dispatchEvent(new MouseEvent("click", { bubbles: true })));
}

/** Keys reach the copy they are pressed in; a click explains in its own copy's panel. */
export async function stepInNotebook(host) {
  await host.$$eval(".out > .nettrace", (roots) => roots[1].querySelector('[data-quantity="a[1][1]"]').focus());
  await host.keyboard.press("ArrowRight");
  const phases = await host.$$eval(".out > .nettrace", (roots) => roots.map((r) => r.dataset.phase));
  if (phases.join() !== "given,forward") fail(`in a notebook, → in the second page gave phases ${phases}`);
  await host.$$eval(".out > .nettrace", (roots) =>
    roots[0].querySelector('[data-quantity="b[1][1]"]').dispatchEvent(new MouseEvent("click", { bubbles: true })));
  const panels = await host.$$eval(".out > .nettrace", (roots) => roots.map((r) => r.querySelector("#explain").dataset.quantity || ""));
  if (panels.join() !== "b[1][1],") fail(`in a notebook, a click in the first page explained: ${panels}`);
}

/** Every number of every table against the trace: its exact value, and its text rounded. */
export async function checkNumbers(page, trace) {
  const shown = await page.$$eval(".tables figure.q", (figures) =>
    figures.map((f) => ({
      phase: f.dataset.phase, name: f.dataset.name, layer: f.dataset.layer ? Number(f.dataset.layer) : null,
      cells: [...f.querySelectorAll("[data-rc]")].map((c) => ({ rc: c.dataset.rc, title: c.getAttribute("title"), text: c.textContent })),
    })));
  const precision = await page.$eval(".nettrace", (r) => Number(r.dataset.precision));
  let count = 0;
  for (const f of shown) {
    const value = f.phase === "given"
      ? (f.name === "input" || f.name === "target" ? trace[f.name] : trace.network.layers[f.layer - 1][f.name])
      : (trace.steps.find((s) => s.phase === f.phase && s.name === f.name && s.layer === f.layer) || {}).value;
    if (value === undefined) {
      fail(`a table of ${f.phase} ${f.name} ${f.layer} that the trace does not hold`);
      continue;
    }
    for (const c of f.cells) {
      const [r, k] = c.rc.split(",").map(Number);
      const x = Array.isArray(value) ? (Array.isArray(value[0]) ? value[r - 1][k - 1] : value[k - 1]) : value;
      const exact = c.title ?? c.text;
      const where = `${f.phase} ${f.name}[${f.layer ?? ""}] at ${c.rc}`;
      if (typeof x === "string" ? exact !== x : Number(exact) !== x) fail(`${where}: shows ${exact}, the trace holds ${x}`);
      else if (!rounded(c.text, x, precision)) fail(`${where}: ${c.text} is not ${x} to ${precision} digits`);
      count += 1;
    }
  }
  if (count === 0) fail("no numbers in the tables");
  return count;
}


async function checkStepper(page, trace) {
  const L = trace.network.layers.length;
  const expected = ["given", ...Array(L).fill("forward"), "loss", ...Array(L).fill("backward"), "update"];
  const seen = [];
  for (let i = 0; i < expected.length + 1; i++) {
    const [body, root] = await phase(page);
    if (body !== root) fail(`<body data-phase="${body}"> but the root says ${root}`);
    seen.push(body);
    const visible = await page.$$eval(".tables .phase", (s) =>
      s.filter((e) => getComputedStyle(e).display !== "none").map((e) => e.dataset.phase));
    if (visible.length !== 1 || visible[0] !== body) fail(`in ${body}, the tables shown are of ${visible.join(", ")}`);
    await page.keyboard.press("ArrowRight");
  }
  if (seen.join(" ") !== [...expected, "update"].join(" ")) fail(`→ went through ${seen.join(" ")}`);
  await page.keyboard.press("ArrowLeft");
  if ((await phase(page))[0] !== "backward") fail("← from the update did not go back to the backward pass");
  await page.click(".stepper .prev");
  await page.click(".stepper .next");
  await page.click(".stepper .next");
  if ((await phase(page))[0] !== "update") fail("the Back and Next buttons do not step");
  await page.click(".stepper ol li:first-child button");
  if ((await phase(page))[0] !== "given") fail("the Given button does not go to the start");
}

/** Clicks a weight with the mouse where no other element covers it; true when it was the one clicked. */
async function clickWeight(page, q) {
  for (const t of [0.25, 0.4, 0.15, 0.6, 0.8, 0.5]) {
    const point = await page.$eval(`[data-quantity="${q}"]`, (e, t) => {
      e.scrollIntoView({ block: "center" });
      const p = e.getPointAtLength(e.getTotalLength() * t).matrixTransform(e.getScreenCTM());
      const hit = document.elementFromPoint(p.x, p.y);
      return hit === e ? { x: p.x, y: p.y } : null;
    }, t);
    if (point) {
      await page.mouse.click(point.x, point.y);
      return true;
    }
  }
  return false;
}

/** What #explain shows: the quantity, its result (exact and as shown) and its text. */
function explained(page) {
  return page.$eval("#explain", (e) => {
    const r = e.querySelector("output.result");
    // A formula reads as its text (its aria-label), as a screen reader says it.
    const read = (n) => (n.nodeType === 3 ? n.textContent : n.getAttribute && n.getAttribute("role") === "math"
      ? n.getAttribute("aria-label") : [...n.childNodes].map(read).join(""));
    return { q: e.dataset.quantity, value: r && r.dataset.value, shown: r && r.textContent, text: read(e) };
  });
}

async function checkExplain(page, trace) {
  const net = trace.network;
  const step = (name, layer) => trace.steps.find((s) => s.name === name && s.layer === layer).value;
  const precision = await page.$eval(".nettrace", (r) => Number(r.dataset.precision));
  const weights = await page.$$eval("svg.net .edges path[data-quantity]", (p) => p.map((e) => e.dataset.quantity));
  const picks = [...new Set([weights[0], weights[weights.length - 1], weights[Math.floor(weights.length / 2)]])];
  let count = 0;
  for (const q of picks) {
    const [, l, r, c] = /W\[(\d+)\]\[(\d+)\]\[(\d+)\]/.exec(q).map(Number);
    if (!(await clickWeight(page, q))) {
      fail(`${q}: no point of the line could be clicked`);
      continue;
    }
    const e = await explained(page);
    const g = step("grad_weights", l)[r - 1][c - 1], updated = step("weights", l)[r - 1][c - 1];
    if (e.q !== q) fail(`clicking ${q} explained ${e.q}`);
    else if (!same(e.value, g) || !rounded(e.shown, g, precision)) fail(`${q}: #explain gives ∂L/∂w = ${e.shown} (${e.value}), the trace ${g}`);
    else if (!e.text.includes("∂L/∂w") || !e.text.includes("w ← w − η·∂L/∂w")) fail(`${q}: no chain rule or update in #explain: ${e.text}`);
    else if (!mentions(e.text, updated, precision)) fail(`${q}: the new weight ${updated} is not in #explain: ${e.text}`);
    else if (!e.text.includes(`layers[${l - 1}].weights[${r - 1}][${c - 1}] in the file`)) fail(`${q}: #explain does not pair it with its JSON path, counted from 0: ${e.text}`);
    else count += 1;
  }
  // The keyboard: Tab reaches the diagram; Enter on a focused bias, Space on a focused unit.
  await page.$eval("body", (b) => b.focus());
  let tabs = 0;
  while (tabs < 60 && !(await page.evaluate(() => document.activeElement.closest(".net [data-quantity]") !== null))) {
    await page.keyboard.press("Tab");
    tabs += 1;
  }
  if (tabs === 60) fail("Tab does not reach the diagram's weights, biases and units");
  const L = net.layers.length;
  await page.$eval(`[data-quantity="b[${L}][1]"]`, (e) => e.focus());
  await page.keyboard.press("Enter");
  let e = await explained(page);
  const gb = step("grad_bias", L)[0];
  if (e.q !== `b[${L}][1]` || !same(e.value, gb)) fail(`Enter on b[${L}][1] explained ${e.q} = ${e.value}, not ${gb}`);
  else count += 1;
  await page.$eval('[data-quantity="a[1][1]"]', (e) => e.focus());
  await page.keyboard.press("Space");
  e = await explained(page);
  const z = step("z", 1);
  const z1 = Array.isArray(z[0]) ? z[0][0] : z[0];
  if (e.q !== "a[1][1]" || !e.text.includes("z[1]₁") || !mentions(e.text, z1, precision)) fail(`Space on a[1][1]: ${e.q}: ${e.text}`);
  else count += 1;
  // A batch: the chain follows the sample chosen.
  if (await page.$("select.sample")) {
    await page.select("select.sample", "2");
    e = await explained(page);
    const z2 = step("z", 1)[1][0];
    if (!e.text.includes("Sample 2 of") || !mentions(e.text, z2, precision)) fail(`sample 2 chosen, but #explain shows: ${e.text}`);
    else count += 1;
  }
  return count;
}

/** Whether `text` shows `x` rounded to `p` significant digits somewhere. */
function mentions(text, x, p) {
  if (typeof x === "string") return text.includes(x);
  return (text.match(/-?\d+(\.\d+)?(e-?\d+)?/g) || []).some((token) => rounded(token, x, p));
}

/** Whether two trace numbers (or texts of them) are the same number, NaN the same as NaN. */
function same(a, b) {
  const [x, y] = [numeric(a), numeric(b)];
  return x === y || (Number.isNaN(x) && Number.isNaN(y));
}

/** A trace number, or the text of one, as a number ("inf" → Infinity). */
function numeric(x) {
  return x === "inf" ? Infinity : x === "-inf" ? -Infinity : Number(x);
}

/** Shows the embedded trace again through the page's refresh (the event the page's core
 *  dispatches after every change): the page, in the state it is in, must not change at all.
 *  Returns how many states were compared. */
export async function checkRefresh(page) {
  const again = () => page.$eval(".nettrace", (root) => {
    const before = root.outerHTML;
    const trace = JSON.parse(root.querySelector("#nettrace-trace").textContent);
    document.dispatchEvent(new CustomEvent("nettrace:change", { detail: { trace } }));
    return [before, root.outerHTML];
  });
  let states = 0;
  for (const keys of [[], ["End"], ["ArrowLeft"]]) {
    for (const k of keys) await page.keyboard.press(k);
    const [before, after] = await again();
    if (before !== after) {
      let at = 0;
      while (before[at] === after[at]) at += 1;
      fail(`refreshing with the embedded trace changed the page at ${at}: ${before.slice(at - 80, at + 80)} → ${after.slice(at - 80, at + 80)}`);
    }
    states += 1;
  }
  return states;
}
