//! The train table fits the width: no number or header word is split at --width 80; headers are
//! short (`val acc`, `‖g[l]‖`), η is a column only under a schedule, and gradient norms that do not
//! fit are left out, said under the table.

use crate::common::nettrace;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn train(args: &[&str]) -> String {
    let out = nettrace().current_dir(ROOT).arg("train").args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn the_digits_table_fits_80_columns_whole() {
    let text = train(&[
        "networks/digits.json",
        "--data",
        "networks/data/digits.csv",
        "--epochs",
        "3",
        "--batch-size",
        "64",
        "--holdout",
        "0.2",
        "--width",
        "80",
    ]);
    let table = "\
┌───────┬──────────┬──────────┬──────────┬─────────┬──────────┬──────────┐
│ epoch ┆     L    ┆ accuracy ┆   val L  ┆ val acc ┆  ‖g[1]‖  ┆  ‖g[2]‖  │
╞═══════╪══════════╪══════════╪══════════╪═════════╪══════════╪══════════╡
│     1 ┆  1.69804 ┆   58.07% ┆  1.73228 ┆  54.60% ┆ 0.658776 ┆ 0.400364 │
│     2 ┆  1.20301 ┆   82.55% ┆  1.25872 ┆  77.44% ┆  0.62093 ┆ 0.419087 │
│     3 ┆ 0.835745 ┆   88.53% ┆ 0.894329 ┆  86.07% ┆ 0.593462 ┆ 0.428054 │
└───────┴──────────┴──────────┴──────────┴─────────┴──────────┴──────────┘
‖g[l]‖ is the mean, over the epoch's steps, of the norm of the batch gradient of
layer l's weights and bias together.
";
    assert!(text.contains(table), "{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

#[test]
fn norms_that_do_not_fit_are_left_out_and_said() {
    let dir = tempfile::tempdir().unwrap();
    let net = dir.path().join("deep.json");
    std::fs::write(
        &net,
        r#"{"inputs": [[1, 2], [2, 1]], "targets": [[1], [0]], "loss": "bce", "seed": 1, "layers": [
            {"units": 3, "init": "he_uniform", "activation": "relu"},
            {"units": 3, "init": "he_uniform", "activation": "relu"},
            {"units": 3, "init": "he_uniform", "activation": "relu"},
            {"units": 1, "init": "xavier_uniform", "activation": "sigmoid"}]}"#,
    )
    .unwrap();
    let text =
        train(&[net.to_str().unwrap(), "--epochs", "3", "--width", "80", "--lr-schedule", "step:1:0.5"]);
    assert!(
        text.contains("│ epoch ┆   η   ┆     L    ┆ accuracy ┆  ‖g[1]‖  ┆  ‖g[2]‖  ┆  ‖g[3]‖  │\n"),
        "{text}"
    );
    assert!(
        text.contains("│     2 ┆  0.05 ┆ 0.733767 ┆   50.00% ┆  0.55997 ┆ 0.690782 ┆ 0.369172 │\n"),
        "{text}"
    );
    assert!(text.contains("layer l's weights and bias together. That of layer 4 is left out at this width:\nsee a wider --width, or --json.\n"), "{text}");
    let table = text.split("── Loss curve").next().unwrap();
    assert!(table.lines().all(|l| l.chars().count() <= 80), "{text}");
}
