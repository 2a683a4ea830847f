//! Value parsers and names shared by several commands.

use clap::ValueEnum;

/// A learning rate: a positive finite number.
pub fn learning_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(lr) if lr.is_finite() && lr > 0.0 => Ok(lr),
        _ => Err("expected a positive number such as 0.1".to_string()),
    }
}

/// A positive finite number.
pub fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err("expected a positive number such as 1e-6".to_string()),
    }
}

/// An activation name, as in network files (leaky_relu takes its default slope).
pub fn activation(s: &str) -> Result<nettrace::nn::activation::Activation, String> {
    use nettrace::nn::activation::Activation;
    match s.trim() {
        "identity" => Ok(Activation::Identity),
        "relu" => Ok(Activation::Relu),
        "leaky_relu" => Ok(Activation::LeakyRelu { slope: Activation::DEFAULT_SLOPE }),
        "sigmoid" => Ok(Activation::Sigmoid),
        "tanh" => Ok(Activation::Tanh),
        "softmax" => Ok(Activation::Softmax),
        _ => Err(format!("expected one of {}", Activation::NAMES.join(", "))),
    }
}

/// A loss, as named in network files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum LossName {
    HalfSquaredError,
    Mse,
    Bce,
    CrossEntropy,
}

impl LossName {
    pub fn loss(self) -> nettrace::nn::loss::Loss {
        use nettrace::nn::loss::Loss;
        match self {
            LossName::HalfSquaredError => Loss::HalfSquaredError,
            LossName::Mse => Loss::Mse,
            LossName::Bce => Loss::Bce,
            LossName::CrossEntropy => Loss::CrossEntropy,
        }
    }
}

/// A weight layout, as named in network files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "snake_case")]
pub enum LayoutName {
    OutIn,
    InOut,
}

impl LayoutName {
    pub fn name(self) -> &'static str {
        match self {
            LayoutName::OutIn => "out_in",
            LayoutName::InOut => "in_out",
        }
    }
}
