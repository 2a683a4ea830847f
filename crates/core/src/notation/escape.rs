//! User text made inert for the place it is written: one function per destination.
//!
//! A network's name and description, a JSON key or value, a CSV header, a file name: text that
//! nettrace did not write goes through one of these before it reaches a terminal, a document or a
//! script, so that it shows as the text it is and never acts there. Text with nothing special for
//! a destination comes out unchanged: ordinary names print as they always did.
//!
//! Characters that act on a terminal or hide what is around them are shown as Rust writes them in
//! a string literal: `\n`, `\r`, `\t`, `\0`, and `\u{1b}` (hexadecimal, lower case) for the rest.
//! They are the control characters (C0 with ESC, CR and NUL; DEL; C1), the format characters
//! (bidirectional overrides and isolates, zero-width spaces, the soft hyphen, the byte order mark;
//! not the zero-width joiner and non-joiner, which emoji and some scripts need inside words), and
//! the line and paragraph separators U+2028 and U+2029.
//!
//! ```
//! use nettrace_core::notation::escape;
//!
//! assert_eq!(escape::terminal("a\x1b]0;pwned\x07"), "a\\u{1b}]0;pwned\\u{7}");
//! assert_eq!(escape::quote("relu\n"), "\"relu\\n\"");
//! assert_eq!(escape::latex("$\\input{x}$"), "\\$\\textbackslash{}input\\{x\\}\\$");
//! assert_eq!(escape::python("e\u{301}\u{2028}"), "\"e\u{301}\\u2028\"");
//! assert_eq!(escape::html("<b title=\"x\">&\u{202e}"), "&lt;b title=&quot;x&quot;&gt;&amp;\\u{202e}");
//! assert_eq!(escape::script_json(r#"{"name": "</script><!--"}"#), r#"{"name": "\u003c/script>\u003c!--"}"#);
//! ```

use std::borrow::Cow;
use unicode_general_category::{GeneralCategory, get_general_category};

/// The most characters [`quote`] and [`cut`] show of a text before they cut it.
pub const SHOWN: usize = 80;

/// Whether `c` acts on a terminal or hides text: see the module's documentation.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            get_general_category(c),
            GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator
        )
        || (get_general_category(c) == GeneralCategory::Format && !matches!(c, '\u{200c}' | '\u{200d}'))
}

/// Whether `c` ends a line somewhere: a Markdown or TeX reader, a terminal, an editor.
fn line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// Appends `c` as it is shown: itself, or its escape when it is [`hidden`].
fn visible(c: char, out: &mut String) {
    match c {
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\0' => out.push_str("\\0"),
        c if hidden(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
        c => out.push(c),
    }
}

/// Text for a terminal (a table's title, a message): hidden characters shown as escapes; the rest,
/// backslashes included, as it is.
pub fn terminal(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| visible(c, &mut out));
    out
}

/// Text quoted in an error message: in double quotes, with `"` and `\` escaped and hidden
/// characters shown, as Rust's `{:?}` writes a plain string. A long text is cut after
/// [`SHOWN`] characters and its length given: `"xxx…" (20000000 characters)`. One line, always.
pub fn quote(text: &str) -> String {
    let (shown, whole) = limited(text, |c, out| match c {
        '"' => out.push_str("\\\""),
        '\\' => out.push_str("\\\\"),
        c => visible(c, out),
    });
    let mut out = format!("\"{shown}\"");
    if !whole {
        out.push_str(&format!(" ({} characters)", text.chars().count()));
    }
    out
}

/// Text that is already a form of its own (a JSON value as written, a command-line argument)
/// for an error message: [`terminal`]'s escapes, cut like [`quote`] but not put in quotes.
pub fn cut(text: &str) -> String {
    let (mut out, whole) = limited(text, visible);
    if !whole {
        out.push_str(&format!(" ({} characters)", text.chars().count()));
    }
    out
}

