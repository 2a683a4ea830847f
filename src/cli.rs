//! The command line: clap types and their help text. No math here.

use crate::spec::Limits;
use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  nettrace run networks/two_layer.json
  nettrace run networks/two_layer.json --json | jq '.steps[] | select(.name == \"delta\")'
  nettrace step --lr 0.1 < networks/two_layer.json | nettrace step --lr 0.1 | nettrace run -
  nettrace step networks/xor.json -n 100 --lr 0.5 --output trained.json
  nettrace check networks/sequential_bce.json
  nettrace grade networks/two_layer.json networks/answers/two_layer.json
  nettrace run networks/two_layer.json --format markdown > step.md
  nettrace run networks/two_layer.json --why 'layers[1].weights[0][1]'
  nettrace graph networks/two_layer.json | dot -Tsvg > graph.svg
  nettrace exercise --seed 3 --sizes 2,2,1 --out-dir ex3/
  nettrace train networks/xor.json --epochs 2000 --lr 0.5
  nettrace init --sizes 2,4,1 --activations tanh,sigmoid --init xavier_uniform --seed 7 --loss bce";

/// Trace backpropagation through a small neural network, one formula at a time.
///
/// nettrace reads a network (weights, biases, activations, an input and a target) from a JSON
/// file and shows one training step: the forward pass z[l] = W[l]·a[l−1] + b[l], a[l] = φ(z[l]),
/// the loss, the error signals δ[l] from the output back to the input, the gradients ∂L/∂W and
/// ∂L/∂b, and the update θ ← θ − η·∂L/∂θ. Layers are numbered from 1; a[0] is the input.
#[derive(Debug, Parser)]
#[command(name = "nettrace", version, after_help = EXAMPLES, max_term_width = 100)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// When to colour output: auto colours only a terminal, and never under NO_COLOR or TERM=dumb.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,

    /// The most numbers a network may hold (parameters, and per-sample values over a batch).
    #[arg(long, value_name = "N", default_value_t = Limits::DEFAULT_MAX_VALUES, global = true)]
    pub max_values: usize,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Run(RunArgs),
    Step(StepArgs),
    Train(TrainArgs),
    Init(InitArgs),
    Check(CheckArgs),
    Grade(GradeArgs),
    Graph(GraphArgs),
    Exercise(ExerciseArgs),
    Schema(SchemaArgs),
    Export(ExportArgs),
    Import(ImportArgs),
    Completions(CompletionsArgs),
    /// Print the manual page (roff), every command on one page.
    ///
    /// Example: nettrace man > nettrace.1 && man ./nettrace.1
    Man,
}

/// A learning rate: a positive finite number.
pub fn learning_rate(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(lr) if lr.is_finite() && lr > 0.0 => Ok(lr),
        _ => Err("expected a positive number such as 0.1".to_string()),
    }
}

/// The output format of `run`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Tables grouped by phase.
    Table,
    /// The trace as one JSON object (nettrace-trace/1).
    Json,
    /// A worked solution in Markdown: each formula, the same with the numbers substituted, and
    /// the result, in `$$ … $$` blocks that render in GitHub, Obsidian, KaTeX and MathJax.
    Markdown,
    /// The same worked solution as a standalone LaTeX document (pdflatex, amsmath only).
    Latex,
}

const RUN_EXAMPLES: &str = "\
Examples:
  nettrace run networks/two_layer.json
  nettrace run networks/two_layer.json --precision 10
  nettrace run networks/xor.json --json | jq '.steps[] | select(.name == \"delta\") | .value'
  nettrace step --lr 0.1 < networks/two_layer.json | nettrace run -
  nettrace run textbook.json --round 4
  nettrace run networks/sequential_bce.json --json | jq '.diagnostics'
  nettrace run networks/two_layer.json --format markdown > step.md
  nettrace run networks/two_layer.json --format latex > step.tex && pdflatex step.tex
  nettrace run networks/two_layer.json --why 'layers[1].weights[0][1]'
  nettrace run networks/two_layer.json --pause";

