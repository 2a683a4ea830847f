//! The loss curve `train` draws in the terminal: Braille dots as wide as --width, blue only when
//! colour is asked for or standard output is a terminal (never in a pipe or under NO_COLOR).

use crate::common::{example, nettrace};

fn curve(extra: &[&str], env: &[(&str, &str)]) -> String {
    let mut cmd = nettrace();
    cmd.args(["train", &example("xor"), "--epochs", "200", "--lr", "0.5"]).args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let curve = text.split_once("Loss curve").unwrap().1;
    curve.split_once('\n').unwrap().1.split("\n\n").next().unwrap().to_string()
}

#[test]
fn the_loss_curve_honours_the_width() {
    for width in [40, 60, 100] {
        let text = curve(&["--width", &width.to_string()], &[]);
        let widest = text.lines().map(|l| l.chars().count()).max().unwrap();
        assert!(widest <= width && widest + 4 >= width, "--width {width}:\n{text}");
        assert_eq!(text.lines().count(), 13, "{text}");
        // Epoch 1's L, 0.706883, at the top left; epoch 200's, 0.0404, on the bottom row of dots.
        assert!(text.starts_with("       ⢠"), "{text}");
        assert!(text.lines().nth(9).unwrap().ends_with('⣀'), "{text}");
        assert!(text.lines().last().unwrap().trim() == "epoch", "{text}");
    }
}

#[test]
fn the_loss_curve_is_coloured_only_when_asked_or_on_a_terminal() {
    let piped = curve(&["--width", "60"], &[]);
    assert!(!piped.contains('\x1b'), "{piped}");
    let always = curve(&["--width", "60", "--color", "always"], &[]);
    assert!(always.lines().nth(1).unwrap().starts_with("       ⢸\x1b[34m⠈⠉"), "{always}");
    assert_eq!(always.replace("\x1b[34m", "").replace("\x1b[39m", ""), piped);
    let auto = curve(&["--width", "60", "--color", "auto"], &[("NO_COLOR", "1")]);
    assert!(!auto.contains('\x1b'), "{auto}");
}
