//! nettrace: backpropagation, one formula at a time.
//!
//! The notation follows the lecture notes it is built for. Layers are numbered
//! l = 1..L and a[0] = x is the input. For each sample:
//!
//! | quantity | formula | module |
//! | --- | --- | --- |
//! | pre-activation | z[l] = W[l]·a[l−1] + b[l] | [`nn::forward`] |
//! | activation | a[l] = φ(z[l]) | [`nn::activation`] |
//! | loss | L(ŷ, y), ŷ = a[L] | [`nn::loss`] |
//! | output error | δ[L] = ∂L/∂z[L] | [`nn::loss`] |
//! | hidden error | δ[l] = (W[l+1]ᵀ·δ[l+1]) ∘ φ′(z[l]) | [`nn::backward`] |
//! | gradients | ∂L/∂W[l] = δ[l]·a[l−1]ᵀ, ∂L/∂b[l] = δ[l] | [`nn::backward`] |
//! | update | θ ← θ − η·∂L/∂θ | [`nn::optim`] |
//!
//! For a batch the loss is the mean over samples, so δ carries the 1/N and the
//! gradients are plain sums over the samples.
//!
//! [`step::Step`] holds every quantity of one step, computed once; renderers ([`render`]) and
//! teaching tools ([`teach`]) only read it, and [`notation`] writes every formula as text.
//!
//! ```
//! use nettrace::io::network_file::{parse, Limits};
//! use nettrace::step::{Axis, Quantity, Step};
//!
//! let text = r#"{
//!   "layout": "in_out", "input": [1.0, 2.0], "target": [1.0],
//!   "layers": [
//!     { "weights": [[0.1, 0.2], [0.3, 0.4]], "activation": "relu" },
//!     { "weights": [[0.5], [0.6]] }
//!   ]
//! }"#;
//! let file = parse(text, "example.json", Limits::default()).unwrap();
//! let step = Step::compute(&file.network, file.samples.as_ref().unwrap(), 0.1, None);
//! // ŷ = 0.5·0.7 + 0.6·1.0 = 0.95, L = ½(0.95 − 1)² = 0.00125 and δ[2] = ŷ − y = −0.05
//! assert!((step.loss - 0.00125).abs() < 1e-15);
//! let delta = step.view(Quantity::Delta(2)).get(&[(Axis::Unit, 0)]).unwrap();
//! assert!((delta + 0.05).abs() < 1e-15);
//! // W[1]₂₁, unit 2's weight from input 1, wherever the layout stores it: 0.2 (in_out: row 1, column 2).
//! assert_eq!(step.view(Quantity::Weights(1)).get(&[(Axis::Unit, 1), (Axis::Input, 0)]), Some(0.2));
//! ```

pub mod error;
pub mod io;
pub mod render;
pub mod schema;
pub mod teach;
pub mod train;

pub use error::Error;
/// The math, the step and its notation live in the `nettrace-core` crate (crates/core), which has
/// no terminal, file-system or process dependencies.
pub use nettrace_core::{nn, notation, step};
