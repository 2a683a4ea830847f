//! `run --format html --practice`: an answer field for every value to compute, named as `grade`
//! names it; none of those values in the page. In Chromium (ignored by default, `cargo test --
//! --ignored chromium`): answers typed get the verdicts and mistakes of `nettrace grade`, Show,
//! the downloaded sheet, no network request.

use crate::common::{example, nettrace, refused};
use serde_json::Value;

/// The page of `run NET --format html --practice` and the args after NET.
fn practice_page(net: &str, args: &[&str]) -> String {
    let out = nettrace().args(["run", net, "--format", "html", "--practice"]).args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

/// The names of the page's answer fields, in order.
fn fields(page: &str) -> Vec<&str> {
    page.split("data-answer=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect()
}

#[test]
fn every_value_to_compute_is_a_field_named_as_grade_names_it() {
    let page = practice_page(&example("two_layer"), &[]);
    // in_out: the tables keep the file's rows (inputs), the names are W[l][unit][input].
    let expected = "z[1][1] z[1][2] a[1][1] a[1][2] z[2][1] a[2][1] L ∂L/∂ŷ[1] φ′(z[2])[1] δ[2][1] \
        ∂L/∂W[2][1][1] ∂L/∂W[2][1][2] ∂L/∂b[2][1] ∂L/∂a[1][1] ∂L/∂a[1][2] φ′(z[1])[1] φ′(z[1])[2] \
        δ[1][1] δ[1][2] ∂L/∂W[1][1][1] ∂L/∂W[1][2][1] ∂L/∂W[1][1][2] ∂L/∂W[1][2][2] ∂L/∂b[1][1] ∂L/∂b[1][2] \
        W[1][1][1] W[1][2][1] W[1][1][2] W[1][2][2] b[1][1] b[1][2] W[2][1][1] W[2][1][2] b[2][1]";
    let mut names = fields(&page);
    assert_eq!(names.pop(), Some("L after the update"));
    assert_eq!(names.join(" "), expected);
    // A batch (out_in): sample, then unit.
    let xor = practice_page(&example("xor"), &[]);
    let names = fields(&xor);
    assert_eq!(names[..5], ["z[1][1][1]", "z[1][1][2]", "z[1][1][3]", "z[1][1][4]", "z[1][2][1]"]);
    assert!(names.contains(&"δ[2][4][1]") && names.contains(&"W[1][2][1]"), "{names:?}");
}

#[test]
fn the_page_holds_the_given_values_and_none_it_asks_for() {
    let page = practice_page(&example("two_layer"), &[]);
    let trace: Value = serde_json::from_slice(
        &nettrace().args(["run", &example("two_layer"), "--json"]).output().unwrap().stdout,
    )
    .unwrap();
    // W[1] and W[2] as given, to 6 digits.
    for given in ["0.1", "0.2", "0.3", "0.4", "0.5", "0.6"] {
        assert!(page.contains(&format!(">{given}</td>")), "{given}");
    }
    let mut asked = vec![trace["loss"].clone(), trace["loss_after"].clone()];
    for s in trace["steps"].as_array().unwrap() {
        asked.push(s["value"].clone());
    }
    let mut given = vec![trace["input"].clone(), trace["target"].clone()];
    for l in trace["network"]["layers"].as_array().unwrap() {
        given.extend([l["weights"].clone(), l["bias"].clone()]);
    }
    let given: Vec<f64> = given.iter().flat_map(crate::common::numbers).collect();
    for x in asked.iter().flat_map(crate::common::numbers).filter(|x| !given.contains(x)) {
        let shown = nettrace::notation::number::format(x, 6);
        let exact = serde_json::to_string(&x).unwrap();
        for text in
            [format!(">{shown}<"), format!("\"{shown}\""), format!(">{exact}<"), format!("\"{exact}\"")]
        {
            assert!(!page.contains(&text), "{text} is in the page");
        }
    }
    assert_eq!(page.matches("<input type=\"text\"").count(), 35);
}

#[test]
fn practice_is_a_web_page() {
    let out = nettrace().args(["run", &example("two_layer"), "--practice"]).output().unwrap();
    refused(&out, "--practice: a practice page is a web page; expected --format html, found --format table");
    let out = nettrace()
        .args(["run", &example("two_layer"), "--practice", "--format", "markdown"])
        .output()
        .unwrap();
    refused(
        &out,
        "--practice: a practice page is a web page; expected --format html, found --format markdown",
    );
}
