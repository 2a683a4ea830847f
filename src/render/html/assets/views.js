// Pictures of what the network sees and does, shared by the step page and the training report:
// an input or a unit's incoming weights as an image, and the decision boundary that nettrace
// computed on a grid (boundary.rs). The page colours numbers it is given; it computes none.
const DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
// Classes of a decision boundary of several outputs: Okabe–Ito, told apart with every common
// colour blindness, and a shape of their own for each sample mark.
const CLASS_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#000000", "#f0e442"];

/** The palette's colours as RGB triples by level ("n4" … "z" … "p4"), from the page's CSS
 *  variables. */
function palette(root) {
  const css = getComputedStyle(root);
  const colours = {};
  for (const lv of ["n4", "n3", "n2", "n1", "z", "p1", "p2", "p3", "p4"]) {
    const hex = css.getPropertyValue(`--${lv}`).trim().replace("#", "");
    colours[lv] = [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16));
  }
  return colours;
}

/** The side of the square image `n` inputs make: a square number of 16 or more. */
function imageSide(n) {
  const side = Math.round(Math.sqrt(n));
  return n >= 16 && side * side === n ? side : null;
}

/**
 * Draws `values` (rows × cols, row by row) on `canvas`, `cell` pixels per entry. With no
 * negative entry: grey levels, white for 0 to black for `top` (an image as it is seen). With
 * negative entries: the palette's levels against `top`, and a bar across every negative entry,
 * so that the sign shows without colour too.
 */
function drawImage(canvas, values, rows, cols, top, colours, cell) {
  canvas.width = cols * cell;
  canvas.height = rows * cell;
  if (values.some((v) => numeric(v) < 0)) return drawCells(canvas, values, rows, cols, top, colours, cell, cell);
  const g = canvas.getContext("2d");
  for (let p = 0; p < rows * cols; p++) {
    const v = numeric(values[p]);
    const k = Math.round(255 * (1 - Math.min(1, top > 0 && Number.isFinite(v) ? v / top : 0)));
    g.fillStyle = `rgb(${k},${k},${k})`;
    g.fillRect((p % cols) * cell, Math.floor(p / cols) * cell, cell, cell);
  }
}

/** Draws `values` (rows × cols, row by row) as cells `cw` × `ch` pixels of the palette's level
 *  against `top`, with a bar across every negative cell of 4 pixels or more (the sign without
 *  colour: in grey-scale, in print, for any colour vision). */
function drawCells(canvas, values, rows, cols, top, colours, cw, ch) {
  const g = canvas.getContext("2d");
  for (let p = 0; p < rows * cols; p++) {
    const v = numeric(values[p]), lv = level(v, top);
    const [x, y] = [(p % cols) * cw, Math.floor(p / cols) * ch];
    g.fillStyle = `rgb(${colours[lv].join(",")})`;
    g.fillRect(x, y, cw, ch);
    if (v < 0 && cw >= 4 && ch >= 4) {
      g.fillStyle = lv >= "n3" ? "#fff" : "#1b1b1b";
      const t = Math.max(1, Math.floor(ch / 6));
      g.fillRect(x + Math.floor(cw / 4), y + Math.floor((ch - t) / 2), Math.ceil(cw / 2), t);
    }
  }
}

/** The side of a point of a boundary grid: for one output, whether its level is at or above the
 *  threshold's; for classes, the class. */
function side(b, digit) {
  const k = DIGITS.indexOf(digit);
  if (b.kind === "class") return k;
  const [lo, hi] = b.range;
  return k >= Math.round(((b.threshold - lo) / (hi - lo)) * 63) ? 1 : 0;
}

/**
 * Draws grid `grid` of boundary `b` on `canvas`: each point coloured by its side of the boundary
 * (blue below the threshold, orange at or above it, stronger further from it; or its class), the
 * boundary itself as a dark line between points of different sides, and the samples marked
 * (a circle for the class of the larger output, a square for the other; shapes per class).
 */
