//! The header of a `.npy` array: a Python dict literal such as
//! `{'descr': '<f4', 'fortran_order': False, 'shape': (1797, 64), }`, read by a small parser of
//! its own. It reads each character once and nests at most [`MAX_DEPTH`] deep, so any header,
//! however hostile, answers at once (a general Python-literal parser backtracked: 4× per
//! unbalanced brace). Like NumPy, it wants exactly the keys `descr`, `fortran_order` and `shape`.

use crate::error::{Error, input};

/// How deep brackets may nest: a structured dtype's fields (a list of tuples, each with a shape
/// tuple) inside the dict.
const MAX_DEPTH: usize = 4;

/// What a header says about its array.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `<f4`: the byte order, the kind and the size in bytes.
    pub descr: Descr,
    pub fortran: bool,
    pub shape: Vec<usize>,
}

/// A dtype as `descr` gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Descr {
    /// `'<f4'`: a type string.
    Plain(String),
    /// A list of fields.
    Structured,
}

/// A value of the literal: only what a header may hold.
#[derive(Debug, Clone, PartialEq)]
enum Literal {
    Str(String),
    Int(i128),
    Bool(bool),
    None,
    /// A tuple or a list.
    Seq(Vec<Literal>),
    Dict(Vec<(Literal, Literal)>),
}

/// Reads the header text (`text` after the length field) of the array `name`.
pub fn parse(text: &[u8], name: &str) -> Result<Header, Error> {
    let fail = |what: String| input(format!("{name}: not a valid .npy header: {what}"));
    let mut p = Parser { text, at: 0 };
    let dict = p.value(0).map_err(&fail)?;
    p.space();
    if p.at < text.len() && !text[p.at..].iter().all(|b| b.is_ascii_whitespace() || *b == 0) {
        return Err(fail(format!("unexpected {} after the dict at byte {}", p.found(), p.at)));
    }
    let Literal::Dict(entries) = dict else {
        return Err(fail(
            "expected a dict such as {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4)}".into(),
        ));
    };
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    for (key, value) in entries {
        let slot = match &key {
            Literal::Str(k) if k == "descr" => &mut descr,
            Literal::Str(k) if k == "fortran_order" => &mut fortran,
            Literal::Str(k) if k == "shape" => &mut shape,
            _ => {
                return Err(fail(format!(
                    "unexpected key {}; expected 'descr', 'fortran_order' and 'shape'",
                    brief(&key)
                )));
            }
        };
        if slot.replace(value).is_some() {
            return Err(fail(format!("the key {} is given twice", brief(&key))));
        }
    }
    let missing = |k: &str| fail(format!("the key '{k}' is missing"));
    let descr = match descr.ok_or_else(|| missing("descr"))? {
        Literal::Str(s) => Descr::Plain(s),
        Literal::Seq(_) => Descr::Structured,
        other => return Err(fail(format!("'descr' is {}; expected a type such as '<f4'", brief(&other)))),
    };
    let fortran = match fortran.ok_or_else(|| missing("fortran_order"))? {
        Literal::Bool(b) => b,
        other => return Err(fail(format!("'fortran_order' is {}; expected True or False", brief(&other)))),
    };
    let shape = dimensions(shape.ok_or_else(|| missing("shape"))?, name)?;
    Ok(Header { descr, fortran, shape })
}

