//! `nettrace exercise`: a network with round numbers, its question sheet, worked answer sheet and
//! answer file, written into a directory.

use super::Context;
use super::args::*;
use super::choice::choice;
use anyhow::Context as _;
use clap::Args;
use nettrace::error::input;
use nettrace::io::network_file;
use nettrace::nn::activation::ActivationKind;
use nettrace::nn::loss::Loss;
use nettrace::nn::network::Layout;
use nettrace::notation::escape::terminal;
use nettrace::render;
use nettrace::step::Step;
use nettrace::teach::exercise::{self, Options};
use std::io::Write;
use std::path::{Path, PathBuf};

const EXERCISE_EXAMPLES: &str = "\
Examples:
  nettrace exercise --seed 3 --sizes 2,2,1 --out-dir ex3/
  nettrace exercise --seed 7 --sizes 2,3,1 --activations tanh,sigmoid --loss bce --out-dir ex7/
  nettrace exercise --seed 1 --sizes 3,2 --loss cross_entropy --layout in_out --out-dir ex1/";

/// Generate an exercise: a small network with round numbers, to work one step by hand.
///
/// Writes six files into --out-dir (created if missing; all six or none are written):
/// network.json (the network file), questions.md (the given values and the quantities to
/// compute: z, a, L, δ, gradients, new weights), answers.md (the worked solution, as
/// `run --format markdown`), answers.json (the trace, every value at full precision; a trace
/// is also an answer sheet for `nettrace grade`), sheet.json (answers.json with every value
/// null: the sheet to fill in, which `nettrace grade` reads, each null a blank) and
/// practice.html (the page of `run --format html --practice`: each value graded as it is typed). Weights and biases have one decimal; no ReLU
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
    #[arg(
        long,
        value_name = "φ,φ,...",
        value_delimiter = ',',
        value_parser = choice::<ActivationKind>(),
        hide_possible_values = true
    )]
    pub activations: Option<Vec<ActivationKind>>,

    /// The loss (PyTorch's names too: MSELoss, BCELoss, CrossEntropyLoss).
    #[arg(long, value_parser = choice::<Loss>(), default_value = "half_squared_error")]
    pub loss: Loss,

    /// How the weight matrices are written.
    #[arg(long, value_parser = choice::<Layout>(), default_value = "out_in")]
    pub layout: Layout,

    /// The learning rate η of the step.
    #[arg(long, value_name = "η", default_value_t = 0.1, value_parser = learning_rate, allow_hyphen_values = true)]
    pub lr: f64,

    /// Significant digits of the numbers in the answer sheet.
    #[arg(long, value_name = "N", default_value_t = 6, value_parser = digits)]
    pub precision: u8,

    /// The directory to write the exercise into (created if missing; it must be empty unless
    /// --force is given).
    #[arg(long, value_name = "DIR")]
    pub out_dir: PathBuf,

    /// Write into a directory that is not empty, replacing an exercise there.
    #[arg(long)]
    pub force: bool,

    #[command(flatten)]
    pub limits: LimitArg,
}

/// The files an exercise writes, in the order they are written.
pub const FILES: [&str; 6] =
    ["network.json", "questions.md", "answers.md", "answers.json", "sheet.json", "practice.html"];

/// Generates the exercise `args` describes and writes its files, each atomically.
pub fn exercise(args: &ExerciseArgs, ctx: &Context, out: &mut dyn Write) -> anyhow::Result<()> {
    let dir = &args.out_dir;
    check_out_dir(dir, args.force)?;
    let options = Options {
        seed: args.seed,
        sizes: args.sizes.clone(),
        activations: args.activations.as_ref().map(|a| a.iter().map(|&k| k.into()).collect()),
        loss: args.loss,
        layout: args.layout,
        learning_rate: args.lr,
    };
    let json = exercise::generate(&options)?;
    let text = render::json::pretty(&json);
    let source = format!("exercise {}", args.seed);
    let file = network_file::parse(&text, &source, ctx.limits)?;
    let samples = file.require_samples(&source)?;
    let step = Step::compute(&file.network, samples, file.learning_rate, None);
    super::run::check_finite(&step, &source)?;
    let findings = nettrace::teach::diagnostics::diagnose(&step);
    let (name, description) = (file.name.as_deref(), file.description.as_deref());
    let worked = nettrace::teach::worked::build(&step, name, description);
    let precision = args.precision as usize;
    let mut questions = Vec::new();
    render::markdown::write_questions(&worked, precision, &mut questions)?;
    let mut answers = Vec::new();
    render::markdown::write(&worked, precision, &mut answers)?;
    render::diagnostics::write_markdown(&findings, &mut answers)?;
    let traced = render::Traced { step: &step, name, description, diagnostics: Some(&findings) };
    let trace = render::trace::trace(&traced);
    let sheet = nettrace::teach::grade::sheet::blank(serde_json::to_value(&trace)?);
    let mut practice = String::new();
    render::html::practice::write(&traced, ctx.style(args.precision), &mut practice);
    let contents = [
        text.into_bytes(),
        questions,
        answers,
        render::json::pretty(&trace).into_bytes(),
        render::json::pretty(&sheet).into_bytes(),
        practice.into_bytes(),
    ];

    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let paths: Vec<PathBuf> = FILES.iter().map(|name| dir.join(name)).collect();
    let files: Vec<(&Path, &[u8])> =
        paths.iter().map(PathBuf::as_path).zip(contents.iter().map(Vec::as_slice)).collect();
    super::signals::clean_up_when_interrupted();
    nettrace::io::atomic::write_all(&files).map_err(|e| {
        anyhow::anyhow!(
            "cannot write the exercise into {}: {}",
            terminal(&dir.display().to_string()),
            super::output::write_reason(&e)
        )
    })?;
    for name in FILES {
        writeln!(out, "{}", terminal(&dir.join(name).display().to_string()))?;
    }
    Ok(())
}

/// Refuses an --out-dir that is not a directory, or that holds files, unless `force`.
fn check_out_dir(dir: &Path, force: bool) -> Result<(), nettrace::Error> {
    let shown = terminal(&dir.display().to_string());
    let target = nettrace::io::atomic::check_links(dir).map_err(|e| {
        input(format!("--out-dir {shown}: cannot write there: {}", network_file::io_reason(&e)))
    })?;
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if !force && entries.next().is_some() {
                return Err(input(format!(
                    "--out-dir {shown}: is not empty; choose a new directory, or give --force to write the exercise's files into it"
                )));
            }
            for name in FILES {
                super::output::check("--out-dir", &dir.join(name))?;
            }
            Ok(())
        }
        // A dangling link: creating the directory would fail on the link itself, after the work.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && target != dir => Err(input(format!(
            "--out-dir {shown}: is a symbolic link to {}, which does not exist; create that directory or choose another",
            terminal(&target.display().to_string())
        ))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(_) if dir.exists() => Err(input(format!("--out-dir {shown}: exists and is not a directory"))),
        Err(e) => Err(input(format!("--out-dir {shown}: cannot read: {}", network_file::io_reason(&e)))),
    }
}
