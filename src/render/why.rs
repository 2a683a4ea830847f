//! The chain rule for one gradient entry, as text.

use crate::nn::network::Layout;
use crate::notation::number::format;
use crate::notation::subscript as sub;
use crate::teach::why::{Chain, Upstream, Why};
use std::io::{self, Write};

/// A number inside a product: negative ones in parentheses.
fn factor(x: f64, p: usize) -> String {
    if x < 0.0 { format!("({})", format(x, p)) } else { format(x, p) }
}

/// Writes `why` with `p` significant digits, every line wrapped to `width` columns.
pub fn write(why: &Why, p: usize, width: Option<usize>, out: &mut dyn Write) -> io::Result<()> {
    let mut text = Vec::new();
    write_lines(why, p, &mut text)?;
    let text = String::from_utf8(text).expect("the explanation is UTF-8");
    out.write_all(super::fit::wrap_lines(&text, width).as_bytes())
}

/// Writes `why` with `p` significant digits, a line per statement.
fn write_lines(why: &Why, p: usize, out: &mut dyn Write) -> io::Result<()> {
    let t = why.target;
    let l = t.layer;
    let i = why.neuron + 1;
    let phi = crate::notation::phi(why.activation);
    let (name, wrt) = match (t.column, why.input) {
        (Some(c), Some(j)) => {
            let (rows, cols) = match why.layout {
                Layout::OutIn => ("rows = units", "columns = inputs"),
                Layout::InOut => ("rows = inputs", "columns = units"),
            };
            writeln!(out, "Why ∂L/∂{} ({} in the file)", t.math(), t.path())?;
            writeln!(
                out,
                "{} is row {}, column {} of W[{l}] as the file stores it ({}: {rows}, {cols}):",
                t.math(),
                t.row + 1,
                c + 1,
                why.layout.name()
            )?;
            writeln!(
                out,
                "the weight w = {} from input {} (a[{}]{}) to unit {i} of layer {l}.",
                format(why.value, p),
                j + 1,
                l - 1,
                sub(j + 1)
            )?;
            ("w", format!("a[{}]{}", l - 1, sub(j + 1)))
        }
        _ => {
            writeln!(out, "Why ∂L/∂{} ({} in the file)", t.math(), t.path())?;
            writeln!(out, "{} is the bias b = {} of unit {i} of layer {l}.", t.math(), format(why.value, p))?;
            ("b", "1".to_string())
        }
    };
    writeln!(out)?;
    let (a, z) = (format!("a[{l}]{}", sub(i)), format!("z[{l}]{}", sub(i)));
    let coupled = why.activation == crate::nn::activation::Activation::Softmax;
    if coupled {
        writeln!(out, "∂L/∂{name} = ∂L/∂{z} · ∂{z}/∂{name}")?;
    } else {
        writeln!(out, "∂L/∂{name} = ∂L/∂{a} · ∂{a}/∂{z} · ∂{z}/∂{name}")?;
    }
    let batch = why.samples.len() > 1;
    if batch {
        writeln!(
            out,
            "summed over the {} samples of the batch (δ carries the batch's 1/N).",
            why.samples.len()
        )?;
    }
    for (n, chain) in why.samples.iter().enumerate() {
        writeln!(out)?;
        if batch {
            writeln!(out, "sample {}:", n + 1)?;
        }
        write_chain(why, chain, &a, &z, name, &wrt, phi, p, out)?;
    }
    writeln!(out)?;
    if batch {
        let terms: Vec<String> = why.samples.iter().map(|c| factor(c.product, p)).collect();
        writeln!(out, "∂L/∂{name} = {} = {}", terms.join(" + "), format(why.total, p))?;
    }
    let agree =
        (why.total - why.traced).abs() <= 1e-12 * why.traced.abs().max(1e-300) || why.total == why.traced;
    writeln!(
        out,
        "{} the traced ∂L/∂{}: {}",
        if agree { "equal to" } else { "compare with" },
        t.math(),
        format(why.traced, p)
    )
}

#[allow(clippy::too_many_arguments)]
fn write_chain(
    why: &Why,
    c: &Chain,
    a: &str,
    z: &str,
    name: &str,
    wrt: &str,
    phi: &str,
    p: usize,
    out: &mut dyn Write,
) -> io::Result<()> {
    let i = why.neuron + 1;
    match &c.upstream {
        Upstream::Loss { value } => {
            let from = crate::notation::unicode::expr(&crate::notation::formulas::grad_output(
                why.loss,
                why.samples.len() > 1,
            ));
            writeln!(out, "  ∂L/∂{a} = ∂L/∂ŷ{} = {}    {from}, from the loss", sub(i), format(*value, p))?;
        }
        Upstream::Above { layer, terms, value } => {
            let products: Vec<String> =
                terms.iter().map(|(_, d, w)| format!("{}·{}", factor(*d, p), factor(*w, p))).collect();
            let (w_name, _) = match why.layout {
                Layout::OutIn => (format!("W[{layer}]ₖ{}", sub(i)), ()),
                Layout::InOut => (format!("W[{layer}]{}ₖ", sub(i)), ()),
            };
            writeln!(
                out,
                "  ∂L/∂{a} = Σₖ δ[{layer}]ₖ·{w_name} = {} = {}    the δ of layer {layer} through the weights out of unit {i}",
                products.join(" + "),
                format(*value, p)
            )?;
        }
        Upstream::Coupled => {}
    }
    match c.derivative {
        Some(d) => {
            writeln!(out, "  ∂{a}/∂{z} = {phi}′({z}) = {phi}′({}) = {}", format(c.z, p), format(d, p))?
        }
        None => writeln!(
            out,
            "  ∂L/∂{z} = δ[{}]{} = {}    softmax couples the outputs, so ∂L/∂z is taken whole{}",
            why.target.layer,
            sub(i),
            format(c.delta, p),
            fused(why)
        )?,
    }
    if why.input.is_some() {
        writeln!(out, "  ∂{z}/∂{name} = {wrt} = {}    the input the weight multiplies", format(c.input, p))?;
    } else {
        writeln!(out, "  ∂{z}/∂{name} = 1    z = … + b")?;
    }
    let product = match (&c.upstream, c.derivative) {
        (Upstream::Loss { value } | Upstream::Above { value, .. }, Some(d)) => {
            format!("{} · {} · {}", factor(*value, p), factor(d, p), factor(c.input, p))
        }
        _ => format!("{} · {}", factor(c.delta, p), factor(c.input, p)),
    };
    writeln!(
        out,
        "  ∂L/∂{name} = {product} = {}    (δ[{}]{} = {})",
        format(c.product, p),
        why.target.layer,
        sub(i),
        format(c.delta, p)
    )
}

/// How softmax's δ simplifies with cross-entropy, written from the formula of δ[L]:
/// `: ŷ − y with cross-entropy` for one sample, `: (ŷ − y)/N` for a batch.
fn fused(why: &Why) -> String {
    use crate::nn::activation::Activation::Softmax;
    use crate::notation::formulas::{Form, output_delta};
    // Only the fused form is read, and it is the same whatever the vectors' orientation.
    let form =
        Form { layout: crate::nn::network::Layout::OutIn, batch: why.samples.len() > 1, columns: false };
    let delta = output_delta(why.loss, Softmax, why.target.layer, form);
    match delta.as_slice() {
        [_, fused] => format!(": {} with cross-entropy", crate::notation::unicode::expr(fused)),
        _ => String::new(),
    }
}