/// Trace one full training step: forward, loss, backward, update, and the loss after it.
///
/// Tables are grouped by phase; each is titled with the quantity's formula (written for the
/// file's layout) and its shape. With --json the trace is printed as one JSON object with every
/// number at full f64 precision. --format markdown or latex writes a worked solution: each formula,
/// the same with the numbers substituted, and the result. --why explains one gradient entry by
/// the chain rule; --pause steps through the tables on a terminal. A NaN or infinity anywhere
/// exits with status 1, naming the first step where it appeared.
#[derive(Debug, Args)]
#[command(after_help = RUN_EXAMPLES)]
pub struct RunArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// Print the trace as JSON (the same as --format json).
    #[arg(long, conflicts_with = "format")]
    pub json: bool,

    /// The output format.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,

    /// Significant digits of the numbers in tables and worked solutions.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u8).range(1..=17))]
    pub precision: u8,

    /// Round every intermediate (z, a, loss, δ, gradients, new weights) to K decimal places as
    /// it is computed, as hand-worked solutions do.
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(0..=15))]
    pub round: Option<u32>,
    /// Leave out the diagnostics (inactive ReLU units, saturated sigmoid/tanh units, vanishing or
    /// exploding gradients, a step that increased the loss) printed after the trace and included
    /// in the JSON under "diagnostics".
    #[arg(long)]
    pub no_diagnostics: bool,

    /// Instead of the trace, explain one gradient entry by the chain rule:
    /// ∂L/∂w = ∂L/∂a · ∂a/∂z · ∂z/∂w, each factor with its value and where it comes from.
    /// PARAM is layers[L].weights[i][j] or layers[L].bias[i]: L is the layer number (from 1, as
    /// in W[L]), i and j index the file's matrix in its layout, from 0.
    #[arg(long, value_name = "PARAM", conflicts_with_all = ["json", "format"])]
    pub why: Option<String>,

    /// Step through the trace: show one phase of one layer at a time and wait for Enter (q shows
    /// the rest). Only when standard input and output are terminals; otherwise it prints the
    /// whole trace like plain `run`.
    #[arg(long, conflicts_with_all = ["json", "format", "why"])]
    pub pause: bool,
}

const STEP_EXAMPLES: &str = "\
Examples:
  nettrace step networks/two_layer.json --lr 0.1
  nettrace step --lr 0.1 < networks/two_layer.json | nettrace step --lr 0.1 | nettrace run -
  nettrace step networks/xor.json -n 100 --lr 0.5 --output trained.json
  nettrace step networks/xor.json -n 10 --in-place
  nettrace step networks/two_layer.json -n 3 --accumulate > /dev/null";

/// Apply gradient-descent steps and write the updated network.
///
/// The network is written in the same file format (name, description, layout, data, loss and
/// activations kept) to standard output, to --output, or back into the file with --in-place, so
/// that steps chain through pipes. A summary line per step (the loss before and after it) goes to
/// standard error. Files are replaced atomically and never touched on error.
#[derive(Debug, Args)]
#[command(after_help = STEP_EXAMPLES)]
pub struct StepArgs {
    /// The network file; - or nothing reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: Option<String>,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,

    /// How many steps to take.
    #[arg(short = 'n', long = "steps", value_name = "STEPS", default_value_t = 1,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub steps: u64,

    /// Write the updated network to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE", conflicts_with = "in_place")]
    pub output: Option<PathBuf>,

    /// Replace the input file with the updated network.
    #[arg(long)]
    pub in_place: bool,

    /// Round every intermediate to K decimal places (see `run --round`).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(0..=15))]
    pub round: Option<u32>,

    /// Do not print the per-step summary on standard error.
    #[arg(short, long)]
    pub quiet: bool,

