//! Every file or folder of the repository that README.md and docs/*.md name in backticks exists.

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The repository paths `text` names in backticks (`src/…`, `tests/…`, …), patterns aside.
fn named(text: &str) -> Vec<&str> {
    let tops = ["src/", "tests/", "crates/", "docs/", "networks/", "scripts/", "fuzz/", "benches/", ".ci/"];
    text.split('`')
        .skip(1)
        .step_by(2)
        .map(|quoted| quoted.split([' ', ':', '#']).next().unwrap())
        .filter(|p| tops.iter().any(|t| p.starts_with(t)))
        .filter(|p| !p.contains(['*', '…', '<', '{']) && !p.chars().any(|c| c.is_ascii_uppercase()))
        .collect()
}

#[test]
fn every_path_the_docs_name_exists() {
    let mut guides = vec![Path::new(ROOT).join("README.md")];
    for entry in std::fs::read_dir(Path::new(ROOT).join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            guides.push(path);
        }
    }
    let mut missing = Vec::new();
    for guide in guides {
        let text = std::fs::read_to_string(&guide).unwrap();
        for path in named(&text) {
            if !Path::new(ROOT).join(path).exists() {
                missing.push(format!("{}: {path}", guide.file_name().unwrap().to_string_lossy()));
            }
        }
    }
    assert_eq!(missing, Vec::<String>::new());
}

#[test]
fn paths_are_read_from_backticks_only() {
    assert_eq!(
        named("see `tests/it/main.rs` and tests/x.rs, `src/a.rs:12`, `fuzz/artifacts/TARGET/`"),
        ["tests/it/main.rs", "src/a.rs"]
    );
}
