//! The shell every nettrace web page shares: one self-contained HTML file with its style sheet
//! and script inline and its data embedded as JSON, making no network request.
//!
//! Everything a page shows lives in one root element, `<div class="nettrace …">`, and the
//! style sheet only styles inside it, so a page also shows inline in a notebook
//! (`IPython.display.HTML`) without restyling what is around it. The page's script runs inside
//! a function of its own and finds its elements from the root, so two pages in one notebook
//! do not meet. Colours come from one colour-blind-safe diverging palette (blue for negative,
//! orange for positive; CSS variables `--n4` … `--p4`, and the `data-lv` attribute on anything
//! shaded by a value), with [`legend`] explaining it.

use crate::notation::escape::{html, script_json};
use std::fmt::Write as _;

/// The shared style sheet: the root, headings, tables, numbers, the palette and its legend,
/// buttons, printing.
pub const CSS: &str = include_str!("assets/page.css");

/// Script every page runs before its own: number formatting as the tables write numbers, the
/// palette's levels, subscripts. Defines plain functions inside the page's own function.
pub const COMMON_JS: &str = include_str!("assets/common.js");

/// What the shell of a page holds.
#[derive(Debug, Clone, Copy)]
pub struct Shell<'a> {
    /// The document's title, the user's own text (escaped here).
    pub title: &'a str,
    /// The root's class besides `nettrace`: `nettrace-step`, `nettrace-report`.
    pub class: &'a str,
    /// Attributes put on both `<body>` and the root (values escaped here): the state a test or
    /// a notebook reads, such as `data-phase`.
    pub state: &'a [(&'a str, &'a str)],
    /// The root's other attributes (values escaped here).
    pub attributes: &'a [(&'a str, &'a str)],
    /// The page's own style sheet, after the shared one.
    pub css: &'a str,
    /// The heading (`<h1>`), the user's own text (escaped here).
    pub heading: &'a str,
    /// A paragraph under the heading (`p.description`), such as the network file's own; escaped
    /// here.
    pub description: Option<&'a str>,
    /// The summary line under them (`p.meta`): these facts, each escaped, joined by " · ".
    pub facts: &'a [String],
    /// What the page says where its script cannot run (`<noscript>`, escaped here): for a page
    /// that shows nothing without it.
    pub noscript: Option<&'a str>,
}

/// Writes the document up to the root element's start tag, then the page's header and its
/// `<noscript>` text.
pub fn begin(shell: &Shell, out: &mut String) {
    let attributes = |pairs: &[(&str, &str)]| -> String {
        pairs.iter().map(|(name, value)| format!(" {name}=\"{}\"", html(value))).collect()
    };
    let state = attributes(shell.state);
    let _ = writeln!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"nettrace {}\">\n<title>{}</title>\n<style>\n{CSS}{}</style>\n\
         </head>\n<body{state}>\n<div class=\"nettrace {}\"{state}{}>",
        env!("CARGO_PKG_VERSION"),
        html(shell.title),
        shell.css,
        shell.class,
        attributes(shell.attributes),
    );
    let _ = writeln!(out, "<header>\n<h1>{}</h1>", html(shell.heading));
    if let Some(d) = shell.description {
        let _ = writeln!(out, "<p class=\"description\">{}</p>", html(d));
    }
    let facts: Vec<String> = shell.facts.iter().map(|f| html(f)).collect();
    let _ = writeln!(out, "<p class=\"meta\">{}</p>\n</header>", facts.join(" · "));
    if let Some(text) = shell.noscript {
        let _ = writeln!(out, "<noscript><p>{}</p></noscript>", html(text));
    }
}

/// Writes the page's script (after [`COMMON_JS`], both inside one function run at once) and
/// closes the root and the document.
pub fn end(script: &str, out: &mut String) {
    let _ = writeln!(
        out,
        "<script>\n(() => {{\n{COMMON_JS}\n{script}\n}})();\n</script>\n</div>\n</body>\n</html>"
    );
}

/// Embeds `json` as `<script type="application/json" id="{id}">`: the text as it is, but for
/// `</` and `<!`, written so that the element cannot end early and the text parses to the same
/// value ([`script_json`]). A page reads it with `JSON.parse(element.textContent)`.
pub fn embed_json(id: &str, json: &str, out: &mut String) {
    let _ = write!(out, "<script type=\"application/json\" id=\"{}\">", html(id));
    out.push_str(&script_json(json));
    out.push_str("</script>\n");
}

