//! The hand-drawn grid gives exactly comfy-table's UTF8_FULL_CONDENSED output, over random grids.

use crate::common::Random;
use comfy_table::{Cell, CellAlignment, Table, presets};
use nettrace::render::grid::{Align, Grid};

fn comfy(grid: &Grid) -> String {
    let mut table = Table::new();
    table.load_style(presets::UTF8_FULL_CONDENSED).force_no_tty();
    table.set_header(grid.header.iter().map(|h| Cell::new(h).set_alignment(CellAlignment::Center)));
    for row in &grid.rows {
        table.add_row(row.iter().zip(&grid.align).map(|(c, a)| {
            Cell::new(c).set_alignment(if *a == Align::Right {
                CellAlignment::Right
            } else {
                CellAlignment::Left
            })
        }));
    }
    table.to_string()
}

fn word(rng: &mut Random) -> String {
    let pieces =
        ["0", "-1.5", "2.25e-07", "NaN", "inf", "unit 12", "neuron 3", "", "x", "1234567.89", "-0.000123"];
    let mut s = rng.pick(&pieces).to_string();
    if rng.coin() {
        s.push_str(&rng.int(0, 99_999).to_string());
    }
    s
}

#[test]
fn random_grids_match_comfy_table_byte_for_byte() {
    let mut rng = Random::new(31);
    for i in 0..300 {
        let cols = rng.int(1, 8);
        let rows = rng.int(0, 6);
        let mut grid = Grid::default();
        for c in 0..cols {
            grid.header.push(if c == 0 && rng.coin() { String::new() } else { word(&mut rng) });
            grid.align.push(if rng.coin() { Align::Right } else { Align::Left });
        }
        for _ in 0..rows {
            grid.rows.push((0..cols).map(|_| word(&mut rng)).collect());
        }
        assert_eq!(grid.render(), comfy(&grid), "grid {i}: {grid:?}");
    }
}
