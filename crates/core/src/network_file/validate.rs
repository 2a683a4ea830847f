//! From the file as read to a checked [`NetworkFile`]: shapes that chain, generated layers within
//! the limits, activations that fit their place and the loss, and samples that fit the network.
//! Where the shapes do not chain in the file's layout but would in the other, the message says
//! which `"layout"` to give.

use super::format::{LayerFormat, NetworkFileFormat};
use super::samples::{check_samples, samples};
use super::text::plural;
use super::{Limits, NetworkFile};
use crate::error::{Error, input};
use crate::nn::activation::{Activation, ActivationKind};
use crate::nn::init::{Draws, Scheme};
use crate::nn::loss::Loss;
use crate::nn::network::{Layer, Layout, Network};
use crate::notation::index::paired;
use nalgebra::{DMatrix, DVector};

/// η must be a positive finite number.
pub fn check_learning_rate(lr: f64) -> Result<f64, String> {
    if lr.is_finite() && lr > 0.0 {
        Ok(lr)
    } else {
        Err(format!("is {lr}; expected a positive number such as 0.1"))
    }
}

/// Names the document in errors.
pub(super) struct At<'a> {
    pub(super) source: &'a str,
    /// What to say after a shape that does not chain, when the other layout would chain.
    layout_hint: Option<String>,
}

impl At<'_> {
    /// `file: path (math name) message`.
    pub(super) fn fail(&self, path: &str, message: impl std::fmt::Display) -> Error {
        input(format!("{}: {} {message}", self.source, paired(path)))
    }

    /// [`At::fail`] for shapes that do not fit, with the layout hint when there is one.
    pub(super) fn misfit(&self, path: &str, message: impl std::fmt::Display) -> Error {
        match &self.layout_hint {
            Some(hint) => self.fail(path, format_args!("{message}. {hint}")),
            None => self.fail(path, message),
        }
    }
}

/// Where a generated layer's numbers come from, and how many the layers before it hold.
struct Generation<'a> {
    draws: &'a mut Draws,
    limits: Limits,
    used: usize,
}

impl NetworkFileFormat {
    /// Checks the file read from `source` and builds its network (drawing generated layers).
    pub fn validate(self, source: &str, limits: Limits) -> Result<NetworkFile, Error> {
        let layout = self.layout.unwrap_or(Layout::OutIn);
        let mut at = At { source, layout_hint: None };
        let loss = self.loss.unwrap_or(Loss::HalfSquaredError);
        let learning_rate = match self.learning_rate {
            None => 0.1,
            Some(lr) => check_learning_rate(lr).map_err(|why| at.fail("learning_rate", why))?,
        };
        let raw_samples = samples(&at, self.input, self.target, self.inputs, self.targets)?;
        let input_size = self.input_size.map(|n| n as usize);
        if let (Some(n), Some((x, _, _))) = (input_size, &raw_samples)
            && n != x.ncols()
        {
            return Err(at.fail(
                "input_size",
                format_args!("is {n} but each input has {}", plural(x.ncols(), "value")),
            ));
        }
        let input_size = input_size.or(raw_samples.as_ref().map(|(x, _, _)| x.ncols()));
        let output_size = raw_samples.as_ref().map(|(_, y, _)| y.ncols());
        let other = match layout {
            Layout::OutIn => Layout::InOut,
            Layout::InOut => Layout::OutIn,
        };
        if chains(other, input_size, &self.layers, output_size) {
            at.layout_hint = Some(layout_hint(other, self.layout.is_some()));
        }
        if self.layers.is_empty() {
            return Err(at.fail("layers", "is empty; expected at least one layer"));
        }

        let mut draws = Draws::new(self.seed.unwrap_or(0));
        let mut generation = Generation { draws: &mut draws, limits, used: 0 };
        let count = self.layers.len();
        let mut layers = Vec::with_capacity(count);
        let mut fan_in = input_size;
        for (i, l) in self.layers.into_iter().enumerate() {
            let layer = read_layer(&at, l, i, count, layout, fan_in, &mut generation)?;
            generation.used = generation.used.saturating_add(layer.weights.len() + layer.bias.len());
            fan_in = Some(layer.neurons());
            layers.push(layer);
        }
        let network = Network { layers, loss, layout };

        let params = network.parameter_count();
        if params > limits.max_values {
            return Err(input(format!(
                "{source}: the network has {params} parameters, over the limit of {} (raise it with --max-values)",
                limits.max_values
            )));
        }

        check_output(&at, &network)?;
        let samples = match raw_samples {
            None => None,
            Some((x, y, batch)) => Some(check_samples(&at, &network, x, y, batch, limits)?),
        };
        let inputs = network.input_size();
        let input_shape = match self.input_shape {
            None => None,
            Some([r, c]) if r.checked_mul(c) == Some(inputs as u64) => Some((r as usize, c as usize)),
            Some([r, c]) => {
                return Err(at.fail(
                    "input_shape",
                    format_args!(
                        "is [{r}, {c}] but the input has {}; expected rows × columns = {inputs}",
                        plural(inputs, "value")
                    ),
                ));
            }
        };
        Ok(NetworkFile {
            name: self.name,
            description: self.description,
            learning_rate,
            network,
            samples,
            input_shape,
        })
    }
}

