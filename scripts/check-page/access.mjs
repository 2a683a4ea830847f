// The checks every nettrace page gets for people who read it other than with a mouse on a big
// screen, for check-page.mjs: on a phone (390×844) nothing overflows sideways, the step page's
// stepper stays under 120 px and its diagram's units and biases have targets of 24×24 px at
// least; every text is at 4.5:1 against its background; focus is drawn in no colour of the data;
// formulas reach the accessibility tree as one math node named by their text; the diagram's
// elements are named with their values; readouts round to 6 significant digits and the "exact
// values" switch shows them exactly; and the pictures of what the network learned change with
// the phase or the snapshot.
import { check, rounded } from "./verdict.mjs";

/** Contrast of every text element against what is behind it; the lowest goes in `measured`. */
export async function checkContrast(page, measured) {
  const found = await page.evaluate(() => {
    const rgb = (s) => (s.match(/[\d.]+/g) || []).map(Number);
    const lum = ([r, g, b]) => {
      const f = (c) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const behind = (e) => {
      for (let n = e; n; n = n.parentElement) {
        const c = rgb(getComputedStyle(n).backgroundColor);
        if (c.length === 3 || c[3] > 0) return c.slice(0, 3);
      }
      return [255, 255, 255];
    };
    const out = [];
    for (const e of document.querySelectorAll(".nettrace *")) {
      if (e.closest("svg, math, script, style, noscript") && e.tagName !== "text") continue;
      if (![...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      const s = getComputedStyle(e);
      if (s.visibility === "hidden" || e.getClientRects().length === 0) continue;
      const fg = rgb(e.tagName === "text" ? s.fill : s.color).slice(0, 3);
      const [a, b] = [lum(fg), lum(behind(e.tagName === "text" ? e.closest("svg") : e))];
      out.push({ ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), text: e.textContent.trim().slice(0, 40), cls: e.className.baseVal ?? e.className });
    }
    return out;
  });
  const lowest = found.reduce((m, f) => (f.ratio < m.ratio ? f : m), { ratio: 21 });
  measured.lowest_contrast = Math.round(lowest.ratio * 100) / 100;
  for (const f of found.filter((f) => f.ratio < 4.5).slice(0, 5)) check(false, `text "${f.text}" (${f.cls}) is at ${f.ratio.toFixed(2)}:1 against its background, under 4.5:1`);
  check(found.length > 0, "no text found to measure");
}

/** Focus on a diagram element and on a button: a solid outline of 3 px at least, in a colour of
 *  none of the palette's levels. */
export async function checkFocus(page, selector) {
  const focus = await page.$eval(selector, (e) => {
    e.focus({ preventScroll: true });
    const s = getComputedStyle(e);
    const css = getComputedStyle(e.closest(".nettrace"));
    const palette = ["n4", "n3", "n2", "n1", "z", "p1", "p2", "p3", "p4"].map((lv) => css.getPropertyValue(`--${lv}`).trim());
    const hex = (c) => "#" + (c.match(/\d+/g) || []).slice(0, 3).map((v) => Number(v).toString(16).padStart(2, "0")).join("");
    return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), colour: hex(s.outlineColor), palette, visible: e.matches(":focus-visible") };
  });
  check(focus.style === "solid" && focus.width >= 3, `focus on ${selector} is drawn ${focus.style} ${focus.width}px, not a solid outline of 3 px`);
  check(!focus.palette.includes(focus.colour), `focus on ${selector} is drawn in ${focus.colour}, a colour of the data`);
}

/** Formulas: as many math nodes in the accessibility tree as the page has, each named. */
export async function checkFormulas(page, measured) {
  const expected = await page.$$eval(".nettrace [role=math]:not(.off *)", (m) => m.filter((e) => e.getClientRects().length).map((e) => e.getAttribute("aria-label")));
  const tree = await page.accessibility.snapshot({ interestingOnly: true });
  const named = [];
  const visit = (n) => {
    if (n.role === "math") named.push(n.name || "");
    (n.children || []).forEach(visit);
  };
  visit(tree);
  measured.formulas_named = named.filter(Boolean).length;
  check(expected.length > 0, "no formula shown");
  check(named.length === expected.length && named.every((n, i) => n === expected[i]),
    `the accessibility tree has ${named.length} math nodes (${named.slice(0, 3).join(" | ")}), the page shows ${expected.length} formulas`);
}

/** Readouts: each number shown rounds its exact value to 6 digits, and is that value exactly
 *  once the "exact values" switch is on (then off again). */