    /// Keep adding gradients across the steps instead of zeroing them before each one (what a
    /// PyTorch loop does without optimizer.zero_grad()); the summary compares the losses with
    /// those of zeroed steps.
    #[arg(long)]
    pub accumulate: bool,
}

/// A positive finite number.
pub fn positive(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(x) if x.is_finite() && x > 0.0 => Ok(x),
        _ => Err("expected a positive number such as 1e-6".to_string()),
    }
}

const CHECK_EXAMPLES: &str = "\
Examples:
  nettrace check networks/sequential_bce.json
  nettrace check networks/xor.json --eps 1e-5 --tol 1e-7
  nettrace check networks/softmax_ce.json --json | jq '.worst_relative_error'";

/// Gradient check: every backpropagated gradient against a central finite difference.
///
/// For each weight and bias θ, the numeric gradient is (L(θ + ε) − L(θ − ε)) / 2ε. The relative
/// error is |analytic − numeric| / max(|analytic|, |numeric|, floor), with floor =
/// 10·ε_mach·max(|L|, 1) / (ε·tol), so that gradients at the level of the difference's own
/// rounding error are compared absolutely. Where a ReLU or leaky ReLU input is within
/// ε·(1 + ‖a[l−1]‖₁) of its kink, a warning names the unit and the rows of that layer and the
/// layers below are marked `kink` instead of failing. Exit status 1 when any row fails.
#[derive(Debug, Args)]
#[command(after_help = CHECK_EXAMPLES)]
pub struct CheckArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// The step ε of the central difference.
    #[arg(long, value_name = "ε", default_value_t = 1e-6, value_parser = positive)]
    pub eps: f64,

    /// The largest relative error that passes.
    #[arg(long, value_name = "TOL", default_value_t = 1e-6, value_parser = positive)]
    pub tol: f64,

    /// Print the check as JSON (nettrace-check/1).
    #[arg(long)]
    pub json: bool,

    /// Significant digits of the numbers in tables.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u8).range(1..=17))]
    pub precision: u8,
}

const GRADE_EXAMPLES: &str = "\
Examples:
  nettrace grade networks/two_layer.json networks/answers/two_layer.json
  nettrace grade networks/two_layer.json my_answers.json --tol 1e-3
  nettrace run networks/xor.json --json > answers.json && nettrace grade networks/xor.json answers.json

An answer sheet: {\"steps\": [{\"layer\": 2, \"name\": \"delta\", \"value\": [-0.05]}], \"loss\": 0.00125}";

/// Check hand-worked values against the trace and name the first wrong one.
///
/// The answer sheet is JSON with a `steps` array in the trace's form (`layer`, `name`, `value`;
/// `phase` and `formula` are ignored), holding any subset of the trace's steps, and optionally
/// `loss` and `loss_after` at the top level. A trace (`run --json`) is itself a perfect sheet.
/// Steps whose value is null are skipped; other top-level fields are ignored. Each given value
/// is right when every number is within tol·max(1, |expected|) of the trace. The first wrong
/// value in computation order is named with its formula and the quantities it is computed from,
/// each marked right, wrong or not given, so that a mistake inherited from an earlier wrong value
/// can be told from a new one. Exit status 0 when all are right, 1 when any is wrong (a summary
/// line goes to standard error), 2 for bad input.
#[derive(Debug, Args)]
#[command(after_help = GRADE_EXAMPLES)]
pub struct GradeArgs {
    /// The network file the answers were worked out for.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// The answer sheet; - reads standard input.
    #[arg(value_name = "ANSWERS.json")]
    pub answers: String,

    /// How close counts as right: absolute or relative, whichever is looser.
    #[arg(long, value_name = "TOL", default_value_t = 1e-4, value_parser = positive)]
    pub tol: f64,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,

    /// Round every intermediate to K decimal places before comparing (see `run --round`).
    #[arg(long, value_name = "K", value_parser = clap::value_parser!(u32).range(0..=15))]
    pub round: Option<u32>,

    /// Print the grade as JSON (nettrace-grade/1).
    #[arg(long)]
    pub json: bool,

    /// Significant digits of the numbers in tables.
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u8).range(1..=17))]
    pub precision: u8,
}

