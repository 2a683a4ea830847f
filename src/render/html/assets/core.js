// The page's core: nettrace's Rust, compiled to WebAssembly and embedded in the page
// (script#nettrace-core, base64), behind `window.nettrace`. Every number the page recomputes comes
// from here; nothing is computed in JavaScript. Runs inside the page's own function.
(() => {
  const page = pageRoot("nettrace-step");
  const moduleText = page.querySelector("#nettrace-core").textContent;
  const fileText = page.querySelector("#nettrace-network").textContent;
  const precision = Number(page.dataset.precision) || 6;
  // A page written with --round is traced with the same rounding.
  const round = page.dataset.round === undefined ? null : Number(page.dataset.round);
  let exports = null;
  let file = fileText;
  let traced = null;

  /** Calls the export `name` with `request` (text); its answer, or an Error with nettrace's message. */
  function call(name, request) {
    if (!exports) throw new Error("nettrace: the module is still loading; await nettrace.ready first");
    const bytes = new TextEncoder().encode(request);
    const ptr = exports.alloc(bytes.length);
    new Uint8Array(exports.memory.buffer, ptr, bytes.length).set(bytes);
    const status = exports["nettrace_" + name](ptr, bytes.length);
    const out = new Uint8Array(exports.memory.buffer, exports.output_ptr(), exports.output_len());
    const answer = new TextDecoder().decode(out);
    if (status !== 0) throw new Error(answer);
    return answer;
  }

  /** The trace of the network file `text`, as `nettrace run --json` (with the page's --round). */
  function traceOf(text) {
    return round === null ? call("trace", text) : call("trace_rounded", `{"network": ${text}, "round": ${round}}`);
  }

  /** Makes `text` the current network file, recomputes its trace and tells the page. */
  function update(text) {
    const next = traceOf(text);
    file = text;
    traced = next;
    document.dispatchEvent(new CustomEvent("nettrace:change", { detail: { trace: JSON.parse(traced) } }));
  }

  const ready = (async () => {
    const binary = atob(moduleText.trim());
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    const { instance } = await WebAssembly.instantiate(bytes, {});
    exports = instance.exports;
    traced = traceOf(file);
  })();

  window.nettrace = {
    ready,
    /** Sets the given number `name` (W[l][i][j], b[l][i], x[j], y[j], x[s][j], y[s][j], η). */
    set(name, value) {
      const v = typeof value === "number" && !Number.isFinite(value) ? String(value) : value;
      update(call("set", JSON.stringify({ network: JSON.parse(file), name: String(name), value: v })));
    },
    /** One update with the file's η, as `nettrace step` takes it. */
    step() {
      update(call("step", file));
    },
    /** Back to the network file the page was written from. */
    reset() {
      if (!exports) throw new Error("nettrace: the module is still loading; await nettrace.ready first");
      update(fileText);
    },
    /** The trace of the current network, as `nettrace run --json` prints it. */
    trace() {
      if (!exports) throw new Error("nettrace: the module is still loading; await nettrace.ready first");
      return JSON.parse(traced);
    },
    /** The current network file, as `nettrace run` reads it. */
    network() {
      return JSON.parse(file);
    },
    /** The text the tables show for `x` at the page's precision. */
    shown(x) {
      return JSON.parse(call("shown", JSON.stringify({ x: Number.isFinite(Number(x)) ? Number(x) : String(Number(x)), precision }))).text;
    },
    /** The grade of the answer sheet `sheet` (its text, digits as written, or an object) for the
     *  current network, as `nettrace grade --json` prints it. */
    grade(sheet) {
      const text = typeof sheet === "string" ? sheet : JSON.stringify(sheet);
      return JSON.parse(call("grade", `{"network": ${file}, "sheet": ${JSON.stringify(text)}}`));
    },
    /** The explain panel's lines for `key` (`W[l][r][c]` as the file stores it, `b[l][i]`,
     *  `a[l][i]`, `L`) and sample `sample` (from 1), printed in Rust from the formula trees. */
    explain(key, sample = 1) {
      const request = { network: JSON.parse(file), key: String(key), sample };
      if (round !== null) request.round = round;
      return JSON.parse(call("explain", JSON.stringify(request)));
    },
  };
})();
