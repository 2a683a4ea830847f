//! A plotters drawing backend onto the terminal's character cells, each a Unicode Braille
//! character of 2×4 dots: a chart of C columns and R rows is a picture of 2C × 4R pixels, drawn by
//! the same plotters charts as the SVG ones. Text takes whole cells, one character per column.

use plotters::style::text_anchor::{HPos, VPos};
use plotters_backend::{BackendColor, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind};
use std::convert::Infallible;

/// The first Braille character, with no dot raised.
const BLANK: u32 = 0x2800;

/// A cell: the Braille dots raised in it, their colour, or a character of text over them.
#[derive(Debug, Clone, Copy, Default)]
struct Cell {
    dots: u8,
    colour: Option<u8>,
    text: Option<char>,
}

/// A grid of `columns` × `rows` cells.
pub struct Grid {
    columns: usize,
    rows: usize,
    cells: Vec<Cell>,
}

/// The backend drawing on a grid, as plotters' SVG backend draws on a string.
pub struct Braille<'a>(pub &'a mut Grid);

impl Grid {
    pub fn new(columns: usize, rows: usize) -> Grid {
        Grid { columns, rows, cells: vec![Cell::default(); columns * rows] }
    }

    /// The grid as lines of text, trailing blanks left out; with `colour`, dots drawn in a colour
    /// are written in the terminal's nearest one (ANSI), text and black dots in the default.
    pub fn text(&self, colour: bool) -> String {
        let mut out = String::new();
        for row in self.cells.chunks(self.columns) {
            let end = row.iter().rposition(|c| c.dots != 0 || c.text.is_some()).map_or(0, |i| i + 1);
            let mut ink = None;
            for cell in &row[..end] {
                let want = if colour && cell.text.is_none() && cell.dots != 0 { cell.colour } else { None };
                if want != ink {
                    out.push_str(&match want {
                        Some(code) => format!("\x1b[{code}m"),
                        None => "\x1b[39m".to_string(),
                    });
                    ink = want;
                }
                out.push(cell.char());
            }
            if ink.is_some() {
                out.push_str("\x1b[39m");
            }
            out.push('\n');
        }
        out
    }
}

impl Cell {
    fn char(self) -> char {
        match (self.text, self.dots) {
            (Some(c), _) => c,
            (None, 0) => ' ',
            (None, dots) => char::from_u32(BLANK + dots as u32).unwrap_or(' '),
        }
    }
}

/// The bit of the dot at (x, y) of a cell, x in 0..2 and y in 0..4 (Unicode's dot numbering).
fn dot(x: usize, y: usize) -> u8 {
    const BITS: [[u8; 4]; 2] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]];
    BITS[x][y]
}

/// The ANSI foreground code of the basic colour nearest `rgb`; none for black, grey and white.
fn ansi((r, g, b): (u8, u8, u8)) -> Option<u8> {
    match (r > 127, g > 127, b > 127) {
        (true, false, false) => Some(31),
        (false, true, false) => Some(32),
        (true, true, false) => Some(33),
        (false, false, true) => Some(34),
        (true, false, true) => Some(35),
        (false, true, true) => Some(36),
        _ => None,
    }
}

impl DrawingBackend for Braille<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        (2 * self.0.columns as u32, 4 * self.0.rows as u32)
    }

    fn ensure_prepared(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    fn present(&mut self) -> Result<(), DrawingErrorKind<Infallible>> {
        Ok(())
    }

    /// Raises the dot at `pos`; a white or transparent one (a background fill) raises none.
    fn draw_pixel(
        &mut self,
        pos: (i32, i32),
        colour: BackendColor,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let (x, y) = (pos.0, pos.1);
        let white = colour.rgb == (255, 255, 255);
        if x < 0 || y < 0 || colour.alpha < 0.3 || white {
            return Ok(());
        }
        let (x, y) = (x as usize, y as usize);
        let grid = &mut self.0;
        if x / 2 >= grid.columns || y / 4 >= grid.rows {
            return Ok(());
        }
        let cell = &mut grid.cells[y / 4 * grid.columns + x / 2];
        cell.dots |= dot(x % 2, y % 4);
        cell.colour = ansi(colour.rgb);
        Ok(())
    }

    /// Filled rectangles are backgrounds here: a terminal keeps its own.
    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: (i32, i32),
        bottom_right: (i32, i32),
        style: &S,
        fill: bool,
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        if fill {
            return Ok(());
        }
        let (a, b) = (upper_left, bottom_right);
        for (from, to) in [(a, (b.0, a.1)), ((b.0, a.1), b), (b, (a.0, b.1)), ((a.0, b.1), a)] {
            self.draw_line(from, to, style)?;
        }
        Ok(())
    }

    /// One column per character, one row per line.
    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        _: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        Ok((2 * text.chars().count() as u32, 4))
    }

    /// Writes `text` into the cells around `pos` as its anchor says, over any dots there.
    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: (i32, i32),
    ) -> Result<(), DrawingErrorKind<Infallible>> {
        let width = text.chars().count() as i32;
        // Text set against a point keeps out of the point's cell (an axis drawn there): text
        // anchored on its right ends a column before it, text anchored at its top starts a row under it.
        let (x, y) = (pos.0.div_euclid(2), pos.1.div_euclid(4));
        let column = match style.anchor().h_pos {
            HPos::Left => x,
            HPos::Right => x - 1 - width,
            HPos::Center => x - width / 2,
        };
        let row = match style.anchor().v_pos {
            VPos::Top => y + 1,
            VPos::Center => y,
            VPos::Bottom => y - 1,
        };
        let grid = &mut self.0;
        if row < 0 || row as usize >= grid.rows {
            return Ok(());
        }
        for (k, c) in text.chars().enumerate() {
            let x = column + k as i32;
            if x >= 0 && (x as usize) < grid.columns {
                grid.cells[row as usize * grid.columns + x as usize].text = Some(c);
            }
        }
        Ok(())
    }
}