/// The first characters of `text` escaped by `escape`, at most [`SHOWN`] characters of output,
/// ending in `…` when `text` did not fit; and whether it did.
fn limited(text: &str, escape: impl Fn(char, &mut String)) -> (String, bool) {
    let (mut out, mut piece, mut count) = (String::new(), String::new(), 0);
    for c in text.chars() {
        piece.clear();
        escape(c, &mut piece);
        count += piece.chars().count();
        if count > SHOWN {
            out.push('…');
            return (out, false);
        }
        out.push_str(&piece);
    }
    (out, true)
}

/// Text for LaTeX's text mode, as it reads: the special characters `\ { } $ & # ^ _ % ~` and
/// `< > |` typeset as themselves, `--` kept from becoming a dash, line breaks as spaces, hidden
/// characters shown, and characters outside ASCII written as TeX or, failing that, `?` (the
/// document is compiled by plain `pdflatex`, whose fonts have no more).
pub fn latex(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if line_break(c) { shown.push(' ') } else { visible(c, &mut shown) }
    }
    let mut out = String::with_capacity(shown.len());
    let mut chars = shown.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '#' | '$' | '%' | '&' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '<' | '>' | '|' => {
                out.push('$');
                out.push(c);
                out.push('$');
            }
            '-' if chars.peek() == Some(&'-') => out.push_str("-{}"),
            '“' => out.push_str("``"),
            '”' => out.push_str("''"),
            '‘' | '’' => out.push('\''),
            '—' => out.push_str("---"),
            '–' => out.push_str("--"),
            '·' => out.push_str("$\\cdot$"),
            '×' => out.push_str("$\\times$"),
            '→' => out.push_str("$\\to$"),
            '≤' => out.push_str("$\\le$"),
            '≥' => out.push_str("$\\ge$"),
            'δ' => out.push_str("$\\delta$"),
            'η' => out.push_str("$\\eta$"),
            'σ' => out.push_str("$\\sigma$"),
            'φ' => out.push_str("$\\phi$"),
            c if c.is_ascii() => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// Inline text for Markdown, on a line of its own or after a heading's `#`: no heading, list,
/// quote, code, link, image, math or HTML can start from it. `<`, `>` and `&` become HTML
/// entities; `\`, `` ` ``, `*`, `#`, `$` and `_` outside a word are escaped with a backslash, as
/// are `]` before `(` or `[` (a link) and a character that would start a block at the start; line
/// breaks become spaces and hidden characters are shown.
pub fn markdown(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    for c in text.chars() {
        if line_break(c) { shown.push(' ') } else { visible(c, &mut shown) }
    }
    let chars: Vec<char> = shown.trim_start_matches([' ', '\t']).chars().collect();
    let word = |i: Option<usize>| i.and_then(|i| chars.get(i)).is_some_and(|c| c.is_alphanumeric());
    // A list item `1.` or `1)` at the start: its digits, then the punctuation to escape.
    let digits = chars.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut out = String::with_capacity(shown.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '#' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '_' if !(word(i.checked_sub(1)) && word(Some(i + 1))) => out.push_str("\\_"),
            ']' if matches!(chars.get(i + 1), Some('(' | '[')) => out.push_str("\\]"),
            '-' | '+' | '=' | '~' | '|' | '[' if i == 0 => {
                out.push('\\');
                out.push(c);
            }
            '.' | ')' if i == digits && digits > 0 => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// The inside of a Graphviz DOT double-quoted string (the caller adds the quotes): `"` and `\`
/// escaped, `&` as `&amp;` (Graphviz reads HTML entities in strings), hidden characters shown.
pub fn dot(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    text.chars().for_each(|c| visible(c, &mut shown));
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '&' => out.push_str("&amp;"),
            c => out.push(c),
        }
    }
    out
}

