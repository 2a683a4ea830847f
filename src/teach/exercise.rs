//! Exercises: a small network with round numbers, drawn reproducibly from a seed, to work by hand.
//!
//! Weights have one decimal in ±0.1..±0.9, biases one decimal in −0.5..0.5, inputs one decimal in
//! −1..2 (never 0), targets one decimal in 0..1 (0 or 1 for `bce`, one-hot for `cross_entropy`).
//! Draws that put a ReLU input within 0.05 of its kink, or leave a ReLU layer with no active unit,
//! are drawn again, so that no answer hangs on the convention for φ′(0) and some error flows back.
//! The same seed and options give the same exercise on every machine.

use crate::error::{Error, input};
use crate::nn::activation::Activation;
use crate::nn::forward::forward;
use crate::nn::loss::Loss;
use crate::nn::network::{Layer, Layout, Network};
use nalgebra::{DMatrix, DVector};
use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};

/// The most layers and neurons per layer of an exercise: it is worked by hand.
pub(crate) const MAX_LAYERS: usize = 5;
pub(crate) const MAX_UNITS: usize = 8;

/// What to generate.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    pub seed: u64,
    /// Input size, then the neurons of each layer.
    pub sizes: Vec<usize>,
    /// One per layer; none picks ReLU for hidden layers and the loss's output activation.
    pub activations: Option<Vec<Activation>>,
    pub loss: Loss,
    /// `out_in` or `in_out`.
    pub layout: Layout,
    pub learning_rate: f64,
}

/// The usual output activation for a loss.
pub(crate) fn output_activation(loss: Loss) -> Activation {
    match loss {
        Loss::HalfSquaredError | Loss::Mse => Activation::Identity,
        Loss::Bce => Activation::Sigmoid,
        Loss::CrossEntropy => Activation::Softmax,
    }
}

/// Checks `options` and fills in the activations.
fn activations(o: &Options) -> Result<Vec<Activation>, Error> {
    let layers = o.sizes.len().saturating_sub(1);
    if layers == 0 || layers > MAX_LAYERS {
        return Err(input(format!(
            "--sizes: expected the input size and then 1 to {MAX_LAYERS} layer sizes, such as 2,2,1; found {} number{}",
            o.sizes.len(),
            if o.sizes.len() == 1 { "" } else { "s" }
        )));
    }
    if let Some(&bad) = o.sizes.iter().find(|&&s| s == 0 || s > MAX_UNITS) {
        return Err(input(format!("--sizes: {bad} is out of range; expected sizes from 1 to {MAX_UNITS}")));
    }
    let acts = match &o.activations {
        Some(a) if a.len() != layers => {
            return Err(input(format!(
                "--activations: {} given for {layers} layer{}; expected one per layer",
                a.len(),
                if layers == 1 { "" } else { "s" }
            )));
        }
        Some(a) => a.clone(),
        None => {
            let mut a = vec![Activation::Relu; layers - 1];
            a.push(output_activation(o.loss));
            a
        }
    };
    if let Some(l) = acts[..layers - 1].iter().position(|a| *a == Activation::Softmax) {
        return Err(input(format!(
            "--activations: softmax is for the output layer only; layer {} has it",
            l + 1
        )));
    }
    let last = acts[layers - 1];
    let outputs = o.sizes[layers];
    match o.loss {
        Loss::Bce if last != Activation::Sigmoid => {
            return Err(input("--loss bce needs a sigmoid output layer (the last of --activations)"));
        }
        Loss::CrossEntropy if last != Activation::Softmax => {
            return Err(input(
                "--loss cross_entropy needs a softmax output layer (the last of --activations)",
            ));
        }
        Loss::CrossEntropy if outputs < 2 => {
            return Err(input("--loss cross_entropy needs at least 2 outputs (the last of --sizes)"));
        }
        _ => {}
    }
    Ok(acts)
}

/// A number k/10 with k drawn from `lo..=hi`, skipping 0 when `nonzero`.
fn tenth(rng: &mut ChaCha8Rng, lo: i64, hi: i64, nonzero: bool) -> f64 {
    loop {
        let k = lo + (rng.next_u64() % (hi - lo + 1) as u64) as i64;
        if !(nonzero && k == 0) {
            return k as f64 / 10.0;
        }
    }
}

