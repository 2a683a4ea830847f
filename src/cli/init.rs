//! `nettrace init`: a network file with seeded initial weights.

use super::Context;
use super::args::*;
use super::choice::choice;
use super::roles::Role;
use clap::Args;
use nettrace::error::input;
use nettrace::io::network_file::{LayerFormat, Limits, NetworkFileFormat, plural};
use nettrace::nn::activation::ActivationKind;
use nettrace::nn::init::Scheme;
use nettrace::nn::loss::Loss;
use nettrace::nn::network::Layout;
use nettrace::render;
use std::io::Write;
use std::path::{Path, PathBuf};

const INIT_EXAMPLES: &str = "\
Examples:
  nettrace init --sizes 2,4,1 --activations tanh,sigmoid --init xavier_uniform --seed 7 --loss bce > my_xor.json
  nettrace init --sizes 64,32,10 --activations relu,softmax --init he_uniform --seed 1 \\
      --loss cross_entropy --name digits --output networks/digits.json
  nettrace init --sizes 2,2,1 --activations relu,identity --input 1,2 --target 1 | nettrace run -
  nettrace init --sizes 2,2,1 --activations tanh,sigmoid --loss bce --inputs \"0,0;0,1;1,0;1,1\" --targets \"0;1;1;0\" | nettrace run -
  nettrace init --sizes 64,16,10 --activations relu,softmax --loss cross_entropy | nettrace run - --data networks/data/digits.csv --sample 1
  nettrace init --sizes 784,128,10 --activations relu,softmax --init he_uniform --seed 1 \\
      --loss cross_entropy --lr 0.1 --name mnist --output mnist.json";

/// Write a network file with seeded random initial weights.
///
/// Layer l gets sizes[l] inputs and sizes[l+1] neurons. Weights are drawn layer by layer from
/// ChaCha8 seeded with --seed, so the same arguments give a byte-identical file on every machine.
/// Schemes (fan_in = inputs, fan_out = neurons): zeros; uniform U(−1, 1); normal N(0, 1);
/// xavier_uniform U(−a, a), a = √(6/(fan_in + fan_out)); xavier_normal N(0, 2/(fan_in + fan_out));
/// he_uniform U(−a, a), a = √(6/fan_in); he_normal N(0, 2/fan_in); pytorch U(−1/√fan_in,
/// 1/√fan_in) (nn.Linear's default, for weights and bias).
#[derive(Debug, Args)]
#[command(after_help = INIT_EXAMPLES)]
pub struct InitArgs {
    /// Layer sizes from the input to the output, such as 2,4,1.
    #[arg(long, value_name = "N,N,...", value_delimiter = ',', required = true, num_args = 1..)]
    pub sizes: Vec<usize>,

    /// One activation per layer (one fewer than --sizes), such as tanh,sigmoid.
    #[arg(long, value_name = "φ,φ,...", value_delimiter = ',', required = true, num_args = 1.., value_parser = choice::<ActivationKind>())]
    pub activations: Vec<ActivationKind>,

    /// How weights are drawn.
    #[arg(long, value_name = "SCHEME", value_parser = choice::<Scheme>(), default_value = "pytorch")]
    pub init: Scheme,

    /// How biases are drawn (default: pytorch for --init pytorch, zeros otherwise).
    #[arg(long, value_name = "SCHEME", value_parser = choice::<Scheme>())]
    pub bias_init: Option<Scheme>,

    /// The loss the network is trained on (PyTorch's names too: MSELoss, BCELoss, CrossEntropyLoss).
    #[arg(long, value_parser = choice::<Loss>(), default_value = "half_squared_error")]
    pub loss: Loss,

    /// The seed of the generator.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,

    /// How weight matrices are written.
    #[arg(long, value_parser = choice::<Layout>(), default_value = "out_in")]
    pub layout: Layout,

    /// The file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: Option<f64>,

    /// The file's name.
    #[arg(long)]
    pub name: Option<String>,

    /// Embed the samples of a data file (CSV, IDX or NumPy, as `train --data` reads it) as
    /// inputs and targets.
    #[arg(long, value_name = "FILE")]
    pub data: Option<String>,

    /// With --data: embed sample K alone (counted from 1), as one input and target.
    #[arg(long, value_name = "K", requires = "data", value_parser = at_least_one)]
    pub sample: Option<u64>,

    /// Embed one sample's input, such as 1,2 (needs --target), so that `run` traces it at once.
    #[arg(long, value_name = "X,X,...", value_delimiter = ',', num_args = 1.., allow_negative_numbers = true,
          requires = "target", conflicts_with_all = ["data", "inputs"])]
    pub input: Option<Vec<f64>>,

    /// The target of --input, such as 1.
    #[arg(long, value_name = "Y,Y,...", value_delimiter = ',', num_args = 1.., allow_negative_numbers = true,
          requires = "input")]
    pub target: Option<Vec<f64>>,

    /// Embed a batch: input rows separated by ;, such as "0,0;0,1;1,0;1,1" (needs --targets).
    #[arg(long, value_name = "ROWS", value_parser = super::init_samples::rows, allow_hyphen_values = true,
          requires = "targets", conflicts_with = "data")]
    pub inputs: Option<super::init_samples::Rows>,

    /// The target rows of --inputs, such as "0;1;1;0".
    #[arg(long, value_name = "ROWS", value_parser = super::init_samples::rows, allow_hyphen_values = true,
          requires = "inputs")]
    pub targets: Option<super::init_samples::Rows>,

    #[command(flatten)]
    pub read: super::args::DataArgs,

    /// Write the network to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub limits: LimitArg,
}

