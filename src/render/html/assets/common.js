// Shared by every nettrace page; runs inside the page's own function, so nothing here is global.

/** `x` as the tables write it: `p` significant digits, trailing zeros dropped, scientific
 *  notation below 1e-4 and from 10^p up (as C's %g); the trace's "NaN", "inf", "-inf" as they are. */
function fmt(x, p) {
  if (typeof x === "string") return x;
  if (Number.isNaN(x)) return "NaN";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return "0";
  const [mantissa, e] = significant(x, p);
  if (e < -4 || e >= p) return trimZeros(mantissa) + "e" + e;
  const sign = mantissa[0] === "-" ? "-" : "";
  const digits = mantissa.replace("-", "").replace(".", "");
  const placed = e >= 0
    ? digits.slice(0, e + 1) + "." + digits.slice(e + 1)
    : "0." + "0".repeat(-e - 1) + digits;
  return sign + trimZeros(placed);
}

/** `x` rounded to `p` significant digits: the mantissa's digits and the decimal exponent.
 *  toExponential rounds an exact tie away from zero; the tables (Rust) round it to even. */
function significant(x, p) {
  let s = x.toExponential(p - 1);
  const [long, exponent] = Math.abs(x).toExponential(Math.min(100, p + 40)).split("e");
  const digits = long.replace(".", "");
  const tie = digits[p] === "5" && /^0*$/.test(digits.slice(p + 1));
  if (tie && Number(digits[p - 1]) % 2 === 0) {
    const kept = digits.slice(0, p);
    s = (x < 0 ? "-" : "") + kept[0] + (p > 1 ? "." + kept.slice(1) : "") + "e" + exponent;
  }
  const [m, e] = s.split("e");
  return [m, Number(e)];
}

function trimZeros(s) {
  return s.includes(".") ? s.replace(/0+$/, "").replace(/\.$/, "") : s;
}

/** A trace number as a JavaScript number ("inf" → Infinity). */
function numeric(x) {
  if (typeof x !== "string") return x;
  return x === "inf" ? Infinity : x === "-inf" ? -Infinity : NaN;
}

/** The largest |x| of finite numbers, nested arrays included. */
function largest(values) {
  let top = 0;
  const visit = (v) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (Number.isFinite(numeric(v))) top = Math.max(top, Math.abs(numeric(v)));
  };
  visit(values);
  return top;
}

/** The palette level of `x` against `top` (the largest |x| around it): "n4" … "z" … "p4",
 *  strongest from half of `top` on, then from an eighth, from a thirty-second, and below. */
function level(x, top) {
  const v = numeric(x);
  if (Number.isNaN(v) || v === 0) return "z";
  const r = Number.isFinite(v) && top > 0 ? Math.abs(v) / top : 1;
  return (v < 0 ? "n" : "p") + (r >= 0.5 ? 4 : r >= 0.125 ? 3 : r >= 1 / 32 ? 2 : 1);
}

/** 12 → "₁₂". */
function sub(n) {
  return String(n).replace(/\d/g, (d) => "₀₁₂₃₄₅₆₇₈₉"[d]);
}

/** The page's root: the .nettrace element around the script that is running. */
function pageRoot(kind) {
  const here = document.currentScript && document.currentScript.closest(".nettrace");
  return here || [...document.querySelectorAll(".nettrace." + kind + ":not([data-ready])")].pop();
}

/** A number as readouts and explanations show it: an element of class num whose text is `x` to
 *  `p` significant digits (`x` exactly while the page's "exact values" switch is on), in
 *  parentheses when `paren` and negative; `data-value` and `title` hold it exactly. */
function numberElement(x, p, paren, tag = "span") {
  const e = document.createElement(tag);
  e.className = "num";
  e.dataset.value = String(x);
  e.title = String(x);
  if (paren) e.dataset.paren = "";
  e.textContent = numberText(e, p);
  return e;
}

function numberText(e, p) {
  const v = e.dataset.value;
  const exact = e.closest(".nettrace") && e.closest(".nettrace").dataset.exact === "true";
  const text = exact ? v : fmt(/^-?(inf|NaN)$/.test(v) ? v : Number(v), p);
  return e.dataset.paren !== undefined && text.startsWith("-") ? `(${text})` : text;
}

/** The "exact values" switch (`input[data-part="exact"]`): one click shows every number of the
 *  page exactly (readouts, explanations, and the table numbers whose exact value is their
 *  title), another rounds them again to `p` significant digits. */
function exactSwitch(root, p) {
  const box = root.querySelector('input[data-part="exact"]');
  if (!box) return;
  box.addEventListener("change", () => {
    root.dataset.exact = String(box.checked);
    root.querySelectorAll(".num[data-value]").forEach((e) => (e.textContent = numberText(e, p)));
    root.querySelectorAll("[data-rc][title]").forEach((e) => {
      if (e.dataset.rounded === undefined) e.dataset.rounded = e.textContent;
      e.textContent = box.checked ? e.title : e.dataset.rounded;
    });
  });
}