/// The shape's dimensions; refused when their product (zeros counted as ones) overflows 64 bits.
fn dimensions(shape: Literal, name: &str) -> Result<Vec<usize>, Error> {
    let fail = |what: &str| input(format!("{name}: not a valid .npy header: {what}"));
    let Literal::Seq(dims) = shape else {
        return Err(fail("'shape' is not a tuple of dimensions"));
    };
    let mut out = Vec::with_capacity(dims.len());
    for d in &dims {
        match d {
            Literal::Int(i) if *i < 0 => return Err(fail("dimension cannot be negative")),
            Literal::Int(i) => out.push(u64::try_from(*i).unwrap_or(u64::MAX)),
            _ => return Err(fail("'shape' holds something other than whole numbers")),
        }
    }
    let size = out.iter().try_fold(1u64, |p, &d| p.checked_mul(d.max(1)));
    let shape: Option<Vec<usize>> = out.iter().map(|&d| usize::try_from(d).ok()).collect();
    match (size, shape) {
        (Some(_), Some(shape)) => Ok(shape),
        _ => {
            let text: Vec<String> = out.iter().map(u64::to_string).collect();
            let mut text = text.join(", ");
            if text.len() > 200 {
                text = format!("{}…", &text[..text.floor_char_boundary(200)]);
            }
            Err(input(format!("{name}: its shape ({text}) holds too many values")))
        }
    }
}

/// A value for a message, never long: `'shape'`, `a tuple`.
fn brief(v: &Literal) -> String {
    match v {
        Literal::Str(s) if s.chars().count() <= 40 => format!("{s:?}").replace('"', "'"),
        Literal::Str(_) => "a long string".into(),
        Literal::Int(i) => i.to_string(),
        Literal::Bool(b) => if *b { "True" } else { "False" }.into(),
        Literal::None => "None".into(),
        Literal::Seq(_) => "a tuple".into(),
        Literal::Dict(_) => "a dict".into(),
    }
}