/// The name `init`'s arguments go by in messages.
const SOURCE: &str = "nettrace init";

/// Writes the network `args` describe.
pub fn init(args: &InitArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    if let Some(path) = &args.output {
        super::output::check("--output", path)?;
        let inputs = [("--data", &args.data), ("--labels", &args.read.labels)];
        let mut roles: Vec<Role> =
            inputs.iter().filter_map(|(option, p)| Some(Role::input(option, p.as_deref()?))).collect();
        roles.push(Role::output("--output", path));
        super::roles::distinct(&roles)?;
    }
    let layers = args.sizes.len().saturating_sub(1);
    if layers == 0 {
        return Err(
            input("--sizes needs at least two sizes (the input and the output), such as 2,4,1").into()
        );
    }
    if let Some(i) = args.sizes.iter().position(|&s| s == 0) {
        return Err(input(format!("--sizes: size {} is 0; every size must be at least 1", i + 1)).into());
    }
    if args.activations.len() != layers {
        return Err(input(format!(
            "--activations has {} but --sizes {} describes {}; expected one activation per layer",
            plural(args.activations.len(), "activation"),
            args.sizes.iter().map(usize::to_string).collect::<Vec<_>>().join(","),
            plural(layers, "layer")
        ))
        .into());
    }
    check_memory(&args.sizes, ctx.limits)?;
    // The generated-layer form of the file, drawn by the same code that reads such files.
    let format = NetworkFileFormat {
        name: args.name.clone(),
        layout: Some(args.layout),
        input_size: Some(args.sizes[0] as u64),
        loss: Some(args.loss),
        learning_rate: args.lr,
        seed: Some(args.seed),
        layers: (0..layers)
            .map(|l| LayerFormat {
                units: Some(args.sizes[l + 1] as u64),
                init: Some(args.init),
                bias_init: args.bias_init,
                activation: Some(args.activations[l]),
                ..LayerFormat::default()
            })
            .collect(),
        ..NetworkFileFormat::default()
    };
    let mut file = format.validate(SOURCE, ctx.limits)?;
    let sizes = (args.sizes[0], args.sizes[layers]);
    if let Some(path) = &args.data {
        let options = args.read.options(args.read.labels.as_deref(), "--labels");
        let data = nettrace::io::data::load(path, &options, &file.network, ctx.limits)?;
        file.samples = Some(match args.sample {
            Some(k) => super::run::pick(&data, k, k, false, path)?,
            None => data.into_samples(),
        });
    } else if let (Some(x), Some(y)) = (&args.input, &args.target) {
        file.samples =
            Some(super::init_samples::given(std::slice::from_ref(x), std::slice::from_ref(y), false, sizes)?);
    } else if let (Some(x), Some(y)) = (&args.inputs, &args.targets) {
        file.samples = Some(super::init_samples::given(&x.0, &y.0, true, sizes)?);
    }
    // What nettrace would not read back is not written: the text is measured before it is made.
    let format = NetworkFileFormat::from(&file);
    let mut size = Measure(0);
    render::stream::write(&format, &mut size)?;
    if size.0 > Limits::MAX_FILE_BYTES {
        return Err(input(format!(
            "the network would be written as {} bytes, over the {} nettrace reads; choose fewer units",
            size.0,
            Limits::MAX_FILE_BYTES
        ))
        .into());
    }
    let mut text = Vec::with_capacity(size.0 as usize);
    render::stream::write(&format, &mut text)?;
    super::output::write(args.output.as_deref().unwrap_or(Path::new("-")), &text, out)?;
    Ok(())
}

/// Refuses, as an error rather than an abort, a network within --max-values whose parameters
/// this machine cannot allocate: the memory is asked for once, and given back, before drawing.
fn check_memory(sizes: &[usize], limits: Limits) -> Result<(), nettrace::Error> {
    let params =
        sizes.windows(2).try_fold(0usize, |n, w| n.checked_add(w[0].checked_mul(w[1])?.checked_add(w[1])?));
    let Some(params) = params.filter(|&n| n <= limits.max_values) else {
        return Ok(()); // The file's own check refuses it, naming the limit.
    };
    if Vec::<f64>::new().try_reserve_exact(params).is_err() {
        return Err(input(format!(
            "--sizes {}: the network's {params} parameters need {} bytes, more memory than can be allocated; choose fewer units",
            sizes.iter().map(usize::to_string).collect::<Vec<_>>().join(","),
            params as u128 * 8
        )));
    }
    Ok(())
}

/// Counts the bytes written to it.
struct Measure(u64);

impl Write for Measure {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
