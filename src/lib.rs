//! nettrace: backpropagation, one formula at a time.
//!
//! The notation follows the lecture notes it is built for. Layers are numbered
//! l = 1..L and a[0] = x is the input. For each sample:
//!
//! | quantity | formula | module |
//! | --- | --- | --- |
//! | pre-activation | z[l] = W[l]·a[l−1] + b[l] | [`forward`] |
//! | activation | a[l] = φ(z[l]) | [`activation`] |
//! | loss | L(ŷ, y), ŷ = a[L] | [`loss`] |
//! | output error | δ[L] = ∂L/∂z[L] | [`loss`] |
//! | hidden error | δ[l] = (W[l+1]ᵀ·δ[l+1]) ∘ φ′(z[l]) | [`backward`] |
//! | gradients | ∂L/∂W[l] = δ[l]·a[l−1]ᵀ, ∂L/∂b[l] = δ[l] | [`backward`] |
//! | update | θ ← θ − η·∂L/∂θ | [`optim`] |
//!
//! For a batch the loss is the mean over samples, so δ carries the 1/N and the
//! gradients are plain sums over the samples.
//!
//! ```
//! use nettrace::io::network_file::{parse, Limits};
//! use nettrace::step::{trace, Options};
//!
//! let text = r#"{
//!   "layout": "in_out", "input": [1.0, 2.0], "target": [1.0],
//!   "layers": [
//!     { "weights": [[0.1, 0.2], [0.3, 0.4]], "activation": "relu" },
//!     { "weights": [[0.5], [0.6]] }
//!   ]
//! }"#;
//! let file = parse(text, "example.json", Limits::default()).unwrap();
//! let samples = file.samples.as_ref().unwrap();
//! let t = trace(&file, samples, Options { learning_rate: 0.1, round: None, diagnostics: false });
//! // ŷ = 0.5·0.7 + 0.6·1.0 = 0.95 and L = ½(0.95 − 1)² = 0.00125
//! assert!((t.loss - 0.00125).abs() < 1e-15);
//! ```

pub mod error;
pub mod io;
pub mod nn;
pub mod render;
pub mod step;
pub mod teach;
pub mod train;

pub use error::Error;