const GRAPH_EXAMPLES: &str = "\
Examples:
  nettrace graph networks/two_layer.json > g.dot && dot -Tsvg g.dot > g.svg
  nettrace graph networks/two_layer.json --per-neuron | dot -Tpng > g.png
  nettrace graph networks/xor.json --precision 3 | dot -Tpdf > xor.pdf";

/// Write the computational graph of one training step as Graphviz DOT.
///
/// One node per quantity (a[0] = x, W[l], b[l], z[l], a[l], y, L), each with its value and its
/// gradient ∂L/∂(node). Solid edges are the forward pass, labelled with the local derivative
/// (∂z/∂a = W, ∂z/∂W = a, ∂z/∂b = 1, ∂a/∂z = φ′(z), ∂L/∂ŷ); dashed red edges are the backward
/// pass, labelled with the gradient they carry. --per-neuron draws every scalar instead, like
/// micrograd's trace graph: for one sample and at most 200 nodes. Render it with Graphviz's dot.
#[derive(Debug, Args)]
#[command(after_help = GRAPH_EXAMPLES)]
pub struct GraphArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// Draw every scalar (weight, bias, z, a) as its own node (one sample, at most 200 nodes).
    #[arg(long)]
    pub per_neuron: bool,

    /// Significant digits of the numbers in the graph.
    #[arg(long, value_name = "N", default_value_t = 4, value_parser = clap::value_parser!(u8).range(1..=17))]
    pub precision: u8,

    /// The learning rate η, overriding the file's learning_rate (it does not change the graph's
    /// values, only whether the step is finite).
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,
}

const EXERCISE_EXAMPLES: &str = "\
Examples:
  nettrace exercise --seed 3 --sizes 2,2,1 --out-dir ex3/
  nettrace exercise --seed 7 --sizes 2,3,1 --activations tanh,sigmoid --loss bce --out-dir ex7/
  nettrace exercise --seed 1 --sizes 3,2 --loss cross_entropy --layout in_out --out-dir ex1/";

/// Generate an exercise: a small network with round numbers, to work one step by hand.
///
/// Writes four files into --out-dir (created if missing, each file replaced atomically):
/// network.json (the network file), questions.md (the given values and the quantities to
/// compute: z, a, L, δ, gradients, new weights), answers.md (the worked solution, as
/// `run --format markdown`) and answers.json (the trace, every value at full precision; a trace
/// is also an answer sheet for `nettrace grade`). Weights and biases have one decimal; no ReLU
/// input lands near 0. The same seed and options give the same exercise. Prints the paths.
#[derive(Debug, Args)]
#[command(after_help = EXERCISE_EXAMPLES)]
pub struct ExerciseArgs {
    /// The seed: the same seed gives the same exercise.
    #[arg(long, value_name = "S")]
    pub seed: u64,

    /// The input size, then the neurons of each layer (1 to 5 layers of 1 to 8 neurons).
    #[arg(long, value_name = "N,N,...", value_delimiter = ',', required = true)]
    pub sizes: Vec<usize>,

    /// One activation per layer; by default ReLU for hidden layers and, for the output, identity
    /// (squared errors), sigmoid (bce) or softmax (cross_entropy).
    #[arg(long, value_name = "φ,φ,...", value_delimiter = ',', value_parser = activation)]
    pub activations: Option<Vec<crate::activation::Activation>>,

    /// The loss.
    #[arg(long, value_enum, default_value_t = LossName::HalfSquaredError)]
    pub loss: LossName,

    /// How the weight matrices are written.
    #[arg(long, value_enum, default_value_t = LayoutName::OutIn)]
    pub layout: LayoutName,

    /// The learning rate η of the step.
    #[arg(long, value_name = "η", default_value_t = 0.1, value_parser = learning_rate)]
    pub lr: f64,