/// An error about the file as a whole.
pub(super) fn input_error(at: &At, message: impl std::fmt::Display) -> Error {
    input(format!("{}: {message}", at.source))
}

fn read_layer(
    at: &At,
    mut l: LayerFormat,
    i: usize,
    count: usize,
    layout: Layout,
    fan_in: Option<usize>,
    generation: &mut Generation,
) -> Result<Layer, Error> {
    let path = format!("layers[{i}]");
    let field = |k: &str| format!("{path}.{k}");

    let kind = l.activation.unwrap_or(ActivationKind::Identity);
    if kind != ActivationKind::LeakyRelu && l.slope.is_some() {
        return Err(
            at.fail(&field("slope"), "is only for \"leaky_relu\"; remove it or change the activation")
        );
    }
    let activation = Activation::new(kind, l.slope);
    if activation == Activation::Softmax && i + 1 != count {
        return Err(at.fail(
            &field("activation"),
            format_args!("is \"softmax\", which only the output layer (layer {count}) may use"),
        ));
    }
    let trainable_bias = l.trainable_bias.unwrap_or(true);
    let weights = match l.weights.take() {
        Some(w) => given_weights(at, w, &l, i, layout, fan_in)?,
        None => {
            let (w, drawn_bias) = generate(at, &l, &path, fan_in, generation)?;
            if let Some(bias) = drawn_bias {
                return Ok(Layer { weights: w, bias, activation, trainable_bias });
            }
            w
        }
    };
    let bias = match l.bias {
        None => DVector::zeros(weights.nrows()),
        Some(b) => {
            if b.len() != weights.nrows() {
                return Err(at.misfit(
                    &field("bias"),
                    format_args!(
                        "has {} but the layer has {}; expected {}",
                        plural(b.len(), "number"),
                        plural(weights.nrows(), "neuron"),
                        weights.nrows()
                    ),
                ));
            }
            DVector::from_vec(b)
        }
    };
    Ok(Layer { weights, bias, activation, trainable_bias })
}

/// The weights layer `i` gives, checked against its units and the size of what feeds it.
fn given_weights(
    at: &At,
    w: super::format::Matrix,
    l: &LayerFormat,
    i: usize,
    layout: Layout,
    fan_in: Option<usize>,
) -> Result<DMatrix<f64>, Error> {
    let field = |k: &str| format!("layers[{i}].{k}");
    let m = w.into_dmatrix(layout == Layout::InOut);
    if let Some(u) = l.units
        && u as usize != m.nrows()
    {
        return Err(at.misfit(
            &field("units"),
            format_args!("is {u} but {} has {}", paired(&field("weights")), plural(m.nrows(), "neuron")),
        ));
    }
    if let Some(n) = fan_in
        && m.ncols() != n
    {
        let (shape, expected) = match layout {
            Layout::OutIn => (
                format!(
                    "{}×{} (out_in: {} × {})",
                    m.nrows(),
                    m.ncols(),
                    plural(m.nrows(), "neuron"),
                    plural(m.ncols(), "input")
                ),
                plural(n, "column"),
            ),
            Layout::InOut => (
                format!(
                    "{}×{} (in_out: {} × {})",
                    m.ncols(),
                    m.nrows(),
                    plural(m.ncols(), "input"),
                    plural(m.nrows(), "neuron")
                ),
                plural(n, "row"),
            ),
        };
        let feeds = if i == 0 {
            format!("the input has {}", plural(n, "value"))
        } else {
            format!("layer {i} has {}", plural(n, "neuron"))
        };
        return Err(at.misfit(&field("weights"), format_args!("is {shape} but {feeds}; expected {expected}")));
    }
    if l.init.is_some() {
        return Err(at.fail(&field("init"), "is given with weights; give one or the other"));
    }
    Ok(m)
}