/// A reader over the header's bytes: one character of lookahead, no backtracking.
struct Parser<'a> {
    text: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn space(&mut self) {
        while self.text.get(self.at).is_some_and(|b| b.is_ascii_whitespace()) {
            self.at += 1;
        }
    }

    /// The next byte, for messages: `'}'`, or `the end`.
    fn found(&self) -> String {
        match self.text.get(self.at) {
            Some(b) if b.is_ascii_graphic() => format!("'{}'", *b as char),
            Some(b) => format!("byte 0x{b:02x}"),
            None => "the end".into(),
        }
    }

    fn expected(&self, what: &str) -> String {
        format!("expected {what} at byte {}, found {}", self.at, self.found())
    }

    fn value(&mut self, depth: usize) -> Result<Literal, String> {
        self.space();
        let Some(&b) = self.text.get(self.at) else {
            return Err(self.expected("a value"));
        };
        match b {
            b'{' | b'(' | b'[' if depth >= MAX_DEPTH => {
                Err(format!("brackets nest deeper than {MAX_DEPTH} at byte {}", self.at))
            }
            b'{' => self.dict(depth + 1),
            b'(' => self.seq(b')', depth + 1),
            b'[' => self.seq(b']', depth + 1),
            b'\'' | b'"' => self.string(b).map(Literal::Str),
            b'-' | b'+' | b'0'..=b'9' => self.integer(),
            b'A'..=b'Z' | b'a'..=b'z' => self.word(),
            _ => Err(self.expected("a value")),
        }
    }

    fn dict(&mut self, depth: usize) -> Result<Literal, String> {
        self.at += 1;
        let mut entries = Vec::new();
        loop {
            self.space();
            if self.eat(b'}') {
                return Ok(Literal::Dict(entries));
            }
            let key = self.value(depth)?;
            self.space();
            if !self.eat(b':') {
                return Err(self.expected("':'"));
            }
            entries.push((key, self.value(depth)?));
            if !self.separator(b'}')? {
                return Ok(Literal::Dict(entries));
            }
        }
    }

    fn seq(&mut self, close: u8, depth: usize) -> Result<Literal, String> {
        self.at += 1;
        let mut items = Vec::new();
        loop {
            self.space();
            if self.eat(close) {
                return Ok(Literal::Seq(items));
            }
            items.push(self.value(depth)?);
            if !self.separator(close)? {
                return Ok(Literal::Seq(items));
            }
        }
    }

    /// After an item: a comma (true: more may follow) or the closing bracket (false).
    fn separator(&mut self, close: u8) -> Result<bool, String> {
        self.space();
        if self.eat(b',') {
            Ok(true)
        } else if self.eat(close) {
            Ok(false)
        } else {
            Err(self.expected(&format!("',' or '{}'", close as char)))
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.text.get(self.at) == Some(&b);
        self.at += usize::from(found);
        found
    }

    fn string(&mut self, quote: u8) -> Result<String, String> {
        let start = self.at;
        self.at += 1;
        let mut bytes = Vec::new();
        loop {
            match self.text.get(self.at) {
                None | Some(b'\n') => {
                    self.at = start;
                    return Err(self.expected("a string closed on its line"));
                }
                Some(&b) if b == quote => break,
                Some(b'\\') => {
                    self.at += 1;
                    bytes.extend(self.text.get(self.at));
                }
                Some(&b) => bytes.push(b),
            }
            self.at += 1;
        }
        self.at += 1;
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    }

    fn integer(&mut self) -> Result<Literal, String> {
        let start = self.at;
        self.at += usize::from(matches!(self.text[self.at], b'-' | b'+'));
        let digits = self.text[self.at..].iter().take_while(|b| b.is_ascii_digit()).count();
        self.at += digits;
        // A Python 2 long (`3L`), as old NumPy wrote it.
        self.at += usize::from(digits > 0 && matches!(self.text.get(self.at), Some(b'L' | b'l')));
        let text = std::str::from_utf8(&self.text[start..start + (self.at - start)]).unwrap_or("");
        let text = text.trim_end_matches(['L', 'l']);
        if digits == 0 {
            self.at = start;
            return Err(self.expected("a number"));
        }
        // Past i128 is surely too large: kept as the largest, which the size check refuses.
        Ok(Literal::Int(text.parse().unwrap_or(if text.starts_with('-') { i128::MIN } else { i128::MAX })))
    }

    fn word(&mut self) -> Result<Literal, String> {
        let start = self.at;
        let len = self.text[start..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_').count();
        let value = match &self.text[start..start + len] {
            b"True" => Literal::Bool(true),
            b"False" => Literal::Bool(false),
            b"None" => Literal::None,
            _ => return Err(self.expected("a value (True, False, None, a number, a string or brackets)")),
        };
        self.at += len;
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        parse(text.as_bytes(), "x.npy").unwrap_err().to_string()
    }

    #[test]
    fn reads_what_numpy_writes() {
        let h = parse(b"{'descr': '<f4', 'fortran_order': False, 'shape': (1797, 64), }          \n", "x")
            .unwrap();
        assert_eq!(h, Header { descr: Descr::Plain("<f4".into()), fortran: false, shape: vec![1797, 64] });
        let h =
            parse(b"{\"shape\": (3L,), \"fortran_order\": True, \"descr\": [('a', '<f4')]}", "x").unwrap();
        assert_eq!(h, Header { descr: Descr::Structured, fortran: true, shape: vec![3] });
        assert_eq!(
            parse(b"{'descr': '|u1', 'fortran_order': False, 'shape': ()}", "x").unwrap().shape,
            Vec::<usize>::new()
        );
    }

    #[test]
    fn refuses_what_numpy_refuses_briefly() {
        assert_eq!(
            error("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'shape': (4,)}"),
            "x.npy: not a valid .npy header: the key 'shape' is given twice"
        );
        assert_eq!(
            error("{'descr': '<f4', 'fortran_order': False}"),
            "x.npy: not a valid .npy header: the key 'shape' is missing"
        );
        assert_eq!(
            error(&"{".repeat(14)),
            "x.npy: not a valid .npy header: brackets nest deeper than 4 at byte 4"
        );
        assert_eq!(
            error("{'descr': '<f4', 'fortran_order': 0, 'shape': (3,)}"),
            "x.npy: not a valid .npy header: 'fortran_order' is 0; expected True or False"
        );
        assert_eq!(
            error("{'descr': '<f4', 'fortran_order': False, 'shape': (3,)} x"),
            "x.npy: not a valid .npy header: unexpected 'x' after the dict at byte 56"
        );
    }
}