/// Text for HTML, as an element's content or inside a quoted attribute value: `&`, `<`, `>`, `"`
/// and `'` as character references, hidden characters shown (so a bidirectional override cannot
/// reorder the page around it).
pub fn html(text: &str) -> String {
    let mut shown = String::with_capacity(text.len());
    text.chars().for_each(|c| visible(c, &mut shown));
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// JSON text for the inside of an HTML `<script>` element: each `<` that starts `</` or `<!`
/// written as the JSON escape `\u003c`, so that no `</script>` ends the element early and no
/// `<!--` changes how the rest is read. JSON has `<` only inside strings, where `\u003c` reads
/// back as `<`: the text parses to the same value, and text without them is unchanged.
pub fn script_json(json: &str) -> Cow<'_, str> {
    if !json.contains("</") && !json.contains("<!") {
        return Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    let mut rest = json;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        out.push_str(if after.starts_with(['/', '!']) { "\\u003c" } else { "<" });
        rest = after;
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A Python string literal in double quotes that evaluates to `text`, for any Unicode: `\` and
/// `"` escaped, and every character Python does not count as printable (controls, format
/// characters, separators other than the space, private-use and unassigned code points) as
/// `\n`, `\r`, `\t`, `\xXX`, `\uXXXX` or `\UXXXXXXXX`, as Python's own `repr` writes them.
pub fn python(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if printable_in_python(c) => out.push(c),
            c if (c as u32) < 0x100 => out.push_str(&format!("\\x{:02x}", c as u32)),
            c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push_str(&format!("\\U{:08x}", c as u32)),
        }
    }
    out.push('"');
    out
}