/// The weights of a layer generated from `"units"` and `"init"`, within the limit counted over
/// the layers before it; and its bias, when that is drawn too (no `"bias"` given).
fn generate(
    at: &At,
    l: &LayerFormat,
    path: &str,
    fan_in: Option<usize>,
    generation: &mut Generation,
) -> Result<(DMatrix<f64>, Option<DVector<f64>>), Error> {
    let Some(units) = l.units else {
        return Err(input_error(
            at,
            format_args!(
                "{} has no weights; expected \"weights\" (a matrix) or \"units\" and \"init\"",
                paired(path)
            ),
        ));
    };
    let Some(inputs) = fan_in else {
        return Err(input_error(
            at,
            format_args!(
                "{} is generated from \"units\" but the input size is unknown; give \"input\", \"inputs\" or \"input_size\"",
                paired(path)
            ),
        ));
    };
    let field = format!("{path}.units");
    if units == 0 {
        return Err(at.fail(&field, "is 0; expected at least 1 neuron"));
    }
    // The running total: this layer's weights and bias on top of the layers before it.
    let (limits, used) = (generation.limits, generation.used);
    let size = (units as usize).checked_mul(inputs).filter(|s| {
        s.checked_add(units as usize)
            .and_then(|t| t.checked_add(used))
            .is_some_and(|t| t <= limits.max_values)
    });
    let Some(size) = size else {
        let before =
            if used > 0 { format!(" on top of the {used} of the layers before it") } else { String::new() };
        return Err(at.fail(
            &field,
            format_args!(
                "is {units}: {units}×{inputs} weights{before} is over the limit of {} values (raise it with --max-values)",
                limits.max_values
            ),
        ));
    };
    let units = units as usize;
    // Within the limit but maybe not within memory: ask for the draws and the matrix they
    // are copied into once, and give it back, so that a failure is an error, not an abort.
    let need = size.checked_mul(2).and_then(|n| n.checked_add(units));
    if need.is_none_or(|n| Vec::<f64>::new().try_reserve_exact(n).is_err()) {
        return Err(at.fail(
            &field,
            format_args!(
                "is {units}: {units}×{inputs} weights need {} bytes, more memory than can be allocated; choose fewer units",
                size as u128 * 8
            ),
        ));
    }
    let scheme = l.init.unwrap_or(Scheme::Pytorch);
    let values = generation.draws.sample(scheme, inputs, units, size);
    let w = DMatrix::from_row_slice(units, inputs, &values);
    let bias = l.bias.is_none().then(|| {
        let bias_scheme = l.bias_init.unwrap_or(scheme.default_bias());
        DVector::from_vec(generation.draws.sample(bias_scheme, inputs, units, units))
    });
    Ok((w, bias))
}

fn check_output(at: &At, net: &Network) -> Result<(), Error> {
    let last = net.layers.len() - 1;
    let phi = net.layers[last].activation;
    let path = format!("layers[{last}].activation");
    let needs = match net.loss {
        Loss::CrossEntropy if phi != Activation::Softmax => ActivationKind::Softmax,
        Loss::Bce if phi != Activation::Sigmoid => ActivationKind::Sigmoid,
        _ => return Ok(()),
    };
    Err(at.fail(
        &path,
        format_args!(
            "is \"{}\" but loss \"{}\" needs a \"{}\" output layer",
            phi.name(),
            net.loss.name(),
            needs.name()
        ),
    ))
}

/// Whether the layers' shapes chain when their matrices are read in `layout`: from the input size
/// through every layer's weights (or generated units), bias and units, to the output size.
fn chains(layout: Layout, input: Option<usize>, layers: &[LayerFormat], output: Option<usize>) -> bool {
    let mut fan_in = input;
    for l in layers {
        let neurons = match &l.weights {
            Some(w) => {
                let (inputs, neurons) = match layout {
                    Layout::OutIn => (w.cols(), w.rows()),
                    Layout::InOut => (w.rows(), w.cols()),
                };
                if fan_in.is_some_and(|n| n != inputs) {
                    return false;
                }
                neurons
            }
            None => match l.units {
                Some(u) => u as usize,
                None => return false,
            },
        };
        if l.bias.as_ref().is_some_and(|b| b.len() != neurons)
            || l.units.is_some_and(|u| u as usize != neurons)
        {
            return false;
        }
        fan_in = Some(neurons);
    }
    output.is_none_or(|k| fan_in == Some(k))
}

/// What to add to a file whose matrices chain in `layout` (`given`: the file names a layout).
fn layout_hint(layout: Layout, given: bool) -> String {
    let verb = if given { "set" } else { "add" };
    match layout {
        Layout::InOut => format!(
            "The matrices chain if each row is one input: {verb} \"layout\": \"in_out\" (z = x·W + b, as code that writes x @ W)"
        ),
        Layout::OutIn => format!(
            "The matrices chain if each row is one neuron: {verb} \"layout\": \"out_in\" (z = W·x + b, as PyTorch's nn.Linear.weight)"
        ),
    }
}
