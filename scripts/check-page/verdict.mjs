// What the checks of one page found: each failure, and how many checks ran. check-page.mjs
// checks one page per process, so these are the page's.
export const failures = [];
export const counted = { checks: 0 };

export function fail(message) {
  failures.push(message);
}

/** One check, counted: a failure saying `message` unless `ok`. */
export function check(ok, message) {
  counted.checks += 1;
  if (!ok) fail(message);
}

/** Whether `text` is `x` rounded to `p` significant digits. */
export function rounded(text, x, p) {
  if (typeof x === "string" || x === 0) return text === String(x === 0 ? "0" : x);
  const unit = 10 ** (Math.floor(Math.log10(Math.abs(x))) - p + 1);
  return Math.abs(Number(text) - x) <= unit / 2 * (1 + 1e-9) && text.replace(/^-|e.*$|\./g, "").replace(/^0+/, "").length <= p;
}