export async function checkReadouts(page, selector, precision) {
  const read = () => page.$$eval(selector, (ns) => ns.map((n) => ({ text: n.textContent.replace(/^\(|\)$/g, ""), value: n.dataset.value })));
  const before = await read();
  check(before.length > 0, `no number in ${selector}`);
  for (const n of before.slice(0, 20)) {
    check(rounded(n.text, /^-?(inf|NaN)$/.test(n.value) ? n.value : Number(n.value), precision), `${selector} shows ${n.text} for ${n.value}, not ${precision} significant digits`);
  }
  await page.$eval('.nettrace input[data-part="exact"]', (e) => e.click());
  const after = await read();
  check(after.every((n) => n.text === n.value), `with exact values on, ${selector} shows ${after.slice(0, 3).map((n) => n.text)}, not ${after.slice(0, 3).map((n) => n.value)}`);
  await page.$eval('.nettrace input[data-part="exact"]', (e) => e.click());
}

/** A picture of a canvas's pixels, to tell whether it changed. */
export function pixels(page, selector) {
  return page.$$eval(selector, (cs) => cs.map((c) => {
    const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
    let h = 0;
    for (let i = 0; i < d.length; i += 4) h = (h * 31 + d[i] * 7 + d[i + 1] * 3 + d[i + 2]) >>> 0;
    return h;
  }).join(","));
}

/** The page on a phone, 390×844 px: nothing overflows sideways; on a step page the stepper is at
 *  most 120 px high and every unit and bias of a column of up to 16 has a target of 24×24 px at
 *  least. Saves a screenshot when asked. */
export async function checkPhone(browser, url, kind, measured, screenshot) {
  const page = await browser.newPage();
  await page.setViewport({ width: 390, height: 844, isMobile: true, hasTouch: true, deviceScaleFactor: 1 });
  await page.goto(url, { waitUntil: "load" });
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  measured.phone_width = wide;
  check(wide <= 390, `on a 390 px phone the page is ${wide} px wide`);
  if (kind === "nettrace-step") {
    const height = await page.$eval(".stepper", (s) => Math.round(s.getBoundingClientRect().height));
    measured.phone_stepper_px = height;
    check(height <= 120, `on a phone the stepper is ${height} px high, over 120`);
    const small = await page.$$eval("svg.net .units", (columns) => columns.flatMap((g) => {
      const controls = [...g.querySelectorAll("[data-quantity]")];
      if (controls.length > 32) return [];
      const svg = g.closest("svg");
      return controls.map((e) => {
        const hit = svg.querySelector(`[data-hit="${e.dataset.quantity}"]`);
        const boxes = [e, hit].filter(Boolean).map((x) => x.getBoundingClientRect());
        const w = Math.max(...boxes.map((b) => b.width)), h = Math.max(...boxes.map((b) => b.height));
        return w >= 23.9 && h >= 23.9 ? null : `${e.dataset.quantity} ${w.toFixed(1)}×${h.toFixed(1)}`;
      }).filter(Boolean);
    }));
    check(small.length === 0, `on a phone, targets under 24×24 px: ${small.slice(0, 4).join(", ")}`);
  }
  if (screenshot) await page.screenshot({ path: screenshot, type: "png" });
  await page.close();
}

/** A step page: its diagram's elements named with their values, Home and End left alone outside
 *  the stepper, a diagnostic's explanation scrolled to and focused, the decision boundary
 *  redrawn for the update. */