/// The network file of the exercise (JSON in the network-file format).
pub fn generate(o: &Options) -> Result<Value, Error> {
    let acts = activations(o)?;
    let mut rng = ChaCha8Rng::seed_from_u64(o.seed);
    let layers = acts.len();
    for _ in 0..1000 {
        let x: Vec<f64> = (0..o.sizes[0]).map(|_| tenth(&mut rng, -10, 20, true)).collect();
        let mut weights = Vec::new();
        let mut biases = Vec::new();
        for l in 0..layers {
            let (inputs, neurons) = (o.sizes[l], o.sizes[l + 1]);
            let w: Vec<Vec<f64>> =
                (0..neurons).map(|_| (0..inputs).map(|_| tenth(&mut rng, -9, 9, true)).collect()).collect();
            weights.push(w);
            biases.push((0..neurons).map(|_| tenth(&mut rng, -5, 5, false)).collect::<Vec<f64>>());
        }
        if near_kink(&acts, &weights, &biases, &x, o.loss) {
            continue;
        }
        let outputs = o.sizes[layers];
        let y: Vec<f64> = match o.loss {
            Loss::Bce => (0..outputs).map(|_| (rng.next_u64() % 2) as f64).collect(),
            Loss::CrossEntropy => {
                let k = (rng.next_u64() % outputs as u64) as usize;
                (0..outputs).map(|i| if i == k { 1.0 } else { 0.0 }).collect()
            }
            _ => (0..outputs).map(|_| tenth(&mut rng, 0, 10, false)).collect(),
        };
        let sizes = o.sizes.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("-");
        let names = acts.iter().map(|a| a.name()).collect::<Vec<_>>().join(", ");
        let layers_json: Vec<Value> = acts
            .iter()
            .zip(weights.iter().zip(&biases))
            .map(|(phi, (w, b))| {
                let w = if o.layout == Layout::InOut { transpose(w) } else { w.clone() };
                let mut layer = json!({ "weights": w, "bias": b, "activation": phi.name() });
                if let Activation::LeakyRelu { slope } = phi {
                    layer["slope"] = json!(slope);
                }
                layer
            })
            .collect();
        return Ok(json!({
            "name": format!("exercise-{}", o.seed),
            "description": format!("Exercise {}: sizes {sizes}, activations {names}, loss {}", o.seed, o.loss.name()),
            "layout": o.layout.name(),
            "input": x,
            "target": y,
            "loss": o.loss.name(),
            "learning_rate": o.learning_rate,
            "layers": layers_json,
        }));
    }
    Err(input(format!(
        "seed {}: no draw kept every ReLU input away from 0; try another --seed or other --activations",
        o.seed
    )))
}

/// True when a ReLU input is near its kink, or a ReLU layer has no active unit (nothing would
/// flow back), in the forward pass of the drawn network on `x`.
fn near_kink(
    acts: &[Activation],
    weights: &[Vec<Vec<f64>>],
    biases: &[Vec<f64>],
    x: &[f64],
    loss: Loss,
) -> bool {
    let layers = (acts.iter().zip(weights.iter().zip(biases)))
        .map(|(&activation, (w, b))| Layer {
            weights: DMatrix::from_row_iterator(w.len(), w[0].len(), w.iter().flatten().copied()),
            bias: DVector::from_column_slice(b),
            activation,
            trainable_bias: true,
        })
        .collect();
    let net = Network { layers, loss, layout: Layout::OutIn };
    let f = forward(&net, &DMatrix::from_row_slice(1, x.len(), x), None);
    acts.iter().zip(&f.z).any(|(phi, z)| {
        matches!(phi, Activation::Relu | Activation::LeakyRelu { .. })
            && (z.iter().any(|z| z.abs() < 0.05) || z.iter().all(|z| *z < 0.0))
    })
}

fn transpose(m: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let cols = m.first().map_or(0, Vec::len);
    (0..cols).map(|c| m.iter().map(|r| r[c]).collect()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn options(seed: u64) -> Options {
        Options {
            seed,
            sizes: vec![2, 3, 1],
            activations: None,
            loss: Loss::HalfSquaredError,
            layout: Layout::OutIn,
            learning_rate: 0.1,
        }
    }

    #[test]
    fn numbers_are_round_and_the_seed_decides() {
        let a = generate(&options(7)).unwrap();
        assert_eq!(a, generate(&options(7)).unwrap());
        assert_ne!(a, generate(&options(8)).unwrap());
        let mut numbers = Vec::new();
        for layer in a["layers"].as_array().unwrap() {
            for row in layer["weights"].as_array().unwrap() {
                numbers.extend(row.as_array().unwrap().iter().map(|v| v.as_f64().unwrap()));
            }
            numbers.extend(layer["bias"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()));
        }
        numbers.extend(a["input"].as_array().unwrap().iter().map(|v| v.as_f64().unwrap()));
        assert_eq!(numbers.len(), 6 + 3 + 3 + 1 + 2);
        for x in numbers {
            // One decimal: ten times it is an integer (to the rounding of x / 10).
            assert!(((x * 10.0).round() - x * 10.0).abs() < 1e-9, "{x}");
            assert!(x.abs() <= 2.0, "{x}");
        }
        assert_eq!(a["layers"][0]["activation"], "relu");
        assert_eq!(a["layers"][1]["activation"], "identity");
    }

    #[test]
    fn bad_options_say_what_to_give() {
        let mut o = options(1);
        o.sizes = vec![2];
        assert!(
            generate(&o)
                .unwrap_err()
                .to_string()
                .contains("expected the input size and then 1 to 5 layer sizes")
        );
        o.sizes = vec![2, 9];
        assert!(generate(&o).unwrap_err().to_string().contains("9 is out of range"));
        o.sizes = vec![2, 2];
        o.loss = Loss::CrossEntropy;
        o.activations = Some(vec![Activation::Sigmoid]);
        assert!(generate(&o).unwrap_err().to_string().contains("needs a softmax output layer"));
    }
}
