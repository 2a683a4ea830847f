//! Networks saved by other tools, as nettrace network files.
//!
//! Both formats store weights one row per neuron (layout `out_in`). The result is checked by the
//! same reader as any network file before it is written, so what import writes always loads.

use crate::error::{Error, input};
use crate::io::network_file::{self, Limits, NetworkFile, quoted};
use crate::nn::activation::ActivationKind;
use crate::nn::names::names;
use crate::notation::escape::{cut, quote};
use serde_json::{Map, Value, json};

/// The JSON of `net.save()` in network2.py (Nielsen, *Neural Networks and Deep Learning*):
/// `sizes`, `weights` (one neurons × inputs matrix per layer), `biases` (one column of one-element
/// rows per layer) and `cost`. Every layer is sigmoid.
pub fn nielsen(doc: &Value, source: &str, loss: Option<&str>, limits: Limits) -> Result<NetworkFile, Error> {
    let fail = |field: &str, what: String| input(format!("{source}: {field} {what}"));
    let top = doc.as_object().ok_or_else(|| {
        input(format!(
            "{source}: expected a JSON object with \"sizes\", \"weights\", \"biases\" and \"cost\""
        ))
    })?;
    let get = |key: &str| {
        top.get(key).ok_or_else(|| {
            input(format!("{source}: {} is missing; expected the network2.py save format", quote(key)))
        })
    };
    let sizes = get("sizes")?
        .as_array()
        .filter(|s| s.len() >= 2)
        .ok_or_else(|| fail("sizes", "is not an array of at least two layer sizes".into()))?;
    let weights =
        get("weights")?.as_array().ok_or_else(|| fail("weights", "is not an array of matrices".into()))?;
    let biases =
        get("biases")?.as_array().ok_or_else(|| fail("biases", "is not an array of columns".into()))?;
    let count = sizes.len() - 1;
    if weights.len() != count || biases.len() != count {
        return Err(input(format!(
            "{source}: sizes has {} entries, so {count} weight matrices and {count} bias columns are expected; found {} and {}",
            sizes.len(),
            weights.len(),
            biases.len()
        )));
    }
    let input_size = sizes[0].as_u64().ok_or_else(|| {
        fail("sizes[0]", format!("is {}; expected a whole number", cut(&sizes[0].to_string())))
    })?;
    let loss = match loss {
        Some(l) => l.to_string(),
        None => match top.get("cost").and_then(Value::as_str) {
            Some("CrossEntropyCost") => "bce".to_string(),
            Some("QuadraticCost") | None => "half_squared_error".to_string(),
            Some(other) => {
                return Err(fail(
                    "cost",
                    format!(
                        "is {}; expected \"QuadraticCost\" or \"CrossEntropyCost\" (or give --loss)",
                        quote(other)
                    ),
                ));
            }
        },
    };
    let mut layers = Vec::with_capacity(count);
    for (l, (w, b)) in weights.iter().zip(biases).enumerate() {
        // network2.py stores each bias as a column: [[b1], [b2], ...].
        let column = b.as_array().ok_or_else(|| fail(&format!("biases[{l}]"), "is not an array".into()))?;
        let bias = column
            .iter()
            .enumerate()
            .map(|(r, row)| match row {
                Value::Array(one) if one.len() == 1 => Ok(one[0].clone()),
                Value::Number(_) => Ok(row.clone()),
                _ => Err(fail(&format!("biases[{l}][{r}]"), "is not a one-element row [b]".into())),
            })
            .collect::<Result<Vec<Value>, Error>>()?;
        layers.push(json!({ "weights": w, "bias": bias, "activation": "sigmoid" }));
    }
    let file = json!({ "layout": "out_in", "input_size": input_size, "loss": loss, "layers": layers });
    let net = network_file::from_value(&file, source, limits)?;
    for (l, size) in sizes.iter().enumerate().skip(1) {
        if size.as_u64() != Some(net.network.layers[l - 1].neurons() as u64) {
            return Err(fail(
                &format!("sizes[{l}]"),
                format!(
                    "is {} but weights[{}] has {} rows",
                    cut(&size.to_string()),
                    l - 1,
                    net.network.layers[l - 1].neurons()
                ),
            ));
        }
    }
    Ok(net)
}