/// Python's `str.isprintable` for one character: not in the categories Cc, Cf, Cs, Co, Cn, Zl,
/// Zp, nor Zs other than the space.
fn printable_in_python(c: char) -> bool {
    use GeneralCategory::*;
    c == ' '
        || !matches!(
            get_general_category(c),
            Control
                | Format
                | Surrogate
                | PrivateUse
                | Unassigned
                | LineSeparator
                | ParagraphSeparator
                | SpaceSeparator
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_unchanged_everywhere() {
        let plain = "two_layer: The notes' example: Linear(2, 4), x = [0.5, 1.0], exercise-3";
        assert_eq!(terminal(plain), plain);
        assert_eq!(cut(plain), plain);
        assert_eq!(quote(plain), format!("{plain:?}"));
        assert_eq!(markdown(plain), plain);
        assert_eq!(dot(plain), plain);
        assert_eq!(python(plain), format!("{plain:?}"));
        assert_eq!(
            html(plain),
            "two_layer: The notes&#39; example: Linear(2, 4), x = [0.5, 1.0], exercise-3"
        );
        assert_eq!(script_json(plain), plain);
        assert_eq!(latex("The notes' example (1, 2), x = [0.5]"), "The notes' example (1, 2), x = [0.5]");
        assert_eq!(latex("two_layer"), "two\\_layer");
    }

    #[test]
    fn terminal_shows_what_would_act() {
        assert_eq!(terminal("a\x1b[2J\r\0\u{9b}b"), "a\\u{1b}[2J\\r\\0\\u{9b}b");
        assert_eq!(terminal("\u{202e}txt.exe\u{2028}\u{ad}"), "\\u{202e}txt.exe\\u{2028}\\u{ad}");
        // Joiners, combining marks and other scripts are text.
        assert_eq!(terminal("👨\u{200d}👩 e\u{301} η ∂"), "👨\u{200d}👩 e\u{301} η ∂");
        assert_eq!(terminal("a\\b"), "a\\b");
    }

    #[test]
    fn quote_and_cut_keep_messages_short_and_on_one_line() {
        assert_eq!(quote("a\"b\\c\nd"), "\"a\\\"b\\\\c\\nd\"");
        let long = "x".repeat(1000);
        assert_eq!(quote(&long), format!("\"{}…\" (1000 characters)", "x".repeat(SHOWN)));
        assert_eq!(cut(&long), format!("{}… (1000 characters)", "x".repeat(SHOWN)));
        let escapes = "\x1b".repeat(1000);
        assert!(quote(&escapes).len() < 2 * SHOWN, "{}", quote(&escapes));
        assert_eq!(quote(&"x".repeat(SHOWN)), format!("\"{}\"", "x".repeat(SHOWN)));
    }

    #[test]
    fn latex_typesets_every_special_character() {
        assert_eq!(
            latex("\\ { } $ & # ^ _ % ~ < > | a--b"),
            "\\textbackslash{} \\{ \\} \\$ \\& \\# \\textasciicircum{} \\_ \\% \\textasciitilde{} $<$ $>$ $|$ a-{}-b"
        );
        assert_eq!(latex("a\nb\x1b"), "a b\\textbackslash{}u\\{1b\\}");
        assert_eq!(latex("☃ η"), "? $\\eta$");
    }

    #[test]
    fn markdown_starts_nothing() {
        assert_eq!(markdown("# h"), "\\# h");
        assert_eq!(markdown("x\n# h\r\n- item"), "x \\# h  - item");
        assert_eq!(markdown("- a"), "\\- a");
        assert_eq!(markdown("   > a"), "&gt; a");
        assert_eq!(markdown("12. a 3. b"), "12\\. a 3. b");
        assert_eq!(markdown("<script>&lt;"), "&lt;script&gt;&amp;lt;");
        assert_eq!(markdown("[a](javascript:x) ![i][r]"), "\\[a\\](javascript:x) ![i\\][r]");
        assert_eq!(markdown("`a` *b* _c_ d_e $x$ \\"), "\\`a\\` \\*b\\* \\_c\\_ d_e \\$x\\$ \\\\");
    }

    #[test]
    fn dot_strings_cannot_end_or_interpolate() {
        assert_eq!(dot("a\"b\\N &lt; \x1b\n"), "a\\\"b\\\\N &amp;lt; \\\\u{1b}\\\\n");
    }

    #[test]
    fn html_creates_no_element_entity_or_attribute_end() {
        assert_eq!(html("<script>a&b</script>"), "&lt;script&gt;a&amp;b&lt;/script&gt;");
        assert_eq!(html("\" onclick='x'"), "&quot; onclick=&#39;x&#39;");
        assert_eq!(html("&lt; \u{202e}\u{2028}\x1b"), "&amp;lt; \\u{202e}\\u{2028}\\u{1b}");
        assert_eq!(html("e\u{301} η ∂ 👨\u{200d}👩"), "e\u{301} η ∂ 👨\u{200d}👩");
    }

    #[test]
    fn json_in_a_script_cannot_end_it_and_reads_back_the_same() {
        let value = serde_json::json!({"name": "</script><!-- <script> a<b \\</ \"</"});
        let text = serde_json::to_string(&value).unwrap();
        let safe = script_json(&text);
        assert!(!safe.contains("</") && !safe.contains("<!"), "{safe}");
        assert!(safe.contains("a<b"), "a lone < stays: {safe}");
        assert_eq!(serde_json::from_str::<serde_json::Value>(&safe).unwrap(), value);
        assert_eq!(script_json("{\"a\": \"x < 1\"}"), "{\"a\": \"x < 1\"}");
    }

    #[test]
    fn python_literals_use_python_escapes() {
        assert_eq!(python("a\"b\\c"), "\"a\\\"b\\\\c\"");
        assert_eq!(python("\0\x1b\u{ad}\u{a0}\u{2028}\u{202e}"), "\"\\x00\\x1b\\xad\\xa0\\u2028\\u202e\"");
        assert_eq!(python("\u{e0001}\u{10ffff}"), "\"\\U000e0001\\U0010ffff\"");
        assert_eq!(python("e\u{301} 中 'x'"), "\"e\u{301} 中 'x'\"");
    }
}
