// The checks of a training report (`nettrace train … --report FILE.html`), for check-page.mjs, as
// a reader would use it: the slider moves through the snapshots (by keyboard), and the epoch, the
// loss, the charts' readouts and a heatmap's entry shown (by pointer and by keyboard) are the
// numbers of the embedded data; the heatmap's pixel is in the palette's colours, with the sign of
// its entry, and the palette's legend is there; the Play button plays. In a notebook, both copies
// draw their charts and each slider moves its own report.
import { check, rounded } from "./verdict.mjs";

/** Checks the report opened in `page`, noting what it measured in `measured`; leaves it showing
 *  the last snapshot, the pointer away. */
export async function checkReport(page, measured) {
  const data = await page.evaluate(() => JSON.parse(document.getElementById("nettrace-report").textContent));
  const snaps = data.snapshots;
  measured.snapshots = snaps.length;
  measured.epochs = data.epochs.length;
  const text = (sel) => page.$eval(`.nettrace-report ${sel}`, (e) => e.textContent);
  // A number shown: its text, and its exact value (data-value).
  const exact = (sel) => page.$eval(`.nettrace-report ${sel}`, (e) => ({ text: e.textContent, value: e.dataset.value }));
  const shows = async (i, how) => {
    const [epoch, loss] = [await text('[data-part="epoch"]'), await exact('[data-part="loss"] .num')];
    check(epoch === String(snaps[i].epoch), `${how}: shows epoch ${epoch}, expected ${snaps[i].epoch}`);
    check(Number(loss.value) === snaps[i].loss, `${how}: shows L = ${loss.value}, the data has ${snaps[i].loss}`);
    check(rounded(loss.text, snaps[i].loss, 6), `${how}: shows L as ${loss.text}, not ${snaps[i].loss} to 6 digits`);
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
  const readout = (await page.$$eval(".nettrace-report figure > .readout", (rs) =>
    rs.map((r) => ({ text: r.textContent, value: (r.querySelector(".num") || { dataset: {} }).dataset.value }))))[0];
  check(
    record && readout.text.startsWith(`epoch ${epoch} · L over the training data: `) && Number(readout.value) === record.loss &&
      rounded(readout.text.split(": ")[1], record.loss, 6),
    `the loss chart's readout at epoch ${epoch} is "${readout.text}" (${readout.value}), not the record's L = ${record && record.loss} to 6 digits`,
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
  const cell = await exact('.layer [data-part="cell"] .num').catch(() => ({ text: "", value: "" }));
  check(
    Number(cell.value) === last.weights[r][c] && rounded(cell.text, last.weights[r][c], 6),
    `the pointer over W[1] row ${r + 1}, column ${c + 1} shows "${cell.text}" (${cell.value}); the data has ${last.weights[r][c]}`,
  );
  // Its pixel: one of the palette's colours, blue (n…) for a negative entry, orange (p…) for a
  // positive one.
  const colour = await canvas.evaluate((e, r, c, rows, cols) => {
    const [ch, cw] = [e.height / rows, e.width / cols];
    const [red, green, blue] = e.getContext("2d").getImageData(Math.floor(c * cw), Math.floor(r * ch), 1, 1).data;
    const css = getComputedStyle(e.closest(".nettrace"));
    const hex = "#" + [red, green, blue].map((v) => v.toString(16).padStart(2, "0")).join("");
    return ["n4", "n3", "n2", "n1", "z", "p1", "p2", "p3", "p4"].find((lv) => css.getPropertyValue(`--${lv}`).trim() === hex) || hex;
  }, r, c, rows, cols);
  const w = last.weights[r][c];
  const sign = w < 0 ? "n" : w > 0 ? "p" : "z";
  check(colour.startsWith(sign), `W[1][${r + 1}][${c + 1}] = ${w} is painted ${colour}, not a level of the palette's ${sign}`);
  const swatches = await page.$$eval(".nettrace-report .legend .swatch[data-lv]", (s) => s.length);
  check(swatches === 9, `the palette's legend has ${swatches} swatches, not 9`);
  // The same entry by keyboard: focus the heatmap, then → (↓ for a one-column matrix).
  await canvas.focus();
  const [key, kr, kc] = cols > 1 ? ["ArrowRight", 0, 1] : rows > 1 ? ["ArrowDown", 1, 0] : ["ArrowRight", 0, 0];
  await page.keyboard.press(key);
  const keyed = await text('.layer [data-part="cell"]');
  const keyedValue = await exact('.layer [data-part="cell"] .num');
  const expected = `W[1][${kr + 1}][${kc + 1}] = `;
  check(keyed.startsWith(expected) && Number(keyedValue.value) === last.weights[kr][kc],
    `${key} on the focused heatmap shows "${keyed}" (${keyedValue.value}); expected "${expected}${last.weights[kr][kc]}…"`);

  // Play: it takes focus, Enter plays and the epoch moves, Enter again stops.
  const play = await page.$('.nettrace-report [data-part="play"]');
  check(await play.evaluate((b) => b.tabIndex >= 0 && !b.disabled), "the play button cannot take focus");
  await play.focus();
  await page.keyboard.press("Enter");
  await new Promise((done) => setTimeout(done, 700));
  const playing = await page.$eval('.nettrace-report [data-part="play"]', (b) => b.getAttribute("aria-pressed"));
  const moved = await text('[data-part="epoch"]');
  await page.keyboard.press("Enter");
  check(playing === "true", "the play button is not pressed after Enter");
  check(snaps.length < 3 || moved !== String(snaps[snaps.length - 1].epoch), `playing did not move off the last epoch (shows ${moved})`);

  // The picture: the last snapshot.
  await page.focus('.nettrace-report [data-part="slider"]');
  await page.keyboard.press("End");
  await page.mouse.move(0, 0);
  await page.evaluate(() => window.scrollTo(0, 0));
}

/** Both copies draw their charts; moving the second's slider leaves the first at the last
 *  snapshot. */
export async function reportInNotebook(host) {
  const inside = await host.$$eval(".out > .nettrace", (roots) => {
    const slider = roots[1].querySelector('[data-part="slider"]');
    slider.value = "0";
    slider.dispatchEvent(new Event("input"));
    return {
      charts: roots.map((r) => r.querySelectorAll("svg.chart").length),
      epochs: roots.map((r) => r.querySelector('[data-part="epoch"]').textContent),
      data: JSON.parse(roots[0].querySelector("#nettrace-report").textContent).snapshots.map((s) => String(s.epoch)),
    };
  });
  check(inside.charts[0] > 0 && inside.charts[0] === inside.charts[1], `in a notebook, the charts drawn are ${inside.charts}`);
  check(
    inside.epochs[0] === inside.data[inside.data.length - 1] && inside.epochs[1] === inside.data[0],
    `in a notebook, one report's slider moved the other's (epochs shown: ${inside.epochs})`,
  );
}
