//! A small reader of the HTML nettrace writes: enough to tell that a page is well formed (every
//! element closed in order, attributes quoted, every `&` a character reference, script and style
//! text ending where it should) and to find elements by their attributes.

use std::collections::BTreeMap;

/// Elements that have no end tag in HTML.
const VOID: &[&str] = &["meta", "br", "hr", "img", "input", "link", "col", "wbr"];

/// One start tag: its name and attributes (values as written, character references kept).
#[derive(Debug, Clone)]
pub struct Tag {
    pub name: String,
    pub attributes: BTreeMap<String, String>,
    /// Where the text after the tag starts.
    pub end: usize,
}

/// Every start tag of `html`, in order, after checking that the page is well formed; panics
/// naming the first fault.
pub fn parse(html: &str) -> Vec<Tag> {
    assert!(html.starts_with("<!DOCTYPE html>\n"), "no doctype");
    let mut at = "<!DOCTYPE html>\n".len();
    let (mut open, mut tags): (Vec<String>, Vec<Tag>) = (Vec::new(), Vec::new());
    while let Some(lt) = html[at..].find('<').map(|i| at + i) {
        check_references(&html[at..lt], at);
        let close = tag_end(html, lt);
        let inner = &html[lt + 1..close];
        at = close + 1;
        if let Some(name) = inner.strip_prefix('/') {
            let top = open.pop().unwrap_or_else(|| panic!("</{name}> at {lt} closes nothing"));
            assert_eq!(top, name, "</{name}> at {lt} closes <{top}>");
            continue;
        }
        let tag = start_tag(inner, at);
        let self_closing = inner.ends_with('/');
        if tag.name == "script" || tag.name == "style" {
            let end = html[at..].find(&format!("</{}>", tag.name)).map(|i| at + i);
            let end = end.unwrap_or_else(|| panic!("<{}> at {lt} is never closed", tag.name));
            at = end + tag.name.len() + 3;
        } else if !self_closing && !VOID.contains(&tag.name.as_str()) {
            open.push(tag.name.clone());
        }
        tags.push(tag);
    }
    check_references(&html[at..], at);
    assert!(open.is_empty(), "never closed: {open:?}");
    tags
}

/// Where the tag starting at `lt` ends: the first `>` outside a quoted attribute value.
fn tag_end(html: &str, lt: usize) -> usize {
    let mut quoted = false;
    for (i, c) in html[lt..].char_indices() {
        match c {
            '"' => quoted = !quoted,
            '<' if i > 0 && !quoted => panic!("a raw < inside the tag at {lt}: {}", &html[lt..lt + i + 1]),
            '>' if !quoted => return lt + i,
            _ => {}
        }
    }
    panic!("the tag at {lt} never ends")
}

/// A start tag's name and attributes; panics on an unquoted or repeated attribute.
fn start_tag(inner: &str, end: usize) -> Tag {
    let inner = inner.trim_end_matches('/');
    let (name, mut rest) = inner.split_once(char::is_whitespace).unwrap_or((inner, ""));
    assert!(name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'), "a bad tag name {name:?}");
    let mut attributes = BTreeMap::new();
    loop {
        rest = rest.trim_start();
        if rest.is_empty() {
            break;
        }
        let stop = rest.find(['=', ' ']).unwrap_or(rest.len());
        let key = &rest[..stop];
        let value = if rest[stop..].starts_with("=\"") {
            let v = &rest[stop + 2..];
            let close = v.find('"').unwrap_or_else(|| panic!("an unclosed value in <{name} {inner}>"));
            rest = &v[close + 1..];
            check_references(&v[..close], end);
            v[..close].to_string()
        } else {
            assert!(!rest[stop..].starts_with('='), "an unquoted value in <{inner}>");
            rest = &rest[stop..];
            String::new()
        };
        assert!(attributes.insert(key.to_string(), value).is_none(), "{key} twice in <{inner}>");
    }
    Tag { name: name.to_string(), attributes, end }
}

/// Panics when an `&` of `text` does not start a character reference.
fn check_references(text: &str, at: usize) {
    for (i, _) in text.match_indices('&') {
        let rest = &text[i + 1..];
        let name = rest.split(';').next().unwrap_or("");
        let ok = rest.contains(';')
            && !name.is_empty()
            && (name.chars().all(|c| c.is_ascii_alphanumeric())
                || name.strip_prefix('#').is_some_and(|d| d.chars().all(|c| c.is_ascii_digit())));
        assert!(ok, "a bare & near {}: {:?}", at + i, &text[i..(i + 20).min(text.len())]);
    }
}

/// The text up to the end tag of the element whose start tag is `tag`.
pub fn text_of<'a>(html: &'a str, tag: &Tag) -> &'a str {
    let end = html[tag.end..].find(&format!("</{}>", tag.name)).expect("the element is closed");
    &html[tag.end..tag.end + end]
}

/// The text of `html` with the named character references nettrace writes read back.
pub fn unescape(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}
