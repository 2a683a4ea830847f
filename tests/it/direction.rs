//! The parts depend one way. The README's table "The parts depend one way" says which part may use
//! which; this test reads every `crate::…`, `nettrace::…` and `nettrace_core::…` path in the code
//! (comments and the test modules at the end of a file aside) and fails on a path against it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The README's table: part → the parts it may use.
fn allowed() -> BTreeMap<String, BTreeSet<String>> {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let section = readme.split("The parts depend one way").nth(1).expect("the README states the direction");
    let rows = section.lines().skip_while(|l| !l.starts_with('|')).take_while(|l| l.starts_with('|'));
    let mut table = BTreeMap::new();
    for row in rows.skip(2) {
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        let uses: BTreeSet<String> = cells[2]
            .split(',')
            .map(|p| p.trim().trim_matches('`').to_string())
            .filter(|p| p != "—")
            .collect();
        for part in cells[1].split(',') {
            table.insert(part.trim().trim_matches('`').to_string(), uses.clone());
        }
    }
    table
}

/// Every .rs file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The part a source file belongs to: its first folder or file name under `src`; `main.rs` is
/// the command line's, `lib.rs` (the crate root) none.
fn part_of(src: &Path, file: &Path) -> Option<String> {
    let first = file.strip_prefix(src).unwrap().components().next()?.as_os_str().to_str()?.to_string();
    match first.as_str() {
        "lib.rs" => None,
        "main.rs" => Some("cli".to_string()),
        _ => Some(first.trim_end_matches(".rs").to_string()),
    }
}

/// The parts the code of `text` names, with the line that names each.
fn used(text: &str) -> Vec<(String, String)> {
    let code = text.split("#[cfg(test)]").next().unwrap();
    let mut out = Vec::new();
    for line in code.lines().map(|l| l.split("//").next().unwrap()) {
        for prefix in ["crate::", "nettrace::", "nettrace_core::"] {
            for (at, _) in line.match_indices(prefix) {
                let before = line[..at].chars().next_back();
                if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                let rest = &line[at + prefix.len()..];
                let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
                if !name.is_empty() && !name.chars().next().unwrap().is_uppercase() {
                    out.push((name, line.trim().to_string()));
                }
            }
        }
    }
    out
}

/// Every path from one part into another that the table does not allow, as "file: line".
fn against(allowed: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let mut wrong = Vec::new();
    for src in [Path::new(ROOT).join("src"), Path::new(ROOT).join("crates/core/src")] {
        let mut files = Vec::new();
        sources(&src, &mut files);
        for file in files {
            let Some(part) = part_of(&src, &file) else { continue };
            let uses = allowed.get(&part).unwrap_or_else(|| panic!("{part} is not in the README's table"));
            let text = std::fs::read_to_string(&file).unwrap();
            for (other, line) in used(&text) {
                let known = allowed.contains_key(&other);
                if known && other != part && !uses.contains("every part") && !uses.contains(&other) {
                    let name = file.strip_prefix(ROOT).unwrap().display().to_string();
                    wrong.push(format!("{name}: {part} uses {other}: {line}"));
                }
            }
        }
    }
    wrong
}

#[test]
fn every_part_uses_only_the_parts_below_it() {
    let allowed = allowed();
    for part in ["cli", "schema", "render", "teach", "train", "io", "error", "notation", "step", "nn"] {
        assert!(allowed.contains_key(part), "{part} is in the README's table");
    }
    assert_eq!(against(&allowed), Vec::<String>::new());
}

#[test]
fn an_edge_against_the_table_is_found() {
    let mut allowed = allowed();
    allowed.get_mut("train").unwrap().insert("io".to_string());
    allowed.get_mut("render").unwrap().remove("teach");
    let wrong = against(&allowed);
    assert!(
        wrong.iter().any(|w| w.starts_with("src/render/") && w.contains(": render uses teach: ")),
        "{wrong:?}"
    );
    assert!(
        used("use crate::teach::why; // crate::io\n#[cfg(test)]\nuse crate::io;")
            .iter()
            .map(|(part, _)| part.as_str())
            .eq(["teach"])
    );
}
