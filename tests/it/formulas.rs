//! Every formula against its numbers: each formula tree of a step (every quantity, each of its
//! right-hand sides) is computed from the step's own values and compared with the quantity it
//! defines, to 1e-12, and its shape with the shape the table shows. Example networks and 400
//! seeded random ones (every loss × output activation, both layouts, one sample and a batch),
//! with and without --round; over rows of samples as tables write them, and as a worked
//! solution typesets them.

use crate::common::{EXAMPLES, Random, example};
use nalgebra::DMatrix;
use nettrace::io::network_file::{Limits, NetworkFile, parse};
use nettrace::nn::round::round;
use nettrace::notation::eval::eval;
use nettrace::notation::expr::Expr;
use nettrace::notation::formulas::{Form, formula};
use nettrace::notation::unicode;
use nettrace::step::{Axis, Quantity, Step};

/// The value of `q` as `form` writes it: per-sample quantities and biases as columns there.
fn expected(step: &Step, q: Quantity, form: Form) -> DMatrix<f64> {
    let v = step.view(q);
    // Weights run over units and inputs, in the file's layout in every form.
    let weights = matches!(v.axes(), (Some(Axis::Input), _) | (_, Some(Axis::Input)));
    if form.columns && !weights { v.transposed().numbers().clone() } else { v.numbers().clone() }
}

/// Checks every formula of `step` in `form`; returns how many right-hand sides were computed.
fn check_step(step: &Step, form: Form, case: &str) -> usize {
    let mut checked = 0;
    for q in step.computed().into_iter().chain([Quantity::LossAfter]) {
        let f = formula(step, q, form);
        let want = expected(step, q, form);
        for rhs in &f.rhs {
            let text = unicode::formula(&f);
            // N is 1 for one sample, where the notation does not write it.
            assert!(step.batch() || !text.contains('N'), "{case}: {text} divides one sample by N");
            let got = eval(step, form, rhs).unwrap_or_else(|| panic!("{case}: {text} cannot be computed"));
            // The step rounds what it computes; a bias it leaves unchanged is not computed.
            let places = step.round.filter(|_| !f.unchanged);
            let got = got.map(|x| places.map_or(x, |k| round(x, k)));
            // A number (φ′ = 1 for the identity) holds for every entry.
            let got = if matches!(rhs, Expr::Num(_)) {
                DMatrix::from_element(want.nrows(), want.ncols(), got[0])
            } else {
                got
            };
            assert_eq!(
                got.shape(),
                want.shape(),
                "{case}: {text}: the shape of its formula against its table"
            );
            let tol = tolerance(step, q);
            for (g, w) in got.iter().zip(want.iter()) {
                let ok = (g - w).abs() <= tol * w.abs().max(1.0) || g == w;
                assert!(ok, "{case}: {text} = {g}, but the step has {w}\n{got}{want}");
            }
            checked += 1;
        }
    }
    checked
}

/// 1e-12; with --round, where the step computes from the logits what the formula writes with
/// ŷ (the loss and ∂L/∂ŷ of bce and cross-entropy, δ[L] of σ with bce), the rounding of ŷ
/// shifts the last places: a unit of the tenth-to-last place kept.
fn tolerance(step: &Step, q: Quantity) -> f64 {
    let logits = matches!(q, Quantity::Loss | Quantity::GradOutput | Quantity::Delta(_));
    match step.round {
        Some(k) if logits => 10f64.powi(1 - k as i32),
        _ => 1e-12,
    }
}

/// Checks `file` one step, in both forms, with and without rounding.
fn check_file(file: &NetworkFile, case: &str) -> usize {
    let samples = file.samples.as_ref().expect("the file holds its samples");
    let mut checked = 0;
    for round in [None, Some(8)] {
        let step = Step::compute(&file.network, samples, file.learning_rate, round);
        for form in [Form::rows(&step), Form::typeset(&step)] {
            checked += check_step(&step, form, &format!("{case} round {round:?} {form:?}"));
        }
    }
    checked
}

#[test]
fn every_formula_of_the_examples_computes_its_own_numbers() {
    for &name in EXAMPLES {
        let text = std::fs::read_to_string(example(name)).unwrap();
        let file = parse(&text, name, Limits::default()).unwrap();
        assert!(check_file(&file, name) > 20, "{name}");
    }
}

#[test]
fn every_formula_of_random_networks_computes_its_own_numbers() {
    let mut rng = Random::new(19);
    for case in 0..400 {
        let value = rng.network(false);
        let text = value.to_string();
        let file = parse(&text, "random.json", Limits::default()).unwrap();
        check_file(&file, &format!("case {case}: {text}"));
    }
}