pub use crate::notation::shown::exact;

/// A number as a table cell shows it: `precision` significant digits, the exact value in the
/// `title` (shown on hover) and in `data-value` (shown by the page's "exact values" switch).
pub fn number(x: f64, precision: usize) -> String {
    let exact = exact(x);
    format!(
        "<span class=\"num\" data-value=\"{exact}\" title=\"{exact}\">{}</span>",
        crate::notation::number::format(x, precision)
    )
}

/// The switch that shows every number of the page exactly, rather than to the page's precision
/// (`input[data-part="exact"]`, read by the script's `exactSwitch`).
pub fn exact_switch(precision: usize, out: &mut String) {
    let _ = write!(
        out,
        "<label class=\"exact\"><input type=\"checkbox\" data-part=\"exact\"> exact values \
         <span class=\"note\">(else {precision} significant digits)</span></label>"
    );
}

/// The palette's legend: a swatch for each level, negative (blue, dashed lines) to positive
/// (orange), with the share of the largest |value| each level starts at. `what` says what is
/// coloured; a page's script may replace the text of its `.what` element.
pub fn legend(what: &str, out: &mut String) {
    let _ = write!(out, "<div class=\"legend\" role=\"note\"><span class=\"what\">{}</span> ", html(what));
    out.push_str("<span class=\"scale\">");
    for (level, label) in [
        ("n4", "−½"),
        ("n3", "−⅛"),
        ("n2", "−1⁄32"),
        ("n1", "<0"),
        ("z", "0"),
        ("p1", ">0"),
        ("p2", "1⁄32"),
        ("p3", "⅛"),
        ("p4", "½"),
    ] {
        let _ = write!(out, "<span class=\"swatch\" data-lv=\"{level}\">{}</span>", html(label));
    }
    out.push_str("</span> <span class=\"note\">of the largest |value| in the layer; blue negative (dashed lines, barred cells), orange positive</span></div>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_numbers_are_the_json_ones() {
        assert_eq!(exact(0.1 + 0.2), "0.30000000000000004");
        assert_eq!(exact(1.0), "1.0");
        assert_eq!(exact(-1e-7), "-1e-7");
        assert_eq!(exact(f64::NAN), "NaN");
        assert_eq!(exact(f64::NEG_INFINITY), "-inf");
        assert_eq!(
            number(-0.05000000000000004, 6),
            "<span class=\"num\" data-value=\"-0.05000000000000004\" title=\"-0.05000000000000004\">-0.05</span>"
        );
    }

    #[test]
    fn the_shell_escapes_the_title_and_state_and_closes_everything() {
        let mut out = String::new();
        let shell = Shell {
            title: "</title><script>x</script>",
            class: "nettrace-test",
            state: &[("data-phase", "given")],
            attributes: &[("data-x", "\"q\"")],
            css: ".nettrace{}",
            heading: "<h1>",
            description: Some("a & b"),
            facts: &["2 → 1".to_string(), "η = <1>".to_string()],
            noscript: Some("no <script>"),
        };
        begin(&shell, &mut out);
        embed_json("data", r#"{"a": "</script>"}"#, &mut out);
        end("let x = 1;", &mut out);
        assert!(out.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"), "{out}");
        assert!(out.contains("<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>"), "{out}");
        assert!(out.contains("<body data-phase=\"given\">"), "{out}");
        assert!(out.contains(
            "<div class=\"nettrace nettrace-test\" data-phase=\"given\" data-x=\"&quot;q&quot;\">\n\
             <header>\n<h1>&lt;h1&gt;</h1>\n<p class=\"description\">a &amp; b</p>\n\
             <p class=\"meta\">2 → 1 · η = &lt;1&gt;</p>\n</header>\n\
             <noscript><p>no &lt;script&gt;</p></noscript>\n"
        ));
        assert!(
            out.contains(r#"<script type="application/json" id="data">{"a": "\u003c/script>"}</script>"#)
        );
        assert_eq!(out.matches("<script").count(), out.matches("</script>").count());
        assert!(out.ends_with("})();\n</script>\n</div>\n</body>\n</html>\n"), "{out}");
    }
}
