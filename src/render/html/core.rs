//! The page's core: nettrace's Rust compiled to WebAssembly (crates/wasm, built by
//! scripts/wasm.sh into assets/nettrace.wasm), embedded in the step page as base64 with the
//! network file it starts from. The loader (assets/core.js) defines `window.nettrace` on it.

use super::page;
use crate::render::Traced;
use nettrace_core::network_file::{NetworkFile, to_value};
use std::fmt::Write as _;

/// The module, as scripts/wasm.sh builds it.
pub const MODULE: &[u8] = include_bytes!("assets/nettrace.wasm");

/// The loader: `window.nettrace` on the embedded module.
pub const JS: &str = include_str!("assets/core.js");

/// Embeds the module (`script#nettrace-core`) and the network file of `traced`
/// (`script#nettrace-network`, as `nettrace step --output` writes a file): its name, description,
/// η, layers and the samples traced, and the input's shape when the file gives one.
pub fn embed(traced: &Traced, input_shape: Option<(usize, usize)>, out: &mut String) {
    let step = traced.step;
    let file = NetworkFile {
        name: traced.name.map(str::to_string),
        description: traced.description.map(str::to_string),
        learning_rate: step.learning_rate,
        network: step.network.clone(),
        samples: Some(step.samples.clone()),
        input_shape,
    };
    page::embed_json("nettrace-network", &nettrace_core::json::pretty(&to_value(&file)), out);
    let _ = write!(out, "<script type=\"application/wasm\" id=\"nettrace-core\">");
    base64(MODULE, out);
    out.push_str("</script>\n");
}

/// `bytes` in base64 (RFC 4648, with padding): what `atob` reads.
pub fn base64(bytes: &[u8], out: &mut String) {
    const DIGITS: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    out.reserve(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(DIGITS[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_pads_to_four_characters() {
        let encode = |b: &[u8]| {
            let mut s = String::new();
            base64(b, &mut s);
            s
        };
        assert_eq!(encode(b""), "");
        assert_eq!(encode(b"f"), "Zg==");
        assert_eq!(encode(b"fo"), "Zm8=");
        assert_eq!(encode(b"foo"), "Zm9v");
        assert_eq!(encode(b"foobar"), "Zm9vYmFy");
        assert_eq!(encode(&[0xff, 0xfe, 0x00]), "//4A");
    }
}
