//! Initial weights: seeded, portable draws from the usual schemes.
//!
//! The generator is ChaCha8 seeded with `seed_from_u64(seed)`. A uniform draw
//! u ∈ [0, 1) is the top 53 bits of one 64-bit output times 2⁻⁵³; a normal draw
//! comes from Marsaglia's polar method on such uniforms, using `libm`'s
//! logarithm, so that every machine computes the same bits. Layers are drawn
//! in order, each layer's weights neuron by neuron (the out_in order), then its
//! bias.

use rand::rngs::ChaCha8Rng;
use rand::{Rng, SeedableRng};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// An initialisation scheme for a layer with `fan_in` inputs and `fan_out` neurons.
///
/// Its names (`zeros`, …, `pytorch`) are the serde derive's; files and the command line read them
/// through [`crate::nn::names`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// Every value 0.
    Zeros,
    /// U(−1, 1).
    Uniform,
    /// N(0, 1).
    Normal,
    /// U(−a, a), a = √(6 / (fan_in + fan_out)) (Glorot and Bengio, 2010).
    XavierUniform,
    /// N(0, 2 / (fan_in + fan_out)).
    XavierNormal,
    /// U(−a, a), a = √(6 / fan_in) (He et al., 2015).
    HeUniform,
    /// N(0, 2 / fan_in).
    HeNormal,
    /// U(−1/√fan_in, 1/√fan_in), the default of PyTorch's `nn.Linear`, for weights and bias.
    Pytorch,
}

impl Scheme {
    /// The name used in files and on the command line.
    pub fn name(self) -> &'static str {
        crate::nn::names::name::<Scheme>(self as usize)
    }

    /// The scheme a bias gets when none is named: PyTorch's for `pytorch`, zeros otherwise.
    pub fn default_bias(self) -> Scheme {
        if self == Scheme::Pytorch { Scheme::Pytorch } else { Scheme::Zeros }
    }

    /// The distribution of this scheme for the given fan-in and fan-out.
    fn distribution(self, fan_in: usize, fan_out: usize) -> Distribution {
        let (fi, fo) = (fan_in as f64, fan_out as f64);
        match self {
            Scheme::Zeros => Distribution::Uniform(0.0),
            Scheme::Uniform => Distribution::Uniform(1.0),
            Scheme::Normal => Distribution::Normal(1.0),
            Scheme::XavierUniform => Distribution::Uniform((6.0 / (fi + fo)).sqrt()),
            Scheme::XavierNormal => Distribution::Normal((2.0 / (fi + fo)).sqrt()),
            Scheme::HeUniform => Distribution::Uniform((6.0 / fi).sqrt()),
            Scheme::HeNormal => Distribution::Normal((2.0 / fi).sqrt()),
            Scheme::Pytorch => Distribution::Uniform(1.0 / fi.sqrt()),
        }
    }
}

/// U(−bound, bound) or N(0, std²).
#[derive(Debug, Clone, Copy)]
enum Distribution {
    Uniform(f64),
    Normal(f64),
}

/// The seeded source of initial values, shared by all layers of a network in order.
pub struct Draws {
    rng: ChaCha8Rng,
    spare_normal: Option<f64>,
}

impl Draws {
    /// A generator seeded with `seed`.
    pub fn new(seed: u64) -> Self {
        Draws { rng: ChaCha8Rng::seed_from_u64(seed), spare_normal: None }
    }

    /// u ∈ [0, 1) with 53 random bits.
    fn unit(&mut self) -> f64 {
        (self.rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// A standard normal draw (Marsaglia's polar method, pairs used in turn).
    fn standard_normal(&mut self) -> f64 {
        if let Some(x) = self.spare_normal.take() {
            return x;
        }
        loop {
            let u = 2.0 * self.unit() - 1.0;
            let v = 2.0 * self.unit() - 1.0;
            let s = u * u + v * v;
            if s > 0.0 && s < 1.0 {
                let factor = (-2.0 * libm::log(s) / s).sqrt();
                self.spare_normal = Some(v * factor);
                return u * factor;
            }
        }
    }

    /// `count` values of `scheme` for a layer with `fan_in` inputs and `fan_out` neurons.
    pub fn sample(&mut self, scheme: Scheme, fan_in: usize, fan_out: usize, count: usize) -> Vec<f64> {
        match scheme.distribution(fan_in, fan_out) {
            _ if scheme == Scheme::Zeros => vec![0.0; count],
            Distribution::Uniform(bound) => (0..count).map(|_| bound * (2.0 * self.unit() - 1.0)).collect(),
            Distribution::Normal(std) => (0..count).map(|_| std * self.standard_normal()).collect(),
        }
    }

    /// A `rows` × `cols` matrix of N(0, 1) draws, column after column: random operands and inputs
    /// for tests.
    pub fn normal_matrix(&mut self, rows: usize, cols: usize) -> nalgebra::DMatrix<f64> {
        nalgebra::DMatrix::from_vec(rows, cols, self.sample(Scheme::Normal, 1, 1, rows * cols))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moments(v: &[f64]) -> (f64, f64) {
        let n = v.len() as f64;
        let mean = v.iter().sum::<f64>() / n;
        let var = v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / n;
        (mean, var)
    }

    #[test]
    fn same_seed_same_numbers() {
        let a = Draws::new(7).sample(Scheme::HeNormal, 10, 5, 50);
        let b = Draws::new(7).sample(Scheme::HeNormal, 10, 5, 50);
        let c = Draws::new(8).sample(Scheme::HeNormal, 10, 5, 50);
        assert_eq!(a, b);
        assert_ne!(a, c);
    }

    #[test]
    fn each_scheme_has_its_documented_mean_and_variance() {
        let (fan_in, fan_out, n) = (200usize, 100usize, 200_000usize);
        let (fi, fo) = (fan_in as f64, fan_out as f64);
        let cases = [
            (Scheme::Uniform, 1.0 / 3.0),
            (Scheme::Normal, 1.0),
            (Scheme::XavierUniform, 2.0 / (fi + fo)),
            (Scheme::XavierNormal, 2.0 / (fi + fo)),
            (Scheme::HeUniform, 2.0 / fi),
            (Scheme::HeNormal, 2.0 / fi),
            (Scheme::Pytorch, 1.0 / (3.0 * fi)),
        ];
        for (scheme, variance) in cases {
            let v = Draws::new(1).sample(scheme, fan_in, fan_out, n);
            let (mean, var) = moments(&v);
            // Standard error of the mean is √(var/n); of the variance about var·√(2/n) (less for uniforms).
            assert!(mean.abs() < 5.0 * (variance / n as f64).sqrt(), "{scheme:?} mean {mean}");
            assert!((var / variance - 1.0).abs() < 0.02, "{scheme:?} variance {var} vs {variance}");
        }
        assert!(Draws::new(1).sample(Scheme::Zeros, 3, 3, 9).iter().all(|&x| x == 0.0));
    }

    #[test]
    fn uniform_schemes_stay_within_their_bounds() {
        let v = Draws::new(3).sample(Scheme::Pytorch, 4, 2, 10_000);
        assert!(v.iter().all(|x| x.abs() <= 0.5));
        assert!(v.iter().any(|x| x.abs() > 0.49));
    }
}