    /// Significant digits of the numbers in the answer sheet.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u8).range(1..=17))]
    pub precision: u8,

    /// The directory to write the exercise into.
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,
}

/// An activation name, as in network files (leaky_relu takes its default slope).
pub fn activation(s: &str) -> Result<crate::activation::Activation, String> {
    use crate::activation::Activation;
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
    pub fn loss(self) -> crate::loss::Loss {
        use crate::loss::Loss;
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

/// An optimizer, as PyTorch defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OptimizerChoice {
    /// θ ← θ − η·g.
    Sgd,
    /// v ← μ·v + g (v = g at the first step), θ ← θ − η·v.
    Momentum,
    /// Adam: β₁ = 0.9, β₂ = 0.999, ε = 1e-8, bias-corrected moments.
    Adam,
}

const TRAIN_EXAMPLES: &str = "\
Examples:
  nettrace train networks/xor.json --epochs 2000 --lr 0.5
  nettrace train networks/digits.json --data networks/data/digits.csv --epochs 30 --batch-size 32 \\
      --optimizer adam --lr 0.01 --plot loss.svg --output trained.json
  nettrace train networks/xor.json --epochs 500 --json | jq -c '{epoch, loss}'
  nettrace train networks/xor.json --epochs 3 --trace-every 1 --json
  nettrace train networks/xor.json --epochs 100 --lr 1 --lr-schedule step:25:0.5
  nettrace train net.json --data data.csv --batch-size 8 --shuffle --seed 3 --optimizer momentum";

/// Train for many epochs: mini-batches, SGD, momentum or Adam, a loss curve and the trained network.
///
/// Data comes from the network file (input/target or inputs/targets) or from --data FILE.csv
/// (a header row, then one sample per row; a last column named `label` holds integer classes,
/// one-hot encoded; otherwise the last output-size columns are the targets). Every step is the
/// step `nettrace run` traces, with the chosen optimizer's update. After each epoch the loss
/// (and the accuracy, for bce and cross_entropy) over the whole data set is measured.
///
/// Output: a table of epochs and a loss curve, or with --json one line per epoch
/// {"format": "nettrace-epoch/1", "epoch", "loss", "accuracy", "lr", "steps", "grad_norm"}.
/// A progress bar shows on standard error when it is a terminal. A loss that becomes NaN or
/// infinite stops training with exit status 1, naming the epoch and step; with --output the last
/// finite network (as it was after the last complete epoch) is still written.
#[derive(Debug, Args)]
#[command(after_help = TRAIN_EXAMPLES)]
pub struct TrainArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// Training data as CSV, instead of the file's own inputs and targets.
    #[arg(long, value_name = "FILE.csv")]
    pub data: Option<String>,

    /// How many passes over the data.
    #[arg(long, value_name = "N", default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    pub epochs: u64,

    /// The learning rate η of the first epoch, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,

    /// Samples per step (default: the whole data set); the last batch of an epoch may be smaller.
    #[arg(long, value_name = "B", value_parser = clap::value_parser!(u64).range(1..))]
    pub batch_size: Option<u64>,

    /// The optimizer.
    #[arg(long, value_enum, default_value_t = OptimizerChoice::Sgd)]
    pub optimizer: OptimizerChoice,

    /// The momentum μ of --optimizer momentum.
    #[arg(long, value_name = "μ", value_parser = momentum)]
    pub momentum: Option<f64>,

    /// Change η after epochs: step:EVERY:GAMMA multiplies it by GAMMA after every EVERY-th epoch
    /// (PyTorch's StepLR), exp:GAMMA after every epoch (ExponentialLR).
    #[arg(long, value_name = "SCHEDULE", default_value = "constant")]
    pub lr_schedule: crate::schedule::Schedule,

    /// Reorder the samples before each epoch, reproducibly from --seed.
    #[arg(long)]
    pub shuffle: bool,

    /// The seed of --shuffle (default 0).
    #[arg(long, value_name = "S", requires = "shuffle")]
    pub seed: Option<u64>,

    /// Print one JSON line per epoch (NDJSON) instead of tables.
    #[arg(long)]
    pub json: bool,

    /// Also print the full trace of every K-th step (as `run --json`, plus epoch, step and
    /// total_steps) in the --json stream.
    #[arg(long, value_name = "K", requires = "json", value_parser = clap::value_parser!(u64).range(1..))]
    pub trace_every: Option<u64>,

    /// Write the trained network (same file format) to FILE.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Write an SVG plot of the loss and of each layer's gradient norm per epoch to FILE.svg.
    #[arg(long, value_name = "FILE.svg")]
    pub plot: Option<PathBuf>,

    /// Significant digits of the numbers in tables.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = clap::value_parser!(u8).range(1..=17))]
    pub precision: u8,
}

