// Editing a step page through the page itself, for check-page.mjs (--edit NETTRACE): a weight
// is clicked, typed and set with Enter, and then every table equals `nettrace run` on the network
// the Download button saves; Escape leaves a value as it was; text that is not a finite number is
// refused in place and changes nothing; Step (the button, then the key S) equals `nettrace step`
// and makes the loss of the notes' example go down; Train steps live and stops; Reset brings back
// the file's values. NETTRACE is the command to compare with.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fail } from "./verdict.mjs";
import { checkNumbers } from "./step.mjs";

/** The network the Download button saves, as text. */
async function downloaded(page) {
  return page.evaluate(() => {
    let href = null;
    const click = HTMLAnchorElement.prototype.click;
    HTMLAnchorElement.prototype.click = function () { href = this.href; };
    document.querySelector('.tools [data-tool="download"]').click();
    HTMLAnchorElement.prototype.click = click;
    return href && decodeURIComponent(href.replace(/^data:application\/json;charset=utf-8,/, ""));
  });
}

/** Opens the input of the table number named `name` with a click, types `text`, presses `key`. */
async function typeInto(page, name, text, key) {
  const cell = `.tables [data-edit="${name}"]`;
  await page.$eval(cell, (e) => e.scrollIntoView({ block: "center" }));
  await page.click(cell);
  const input = await page.$(`${cell} input`);
  if (!input) return fail(`clicking ${name} opened no input`);
  const focused = await page.evaluate((c) => document.activeElement === document.querySelector(`${c} input`), cell);
  if (!focused) fail(`the input of ${name} is not focused`);
  await input.click({ clickCount: 3 });
  await page.keyboard.press("Backspace");
  await page.keyboard.type(text);
  await page.keyboard.press(key);
}

