//! The quantities of one training step, named as the notation names them.

/// The phase a quantity belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Phase {
    /// What the step starts from: the input, the target and the parameters.
    Given,
    Forward,
    Loss,
    Backward,
    Update,
}

impl Phase {
    /// The name used in traces.
    pub fn name(self) -> &'static str {
        match self {
            Phase::Given => "given",
            Phase::Forward => "forward",
            Phase::Loss => "loss",
            Phase::Backward => "backward",
            Phase::Update => "update",
        }
    }
}

/// One quantity of a step. Layers are numbered from 1, as in the notation: `Z(1)` is z[1], and
/// a[0] is the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Quantity {
    /// a[0] = x.
    Input,
    /// y.
    Target,
    /// W[l] before the step.
    Weights(usize),
    /// b[l] before the step.
    Bias(usize),
    /// z[l] = W[l]·a[l−1] + b[l].
    Z(usize),
    /// a[l] = φ(z[l]).
    A(usize),
    /// φ′(z[l]), for element-wise activations.
    PhiPrime(usize),
    /// L.
    Loss,
    /// ∂L/∂ŷ.
    GradOutput,
    /// ∂L/∂a[l] = W[l+1]ᵀ·δ[l+1], for l = 1..L−1; `GradA(0)` is ∂L/∂x, the error layer 1
    /// passes down to the input (not part of a trace).
    GradA(usize),
    /// δ[l] = ∂L/∂z[l].
    Delta(usize),
    /// ∂L/∂W[l].
    GradWeights(usize),
    /// ∂L/∂b[l].
    GradBias(usize),
    /// W[l] after the update.
    NewWeights(usize),
    /// b[l] after the update.
    NewBias(usize),
    /// L after the update.
    LossAfter,
}

impl Quantity {
    /// The layer, from 1; none for the input, the target and the losses.
    pub fn layer(self) -> Option<usize> {
        use Quantity::*;
        match self {
            Weights(l) | Bias(l) | Z(l) | A(l) | PhiPrime(l) | GradA(l) | Delta(l) | GradWeights(l)
            | GradBias(l) | NewWeights(l) | NewBias(l) => Some(l),
            Input | Target | Loss | GradOutput | LossAfter => None,
        }
    }

    /// The phase that computes it.
    pub fn phase(self) -> Phase {
        use Quantity::*;
        match self {
            Input | Target | Weights(_) | Bias(_) => Phase::Given,
            Z(_) | A(_) => Phase::Forward,
            Loss => Phase::Loss,
            GradOutput | GradA(_) | PhiPrime(_) | Delta(_) | GradWeights(_) | GradBias(_) => Phase::Backward,
            NewWeights(_) | NewBias(_) | LossAfter => Phase::Update,
        }
    }

    /// The name of a computed quantity in traces and answer sheets (`z`, `delta`, `weights`…).
    pub fn name(self) -> &'static str {
        use Quantity::*;
        match self {
            Input => "input",
            Target => "target",
            Weights(_) | NewWeights(_) => "weights",
            Bias(_) | NewBias(_) => "bias",
            Z(_) => "z",
            A(_) => "a",
            PhiPrime(_) => "phi_prime",
            Loss => "loss",
            GradOutput => "grad_output",
            GradA(_) => "grad_a",
            Delta(_) => "delta",
            GradWeights(_) => "grad_weights",
            GradBias(_) => "grad_bias",
            LossAfter => "loss_after",
        }
    }

    /// The names [`Quantity::computed`] reads, in computation order.
    pub const NAMES: [&'static str; 12] = [
        "z",
        "a",
        "loss",
        "grad_output",
        "grad_a",
        "phi_prime",
        "delta",
        "grad_weights",
        "grad_bias",
        "weights",
        "bias",
        "loss_after",
    ];

    /// The computed quantity called `name` in a trace, at `layer`.
    pub fn computed(name: &str, layer: Option<usize>) -> Option<Quantity> {
        use Quantity::*;
        Some(match (name, layer) {
            ("z", Some(l)) => Z(l),
            ("a", Some(l)) => A(l),
            ("phi_prime", Some(l)) => PhiPrime(l),
            ("loss", None) => Loss,
            ("grad_output", None) => GradOutput,
            ("grad_a", Some(l)) => GradA(l),
            ("delta", Some(l)) => Delta(l),
            ("grad_weights", Some(l)) => GradWeights(l),
            ("grad_bias", Some(l)) => GradBias(l),
            ("weights", Some(l)) => NewWeights(l),
            ("bias", Some(l)) => NewBias(l),
            ("loss_after", None) => LossAfter,
            _ => return None,
        })
    }
}

/// A phase is written as its name in traces.
impl serde::Serialize for Phase {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl schemars::JsonSchema for Phase {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Phase".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "enum": ["forward", "loss", "backward", "update"],
            "description": "The phase a step belongs to."
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Quantity;

    #[test]
    fn every_name_reads_as_the_quantity_of_that_name() {
        for name in Quantity::NAMES {
            let layer = if matches!(name, "loss" | "grad_output" | "loss_after") { None } else { Some(1) };
            assert_eq!(Quantity::computed(name, layer).map(Quantity::name), Some(name));
        }
    }
}