/// A momentum: a number in [0, 1).
fn momentum(s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(m) if (0.0..1.0).contains(&m) => Ok(m),
        _ => Err("expected a number from 0 up to (not including) 1, such as 0.9".to_string()),
    }
}

const INIT_EXAMPLES: &str = "\
Examples:
  nettrace init --sizes 2,4,1 --activations tanh,sigmoid --init xavier_uniform --seed 7 --loss bce > my_xor.json
  nettrace init --sizes 64,32,10 --activations relu,softmax --init he_uniform --seed 1 \\
      --loss cross_entropy --name digits --output networks/digits.json
  nettrace init --sizes 2,2,1 --activations sigmoid,sigmoid --data xor.csv --loss bce | nettrace run -";

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
    #[arg(long, value_name = "φ,φ,...", value_delimiter = ',', required = true, num_args = 1..,
          value_parser = clap::builder::PossibleValuesParser::new(crate::activation::Activation::NAMES))]
    pub activations: Vec<String>,

    /// How weights are drawn.
    #[arg(long, value_name = "SCHEME", default_value = "pytorch",
          value_parser = clap::builder::PossibleValuesParser::new(crate::init::Scheme::NAMES))]
    pub init: String,

    /// How biases are drawn (default: pytorch for --init pytorch, zeros otherwise).
    #[arg(long, value_name = "SCHEME",
          value_parser = clap::builder::PossibleValuesParser::new(crate::init::Scheme::NAMES))]
    pub bias_init: Option<String>,

    /// The loss the network is trained on.
    #[arg(long, default_value = "half_squared_error",
          value_parser = clap::builder::PossibleValuesParser::new(crate::loss::Loss::NAMES))]
    pub loss: String,

    /// The seed of the generator.
    #[arg(long, value_name = "S", default_value_t = 0)]
    pub seed: u64,

    /// How weight matrices are written.
    #[arg(long, default_value = "out_in",
          value_parser = clap::builder::PossibleValuesParser::new(crate::network::Layout::NAMES))]
    pub layout: String,

    /// The file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,

    /// The file's name.
    #[arg(long)]
    pub name: Option<String>,

    /// Embed the samples of a CSV file (as `train --data` reads it) as inputs and targets.
    #[arg(long, value_name = "FILE.csv")]
    pub data: Option<String>,

    /// Write the network to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A shell to complete in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

const COMPLETIONS_EXAMPLES: &str = "\
Examples:
  nettrace completions bash > ~/.local/share/bash-completion/completions/nettrace
  nettrace completions zsh > ~/.zfunc/_nettrace     # with fpath+=(~/.zfunc) in ~/.zshrc
  nettrace completions fish > ~/.config/fish/completions/nettrace.fish
  nettrace completions powershell >> $PROFILE";

/// Print a completion script for a shell.
///
/// The script completes commands, options and their values (formats, shells, schema names).
#[derive(Debug, Args)]
#[command(after_help = COMPLETIONS_EXAMPLES)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: Shell,
}