function drawBoundary(canvas, b, grid, colours) {
  const S = canvas.width, n = b.n, cell = S / n;
  const g = canvas.getContext("2d");
  const [lo, hi] = b.range;
  const t0 = b.kind === "class" ? 0 : (b.threshold - lo) / (hi - lo);
  for (let p = 0; p < n * n; p++) {
    const k = DIGITS.indexOf(grid[p]);
    if (b.kind === "class") {
      g.fillStyle = CLASS_COLOURS[k % CLASS_COLOURS.length] + "66";
      g.clearRect((p % n) * cell, Math.floor(p / n) * cell, cell, cell);
    } else {
      const t = k / 63, d = Math.abs(t - t0) / Math.max(t0, 1 - t0, 1e-9);
      g.fillStyle = `rgb(${colours[(t >= t0 ? "p" : "n") + (d >= 0.5 ? 3 : d >= 0.2 ? 2 : 1)].join(",")})`;
    }
    g.fillRect((p % n) * cell, Math.floor(p / n) * cell, cell, cell);
  }
  g.fillStyle = "#1b1b1b";
  for (let p = 0; p < n * n; p++) {
    const [r, c] = [Math.floor(p / n), p % n];
    if (c + 1 < n && side(b, grid[p]) !== side(b, grid[p + 1])) g.fillRect((c + 1) * cell - 1, r * cell, 2, cell);
    if (r + 1 < n && side(b, grid[p]) !== side(b, grid[p + n])) g.fillRect(c * cell, (r + 1) * cell - 1, cell, 2);
  }
  const X = (x) => ((x - b.plane.x[0]) / (b.plane.x[1] - b.plane.x[0])) * S;
  const Y = (y) => S - ((y - b.plane.y[0]) / (b.plane.y[1] - b.plane.y[0])) * S;
  for (const [x1, x2, target] of b.samples) {
    const cls = b.kind === "class" ? target : target >= b.threshold ? 1 : 0;
    mark(g, X(x1), Y(x2), cls, b.kind === "class" ? CLASS_COLOURS[cls % CLASS_COLOURS.length] : `rgb(${colours[cls ? "p4" : "n4"].join(",")})`);
  }
}

/** A sample's mark: shape by class (circle, square, triangle, diamond), white-edged. */
function mark(g, x, y, cls, colour) {
  const r = 6;
  g.beginPath();
  const shape = cls % 4 === 1 ? 0 : cls % 4 === 0 ? 1 : cls % 4;
  if (shape === 0) g.arc(x, y, r, 0, 2 * Math.PI);
  else if (shape === 1) g.rect(x - r, y - r, 2 * r, 2 * r);
  else if (shape === 2) { g.moveTo(x, y - r - 1); g.lineTo(x + r + 1, y + r); g.lineTo(x - r - 1, y + r); g.closePath(); }
  else { g.moveTo(x, y - r - 1); g.lineTo(x + r + 1, y); g.lineTo(x, y + r + 1); g.lineTo(x - r - 1, y); g.closePath(); }
  g.fillStyle = colour;
  g.fill();
  g.lineWidth = 2;
  g.strokeStyle = "#fff";
  g.stroke();
}

/** What a boundary's picture shows, in words, for its `aria-label` and its note. */
function boundaryText(b, grid, when) {
  const share = [...grid].filter((d) => side(b, d) === 1).length / grid.length;
  const plane = `x₁ from ${fmt(b.plane.x[0], 3)} to ${fmt(b.plane.x[1], 3)} (across), x₂ from ${fmt(b.plane.y[0], 3)} to ${fmt(b.plane.y[1], 3)} (up)`;
  const what = b.kind === "class"
    ? `the class of the largest output at each point (${b.classes} classes)`
    : `ŷ at each point, orange where ŷ ≥ ${fmt(b.threshold, 6)} (${Math.round(share * 100)}% of the plane), blue below, the boundary as a dark line`;
  const marks = b.kind === "class" ? "a shape and colour per class of target" : "circles: target at or above it, squares: below";
  return `${when}: ${what}; ${plane}; ${b.samples.length} samples marked (${marks})`;
}