/** The trace `nettrace run` writes for the network `text`, and the network after `nettrace step`. */
function command(nettrace, dir, text) {
  const file = join(dir, "edited.json");
  writeFileSync(file, text);
  const trace = JSON.parse(execFileSync(nettrace, ["run", file, "--json"], { encoding: "utf8" }));
  const next = execFileSync(nettrace, ["step", file], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  return { trace, next: JSON.parse(next) };
}

/** The page's tables and its core's trace against `want`, number for number. */
async function sameAs(page, want, what) {
  await checkNumbers(page, want);
  const core = await page.evaluate(() => window.nettrace.trace());
  if (JSON.stringify(core) !== JSON.stringify(want)) fail(`${what}: nettrace.trace() differs from nettrace run --json`);
}

/** Checks editing on the step page opened in `page`; notes what it measured in `measured`. */
export async function checkEditing(page, measured, nettrace) {
  await page.evaluate(() => window.nettrace.ready);
  if (await page.$eval(".tools", (t) => t.hidden)) return fail("the tools are hidden once the page's core is loaded");
  const dir = mkdtempSync(join(tmpdir(), "nettrace-edit-"));
  try {
    const original = await page.evaluate(() => window.nettrace.trace());
    const first = await page.$eval('.tables [data-edit^="W[1]"]', (e) => e.dataset.edit);
    await typeInto(page, first, "0.75", "Enter");
    const marked = await page.$$eval(`[data-edit="${first}"]`, (es) => es.map((e) => e.classList.contains("edited")));
    if (!marked.length || marked.some((m) => !m)) fail(`${first} set, but not marked as edited everywhere: ${marked}`);
    const text = await downloaded(page);
    if (!text) return fail("Download saved nothing");
    const { trace, next } = command(nettrace, dir, text);
    const [, l, i, j] = /W\[(\d+)\]\[(\d+)\]\[(\d+)\]/.exec(first).map(Number);
    const w = trace.network.layers[l - 1].weights;
    const set = trace.network.layout === "in_out" ? w[j - 1][i - 1] : w[i - 1][j - 1];
    if (set !== 0.75) fail(`${first} typed as 0.75, the downloaded network has ${set}`);
    await sameAs(page, trace, `after setting ${first}`);
    // Escape: nothing changes.
    await typeInto(page, "b[1][1]", "9", "Escape");
    if (await page.$(".tables .editor")) fail("Escape left the input open");
    if ((await downloaded(page)) !== text) fail("Escape changed the network");
    // Text that is not a finite number: refused where it was typed.
    for (const bad of ["abc", "1e999", ""]) {
      await typeInto(page, "b[1][1]", bad, "Enter");
      const refused = await page.$eval('.tables [data-edit="b[1][1]"]', (e) => {
        const m = e.querySelector(".refused");
        return m && m.textContent;
      });
      if (!refused) fail(`“${bad}” was not refused in place`);
      if ((await downloaded(page)) !== text) fail(`“${bad}” changed the network`);
      await page.keyboard.press("Escape");
    }
    measured.refused = 3;
    // Step: the button, then the key S, each as `nettrace step` takes it.
    await page.click('.tools [data-tool="step"]');
    const stepped = await downloaded(page);
    if (JSON.stringify(JSON.parse(stepped).layers) !== JSON.stringify(next.layers)) fail("Step differs from nettrace step");
    const after = command(nettrace, dir, stepped);
    await sameAs(page, after.trace, "after Step");
    if (!(after.trace.loss < trace.loss) && trace.network.name === "two_layer") fail(`Step: the loss went from ${trace.loss} to ${after.trace.loss}`);
    await page.$eval("body", (b) => b.focus());
    await page.keyboard.press("s");
    const again = JSON.parse(await downloaded(page));
    if (JSON.stringify(again.layers) !== JSON.stringify(after.next.layers)) fail("the key S differs from nettrace step");
    measured.stepped = 2;
    // Train: a few steps live, the curve drawn, then stopped.
    if (await page.$('.tools [data-tool="train"]')) {
      await page.click('.tools [data-tool="train"]');
      await page.waitForFunction(() => document.querySelector(".tools .status").textContent.startsWith("step 6"), { timeout: 5000 });
      await page.click('.tools [data-tool="train"]');
      if (await page.$eval("canvas.curve", (c) => c.hidden)) fail("Train drew no loss curve");
      measured.trained = true;
    }
    await page.click('.tools [data-tool="reset"]');
    await sameAs(page, original, "after Reset");
    if (await page.$(".edited")) fail("Reset left values marked as edited");
    await checkDiagram(page);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A learning rate that makes the next step overflow stops Train with `train`'s message: the
 *  same as `nettrace train --epochs 1` on the network Download saves, but for its file name and
 *  its hint at --lr. */
export async function checkDivergence(page, nettrace) {
  await page.evaluate(() => window.nettrace.ready);
  await typeInto(page, "η", "1e300", "Enter");
  const text = await downloaded(page);
  await page.click('.tools [data-tool="train"]');
  await page.waitForFunction(() => document.querySelector(".tools .status").textContent.includes("diverged"), { timeout: 5000 });
  const said = await page.$eval(".tools .status", (s) => s.textContent);
  const dir = mkdtempSync(join(tmpdir(), "nettrace-diverge-"));
  try {
    const file = join(dir, "net.json");
    writeFileSync(file, text);
    const samples = Object.hasOwn(JSON.parse(text), "inputs") ? JSON.parse(text).inputs.length : 1;
    let message = "";
    try {
      execFileSync(nettrace, ["train", file, "--epochs", "1", "--batch-size", String(samples)], { stdio: ["ignore", "ignore", "pipe"] });
    } catch (e) {
      message = String(e.stderr).trim().split("\n").pop();
    }
    const train = message.replace(`nettrace: error: ${file}: `, "").replace(/ \(--lr\)$/, "");
    if (said !== train) fail(`Train stopped with “${said}”; nettrace train says “${message}”`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (await page.$eval('.tools [data-tool="train"]', (b) => b.getAttribute("aria-pressed")) !== "false") fail("Train still pressed after diverging");
  await page.click('.tools [data-tool="reset"]');
  return said;
}

/** Enter on a bias of the diagram explains it and puts the focus in its input at the top of the
 *  panel; a number typed there is set, and the bias is marked edited in the diagram too. */
async function checkDiagram(page) {
  await page.$eval('svg.net rect[data-edit="b[1][1]"]', (e) => e.focus());
  await page.keyboard.press("Enter");
  const inPanel = await page.evaluate(() => document.activeElement.closest("#explain .edit-line") !== null);
  if (!inPanel) return fail("Enter on b[1][1] in the diagram did not open its input in the panel");
  await page.keyboard.press("Backspace");
  await page.keyboard.type("-0.5");
  await page.keyboard.press("Enter");
  const b = JSON.parse(await downloaded(page)).layers[0].bias[0];
  if (b !== -0.5) fail(`-0.5 typed for b[1][1] in the panel; the network has ${b}`);
  const marked = await page.$eval('svg.net rect[data-edit="b[1][1]"]', (e) => e.classList.contains("edited") && e.getAttribute("aria-label").endsWith(", edited"));
  if (!marked) fail("b[1][1] set from the panel, but not marked edited in the diagram");
  await page.click('.tools [data-tool="reset"]');
}