#[test]
fn the_page_writes_cross_entropys_own_gradient() {
    let text = std::fs::read_to_string(example("softmax_ce")).unwrap();
    let file = parse(&text, "softmax_ce", Limits::default()).unwrap();
    let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), file.learning_rate, None);
    let math = nettrace::notation::mathml::equation(&step, Quantity::GradOutput);
    assert_eq!(math.alt, "∂L/∂ŷ = −y/ŷ");
    let y_hat = "<mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">ˆ</mo></mover>";
    assert!(
        math.mathml.ends_with(&format!(
            "<mo>=</mo><mfrac><mrow><mo>−</mo><mi>y</mi></mrow><mrow>{y_hat}</mrow></mfrac>"
        )),
        "{}",
        math.mathml
    );
    let tex = nettrace::notation::tex::formula(&step, Quantity::GradOutput);
    assert_eq!(tex, "\\frac{-y}{\\hat{y}}");
}

#[test]
fn one_tree_three_printers() {
    use nettrace::nn::loss::Loss;
    use nettrace::notation::{formulas, mathml, tex};
    let loss = formulas::loss_value(Loss::Bce, false);
    assert_eq!(unicode::expr(&loss), "−(1/K) Σₖ [yₖ·log ŷₖ + (1 − yₖ)·log(1 − ŷₖ)]");
    assert_eq!(
        tex::expr(&loss),
        "-\\frac{1}{K} \\sum_k \\left[ y_k \\log \\hat{y}_k + (1 - y_k) \\log(1 - \\hat{y}_k) \\right]"
    );
    let mse = formulas::grad_output(Loss::Mse, true);
    assert_eq!(unicode::expr(&mse), "2(ŷ − y)/(N·K)");
    assert_eq!(tex::expr(&mse), "\\frac{2}{N K}(\\hat{y} - y)");
    let y_hat = "<mover accent=\"true\"><mi>y</mi><mo stretchy=\"false\">ˆ</mo></mover>";
    assert_eq!(
        mathml::expr(&mse),
        format!(
            "<mfrac><mn>2</mn><mrow><mi>N</mi><mi>K</mi></mrow></mfrac>\
             <mo stretchy=\"false\">(</mo>{y_hat}<mo>−</mo><mi>y</mi><mo stretchy=\"false\">)</mo>"
        )
    );
    // Adam's bias correction, a power with a symbol for its exponent.
    use nettrace::notation::expr::{Expr, Sym};
    let corrected = Expr::Sym(Sym::M).over(Expr::Num(1.0).minus(Expr::Num(0.9).pow(Sym::T)));
    assert_eq!(unicode::expr(&corrected), "m/(1 − 0.9ᵗ)");
    assert_eq!(tex::expr(&corrected), "\\frac{m}{1 - 0.9^{t}}");
    assert_eq!(
        mathml::expr(&corrected),
        "<mfrac><mrow><mi>m</mi></mrow><mrow><mn>1</mn><mo>−</mo>\
         <msup><mrow><mn>0.9</mn></mrow><mi>t</mi></msup></mrow></mfrac>"
    );
}

#[test]
fn every_loss_with_every_output_activation_in_both_layouts() {
    let mut rng = Random::new(1919);
    let (mut checked, mut pairs) = (0, std::collections::BTreeSet::new());
    for loss in ["half_squared_error", "mse", "bce", "cross_entropy"] {
        for output in ["identity", "relu", "leaky_relu", "sigmoid", "tanh", "softmax"] {
            for (layout, batch) in [("out_in", false), ("out_in", true), ("in_out", false), ("in_out", true)]
            {
                let mut file = rng.network(false);
                while file["layout"] != layout || file.get("inputs").is_some() != batch {
                    file = rng.network(false);
                }
                file["loss"] = serde_json::json!(loss);
                let layers = file["layers"].as_array_mut().unwrap();
                let last = layers.last_mut().unwrap();
                last["activation"] = serde_json::json!(output);
                let layer = last.as_object_mut().unwrap();
                layer.remove("slope");
                if output == "leaky_relu" {
                    layer.insert("slope".into(), serde_json::json!(0.1));
                }
                // Targets that every loss reads: probabilities summing to 1.
                let key = if batch { "targets" } else { "target" };
                let rows = if batch { file[key].as_array().unwrap().len() } else { 1 };
                let width = if batch {
                    file[key][0].as_array().unwrap().len()
                } else {
                    file[key].as_array().unwrap().len()
                };
                let row: Vec<f64> = (0..width).map(|_| 1.0 / width as f64).collect();
                file[key] = if batch { serde_json::json!(vec![row; rows]) } else { serde_json::json!(row) };
                let text = file.to_string();
                let case = format!("{loss} after {output}, {layout}, batch {batch}: {text}");
                // A pair the file format refuses (bce needs σ, cross-entropy softmax) is left out.
                if let Ok(parsed) = parse(&text, "net.json", Limits::default()) {
                    checked += check_file(&parsed, &case);
                    pairs.insert((loss, output));
                }
            }
        }
    }
    assert!(checked > 1000, "{checked}");
    // Every output activation under the squared errors; σ with bce; softmax with cross-entropy.
    assert_eq!(pairs.len(), 14, "{pairs:?}");
}
