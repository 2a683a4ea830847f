//! The hostile catalogue of option values: values that start with a hyphen, negative numbers, huge
//! learning rates and options that do nothing alone. Each case is one that once went wrong; each
//! asserts the exact message and the exit status.

use crate::common::{example, nettrace, refused, stderr};

#[test]
fn option_values_that_start_with_a_hyphen_are_read_as_values() {
    let xor = example("xor");
    for (flag, value, expected) in [
        ("--lr", "-inf", "expected a positive number such as 0.1"),
        ("--lr", "-0.5", "expected a positive number such as 0.1"),
        ("--momentum", "-inf", "expected a number from 0 up to (not including) 1, such as 0.9"),
        ("--holdout", "-1", "expected a fraction between 0 and 1 (not included), such as 0.1"),
    ] {
        let out = nettrace().args(["train", &xor, flag, value]).output().unwrap();
        let err = stderr(&out);
        assert!(err.starts_with(&format!("nettrace: error: invalid value '{value}' for '{flag} ")), "{err}");
        assert!(err.contains(expected), "{err}");
        assert_eq!(out.status.code(), Some(2));
    }
}

#[test]
fn a_huge_learning_rate_is_printed_short() {
    let out = nettrace().args(["step", &example("xor"), "--lr", "1e308", "-n", "3", "-q"]).output().unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "nettrace: error: {}: step 2: the loss became NaN (η = 1e308); nothing was written: try a smaller learning rate (--lr)\n",
            example("xor")
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_divergence_under_a_schedule_names_that_epochs_learning_rate() {
    // η doubles after every epoch from 0.5: epoch 1025 trains with 0.5·2¹⁰²⁴ = 2¹⁰²³.
    let out = nettrace()
        .args(["train", &example("xor"), "--lr-schedule", "exp:2", "--epochs", "1100", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        stderr(&out),
        format!(
            "nettrace: error: {}: training diverged after epoch 1025 (step 1025 of 1100): the loss over all samples became inf (η = 8.98846567431158e307); try a smaller learning rate (--lr)\n",
            example("xor")
        )
    );
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn a_seed_without_shuffle_or_holdout_says_what_it_is_for() {
    let out = nettrace().args(["train", &example("xor"), "--epochs", "2", "--seed", "3"]).output().unwrap();
    refused(
        &out,
        "--seed 3 seeds the order of --shuffle and the samples --holdout picks, and without either it changes nothing: add --shuffle or --holdout F, or leave --seed out",
    );
}

#[test]
fn negative_numbers_are_values_of_every_command() {
    let xor = example("xor");
    let cases: [(&[&str], &str, &str, &str); 7] = [
        (&["check", &xor], "--tol", "-1", "expected a positive number such as 1e-6"),
        (&["check", &xor], "--eps", "-1e-3", "expected a positive number such as 1e-6"),
        (&["check", &xor], "--tol", "-1e-3", "expected a positive number such as 1e-6"),
        (&["grade", &xor, &xor], "--tol", "-1e-3", "expected a positive number such as 1e-6"),
        (&["train", &xor], "--epochs", "-5", "expected a whole number, at least 1"),
        (&["step", &xor], "--steps", "-1", "expected a whole number, at least 1"),
        (&["run", &xor], "--sample", "-2", "expected a whole number, at least 1"),
    ];
    for (command, flag, value, expected) in cases {
        let out = nettrace().args(command).args([flag, value]).output().unwrap();
        let err = stderr(&out);
        assert!(err.starts_with(&format!("nettrace: error: invalid value '{value}' for '{flag} ")), "{err}");
        assert!(err.contains(expected), "{err}");
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn the_network_and_its_data_both_from_standard_input_are_refused_before_reading() {
    let text = std::fs::read_to_string(example("xor")).unwrap();
    for (command, data) in [("train", "-"), ("train", "/dev/stdin"), ("run", "-"), ("run", "/dev/stdin")] {
        let out = nettrace().args([command, "-", "--data", data]).write_stdin(text.clone()).output().unwrap();
        refused(
            &out,
            &format!(
                "NET.json - and --data {data} both read standard input, which can be read only once; give one of them a file"
            ),
        );
    }
}