export async function checkStepAccess(page, trace, measured) {
  const P = await page.$eval(".nettrace", (r) => Number(r.dataset.precision));
  const labels = await page.$$eval("svg.net [data-quantity]", (es) => es.map((e) => [e.dataset.quantity, e.getAttribute("aria-label") || ""]));
  const bare = labels.filter(([q, l]) => !l.startsWith(`${q}: `) || !/\d/.test(l.slice(q.length)));
  check(bare.length === 0, `diagram elements not named with their meaning and value: ${bare.slice(0, 3).map((b) => b[1] || b[0])}`);
  const [q, label] = labels.find(([q]) => q.startsWith("W[")) || ["", ""];
  const [, l, r, c] = (/W\[(\d+)\]\[(\d+)\]\[(\d+)\]/.exec(q) || [0, 1, 1, 1]).map(Number);
  const w = trace.network.layers[l - 1].weights[r - 1][c - 1];
  const g = trace.steps.find((s) => s.name === "grad_weights" && s.layer === l).value[r - 1][c - 1];
  const m = /: weight from .+ to unit \d+ of layer \d+, (\S+); gradient (\S+); after the update/.exec(label);
  check(m && rounded(m[1], w, P) && rounded(m[2], g, P), `${q} is named "${label}", not with its weight ${w} and gradient ${g}`);
  measured.named = labels.length;
  // Home and End step only from the stepper.
  const phaseNow = () => page.$eval(".nettrace", (r) => r.dataset.phase);
  const before = await phaseNow();
  await page.$eval(".tables", (t) => { t.tabIndex = -1; t.focus(); });
  await page.keyboard.press(before === "update" ? "Home" : "End");
  check((await phaseNow()) === before, `Home or End outside the stepper changed the phase from ${before}`);
  await page.$eval(".tables", (t) => t.removeAttribute("tabindex"));
  // Home and End outside the stepper scroll the page as the browser does, smoothly, for a good part
  // of a second: the scroll is left to end before anything else is measured where it is.
  await page.evaluate(() => new Promise((done) => {
    let last = NaN;
    const look = () => (scrollY === last ? done() : ((last = scrollY), setTimeout(look, 100)));
    look();
  }));
  // A diagnostic about a unit: clicked, its explanation is in view and has focus.
  const finding = await page.$(".diagnostics li[data-quantity]");
  if (finding) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await finding.click();
    const shown = await page.$eval("#explain", (e) => {
      const b = e.getBoundingClientRect();
      return { focused: document.activeElement === e, inView: b.top >= 0 && b.top < innerHeight, q: e.dataset.quantity };
    });
    check(shown.focused && shown.inView, `a clicked diagnostic explained ${shown.q} in a panel ${shown.inView ? "" : "out of view, "}${shown.focused ? "" : "without focus"}`);
  }
  // The update's change: a line coloured by the sign of W after − W before.
  await page.click(".stepper ol li:last-child button");
  await page.$eval('.nettrace input[data-part="change"]', (e) => e.click());
  const lv = await page.$eval(`svg.net [data-quantity="${q}"]`, (e) => e.dataset.lv);
  const after = trace.steps.find((s) => s.name === "weights" && s.layer === l).value[r - 1][c - 1];
  const sign = after - w < 0 ? "n" : after - w > 0 ? "p" : "z";
  check(lv && lv.startsWith(sign), `with the change shown, ${q} (from ${w} to ${after}) is of level ${lv}, not of sign ${sign}`);
  await page.$eval('.nettrace input[data-part="change"]', (e) => e.click());
  // The decision boundary: before the step, and after it in the update phase.
  if (await page.$('[data-view="decision-boundary"]')) {
    await page.click(".stepper ol li:first-child button");
    const given = await pixels(page, '[data-view="decision-boundary"] canvas');
    await page.click(".stepper ol li:last-child button");
    const grid = await page.$eval('[data-view="decision-boundary"]', (f) => f.dataset.grid);
    const updated = await pixels(page, '[data-view="decision-boundary"] canvas');
    check(grid === "1" && given !== updated, `the decision boundary is not redrawn after the update (grid ${grid})`);
    measured.views = (measured.views || 0) + 1;
  }
  if (await page.$('[data-view="input-image"]')) {
    const [label, shown] = await page.$eval('[data-view="input-image"] canvas', (c) => [c.getAttribute("aria-label") || "", c.closest(".nettrace").dataset.sample]);
    check(label.startsWith(`a[0] of sample ${shown}, `), `the input image is named "${label}" with sample ${shown} shown`);
    measured.views = (measured.views || 0) + 1;
  }
}

/** A report: the pictures of what the network learned change with the slider. */
export async function checkReportViews(page, measured) {
  const views = ['[data-view="decision-boundary"] canvas', '[data-view="unit-weights"] canvas'];
  const slider = '.nettrace-report [data-part="slider"]';
  for (const v of views) {
    if (!(await page.$(v))) continue;
    await page.focus(slider);
    await page.keyboard.press("Home");
    const first = await pixels(page, v);
    await page.keyboard.press("End");
    const last = await pixels(page, v);
    check(first !== last, `${v} is the same at the first and the last snapshot`);
    measured.views = (measured.views || 0) + 1;
  }
}

/** A report: "the change since the first snapshot" shows W − W of the first snapshot, in the
 *  readout and (on small matrices) in numbers. */
export async function checkReportChange(page) {
  const data = await page.evaluate(() => JSON.parse(document.getElementById("nettrace-report").textContent));
  const snaps = data.snapshots, last = snaps[snaps.length - 1].layers[0], first = snaps[0].layers[0];
  await page.focus('.nettrace-report [data-part="slider"]');
  await page.keyboard.press("End");
  await page.$eval('.nettrace input[data-part="since"]', (e) => e.click());
  const canvas = await page.$(".nettrace-report .layer canvas");
  await canvas.focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowLeft");
  const shown = await page.$eval('.layer [data-part="cell"]', (e) => ({ text: e.textContent, value: (e.querySelector(".num") || { dataset: {} }).dataset.value }));
  const expected = last.weights[0][0] - first.weights[0][0];
  check(shown.text.startsWith(`ΔW[1][1][1] since epoch ${snaps[0].epoch} = `) && Number(shown.value) === expected,
    `with the change shown, the first entry reads "${shown.text}" (${shown.value}), not ΔW[1][1][1] = ${expected}`);
  const numbers = await page.$$eval('.layer table[data-part="numbers"]', (ts) => ts.length);
  if (last.weights.length <= 8 && last.weights[0].length <= 8) {
    const cell = await page.$eval('.layer table[data-part="numbers"] td .num', (e) => e.dataset.value);
    check(numbers > 0 && Number(cell) === expected, `the numbers of a small W[1] show ${cell}, not the change ${expected}`);
  }
  await page.$eval('.nettrace input[data-part="since"]', (e) => e.click());
}
