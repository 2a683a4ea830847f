// Checks that every math expression in Markdown files renders in KaTeX.
//
//   node scripts/check-katex.mjs FILE.md...
//
// Display math is each `$$ … $$` block, inline math each `$…$` outside them; code is skipped.
// Prints "N/N math expressions render in KaTeX" and exits 1 naming each expression that fails.
import { readFileSync } from "node:fs";
import katex from "katex";

let total = 0;
const failures = [];
for (const file of process.argv.slice(2)) {
  // Code is not math: drop fenced blocks and inline code first.
  const text = readFileSync(file, "utf8")
    .replace(/```[\s\S]*?```/g, "")
    .replace(/`[^`\n]*`/g, "");
  const parts = text.split("$$");
  if (parts.length % 2 === 0) failures.push(`${file}: an unclosed $$ block`);
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      check(file, part, true);
      return;
    }
    const prose = part;
    const inline = prose.split("$");
    if (inline.length % 2 === 0) failures.push(`${file}: an unclosed $ in: ${prose.trim().slice(0, 80)}`);
    inline.forEach((m, j) => {
      if (j % 2 === 1) check(file, m, false);
    });
  });
}

function check(file, tex, displayMode) {
  total += 1;
  try {
    katex.renderToString(tex, { displayMode, throwOnError: true, strict: "error" });
  } catch (e) {
    failures.push(`${file}: ${e.message}\n  in: ${tex.trim().slice(0, 200)}`);
  }
}

for (const f of failures) console.error(f);
console.log(`${total - failures.length}/${total} math expressions render in KaTeX`);
process.exit(failures.length ? 1 : 0);