/// The JSON of a PyTorch `state_dict` of `nn.Linear` layers (`{name: tensor.tolist()}`): each
/// `….weight` (neurons × inputs) with its `….bias`, in file order. `activations` gives each layer's
/// activation (default relu, and identity for the output layer).
pub fn torch_state_dict(
    doc: &Value,
    source: &str,
    activations: &[String],
    loss: Option<&str>,
    limits: Limits,
) -> Result<NetworkFile, Error> {
    let top = doc.as_object().ok_or_else(|| {
        input(format!("{source}: expected a JSON object of tensors, as {{name: tensor.tolist()}}"))
    })?;
    let (mut layers, prefixes) = linear_layers(top, source)?;
    if !activations.is_empty() && activations.len() != layers.len() {
        return Err(input(format!(
            "--activations gives {} but {source} has {} layers ({}); give one per layer",
            activations.len(),
            layers.len(),
            listed(&prefixes)
        )));
    }
    let count = layers.len();
    for (l, layer) in layers.iter_mut().enumerate() {
        let phi = match activations.get(l) {
            Some(a) => a.trim().to_string(),
            None if l + 1 == count => "identity".to_string(),
            None => "relu".to_string(),
        };
        layer.insert("activation".into(), activation(&phi, l)?.into());
    }
    let input_size = layers[0]["weights"].get(0).and_then(Value::as_array).map_or(0, Vec::len);
    let mut file = json!({ "layout": "out_in", "input_size": input_size, "layers": layers });
    if let Some(l) = loss {
        file["loss"] = l.into();
    }
    network_file::from_value(&file, source, limits)
}

/// Each layer's fields (`weights`, `bias`), and its prefix in the state_dict (`fc1`).
type LinearLayers<'a> = (Vec<Map<String, Value>>, Vec<&'a str>);

/// The layers of a state_dict: each `….weight` with the `….bias` right after it, and their
/// prefixes (`fc1`), in file order.
fn linear_layers<'a>(top: &'a Map<String, Value>, source: &str) -> Result<LinearLayers<'a>, Error> {
    let mut layers: Vec<Map<String, Value>> = Vec::new();
    let mut prefixes: Vec<&str> = Vec::new();
    for (key, value) in top {
        if let Some(prefix) = key.strip_suffix(".weight") {
            let mut layer = Map::new();
            layer.insert("weights".into(), value.clone());
            layers.push(layer);
            prefixes.push(prefix);
        } else if let Some(prefix) = key.strip_suffix(".bias") {
            match (prefixes.last(), layers.last_mut()) {
                (Some(p), Some(layer)) if *p == prefix && !layer.contains_key("bias") => {
                    layer.insert("bias".into(), value.clone());
                }
                _ => {
                    return Err(input(format!(
                        "{source}: {} does not follow {}; expected each bias right after its weight",
                        quote(key),
                        quote(&format!("{prefix}.weight"))
                    )));
                }
            }
        } else {
            return Err(input(format!(
                "{source}: {} is neither a weight nor a bias; expected only nn.Linear layers (keys ending in .weight or .bias)",
                quote(key)
            )));
        }
    }
    if layers.is_empty() {
        return Err(input(format!(
            "{source}: no \"….weight\" entries; expected the state_dict of nn.Linear layers"
        )));
    }
    Ok((layers, prefixes))
}

/// The most layer names a message lists.
const LISTED: usize = 10;

/// `fc1, fc2, fc3`, or the first ten and how many more: a message stays a line.
fn listed(prefixes: &[&str]) -> String {
    let names: Vec<String> = prefixes.iter().take(LISTED).map(|p| cut(p)).collect();
    match prefixes.len().checked_sub(LISTED) {
        Some(more) if more > 0 => format!("{} and {more} more", names.join(", ")),
        _ => names.join(", "),
    }
}

/// The activation `phi` names for layer `l` (from 0), by its name in the file format.
fn activation(phi: &str, l: usize) -> Result<&'static str, Error> {
    let Some(kind) = crate::nn::names::parse::<ActivationKind>(phi) else {
        let guess = crate::nn::names::closest(phi, crate::nn::names::spellings::<ActivationKind>());
        let guess = guess.map_or("expected".to_string(), |g| format!("did you mean {}? Expected", quote(g)));
        return Err(input(format!(
            "--activations: layer {} is {}; {guess} one of {}",
            l + 1,
            quote(phi),
            quoted(names::<ActivationKind>())
        )));
    };
    Ok(kind.name())
}