/// A JSON format nettrace reads or writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaName {
    /// The network file (input of every command).
    Network,
    /// The trace of `run --json` (nettrace-trace/1).
    Trace,
    /// One line of `train --json` (nettrace-epoch/1).
    Epoch,
    /// An answer sheet for `grade`.
    Answers,
}

const SCHEMA_EXAMPLES: &str = "\
Examples:
  nettrace schema network > network.schema.json
  nettrace schema trace | jq '.properties | keys'
  In a network file, \"$schema\": \"docs/schema/network.schema.json\" lets editors check and complete it.";

/// Print the JSON Schema (draft 2020-12) of one of nettrace's formats.
///
/// The schemas are generated from the same Rust types that read and write the formats; copies
/// are under docs/schema/ for editors.
#[derive(Debug, Args)]
#[command(after_help = SCHEMA_EXAMPLES)]
pub struct SchemaArgs {
    /// Which format.
    #[arg(value_enum)]
    pub name: SchemaName,
}

const EXPORT_EXAMPLES: &str = "\
Examples:
  nettrace export --torch networks/two_layer.json > step.py && python3 step.py
  nettrace export --torch networks/xor.json --lr 0.5 -o xor_step.py
  python3 step.py | jq '.steps[] | select(.name == \"delta\") | .value'";

/// Write a standalone PyTorch script that takes the same step.
///
/// The script (float64) builds the network from nn.Linear layers with the same weights,
/// activations and loss, runs one forward pass, loss.backward() and an SGD step, and prints
/// z, a, loss, δ, gradients and the new weights as JSON under the names `run --json` uses, so the
/// two can be compared number by number.
#[derive(Debug, Args)]
#[command(after_help = EXPORT_EXAMPLES)]
pub struct ExportArgs {
    /// The network file; - reads standard input.
    #[arg(value_name = "NET.json")]
    pub net: String,

    /// Write a PyTorch script (the only target so far, and the default).
    #[arg(long)]
    pub torch: bool,

    /// The learning rate η, overriding the file's learning_rate.
    #[arg(long, value_name = "η", value_parser = learning_rate, allow_negative_numbers = true)]
    pub lr: Option<f64>,

    /// Write the script to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// A format to import a network from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ImportFormat {
    /// The JSON saved by network2.py (Nielsen, Neural Networks and Deep Learning).
    Nielsen,
    /// A PyTorch state_dict of nn.Linear layers as JSON ({name: tensor.tolist()}).
    TorchStateDict,
}

const IMPORT_EXAMPLES: &str = "\
Examples:
  nettrace import --from nielsen net2.json > net.json
  nettrace import --from torch-state-dict sd.json --activations relu,relu,identity -o net.json
  Make sd.json in Python:
    json.dump({k: v.tolist() for k, v in model.state_dict().items()}, open(\"sd.json\", \"w\"))";

/// Convert a network saved by another tool into a nettrace network file.
///
/// The result has the weights and biases (layout out_in, as both tools store them), the
/// activations and the loss, and \"input_size\" but no data: add \"input\"/\"target\" to trace it.
/// nielsen: every layer is sigmoid; the cost QuadraticCost becomes half_squared_error and
/// CrossEntropyCost bce. torch-state-dict: layers are the `*.weight`/`*.bias` pairs in file order.
#[derive(Debug, Args)]
#[command(after_help = IMPORT_EXAMPLES)]
pub struct ImportArgs {
    /// The file to convert; - reads standard input.
    #[arg(value_name = "FILE")]
    pub file: String,

    /// What FILE is.
    #[arg(long = "from", value_enum, value_name = "FORMAT")]
    pub from: ImportFormat,

    /// The activation of each layer, comma-separated (torch-state-dict; default relu then identity).
    #[arg(long, value_name = "LIST", value_delimiter = ',')]
    pub activations: Vec<String>,

    /// The loss to write (default: from the file for nielsen, half_squared_error otherwise).
    #[arg(long, value_name = "LOSS")]
    pub loss: Option<String>,

    /// Write the network to FILE instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}
