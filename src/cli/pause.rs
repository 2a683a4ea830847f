//! `run --pause`: the trace one phase and layer at a time, waiting for Enter in between.

use nettrace::render::table::Chunk;
use std::io::{self, BufRead, Write};

/// Writes `chunks` to `out`, and after each but the last shows what comes next on `prompt` and
/// waits for a line on `input`. `q` (or the end of input) writes the rest without pausing.
pub fn step_through(
    chunks: &[Chunk],
    out: &mut dyn Write,
    prompt: &mut dyn Write,
    input: &mut dyn BufRead,
) -> io::Result<()> {
    let mut pausing = true;
    for (i, chunk) in chunks.iter().enumerate() {
        out.write_all(chunk.text.as_bytes())?;
        out.flush()?;
        let Some(next) = chunks.get(i + 1) else { break };
        if !pausing {
            continue;
        }
        write!(prompt, "\n[Enter: {} · q: show the rest] ", next.title)?;
        prompt.flush()?;
        let mut line = String::new();
        if input.read_line(&mut line)? == 0 || line.trim().eq_ignore_ascii_case("q") {
            pausing = false;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chunks() -> Vec<Chunk> {
        ["Given", "Forward pass, layer 1", "Loss"]
            .iter()
            .map(|t| Chunk { title: t.to_string(), text: format!("<{t}>\n") })
            .collect()
    }

    #[test]
    fn waits_for_enter_between_chunks() {
        let (mut out, mut prompt) = (Vec::new(), Vec::new());
        step_through(&chunks(), &mut out, &mut prompt, &mut &b"\n\n"[..]).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "<Given>\n<Forward pass, layer 1>\n<Loss>\n");
        assert_eq!(
            String::from_utf8(prompt).unwrap(),
            "\n[Enter: Forward pass, layer 1 · q: show the rest] \n[Enter: Loss · q: show the rest] "
        );
    }

    #[test]
    fn q_or_the_end_of_input_shows_the_rest() {
        for input in [&b"q\n"[..], &b""[..]] {
            let (mut out, mut prompt) = (Vec::new(), Vec::new());
            step_through(&chunks(), &mut out, &mut prompt, &mut &input[..]).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), "<Given>\n<Forward pass, layer 1>\n<Loss>\n");
            assert_eq!(String::from_utf8(prompt).unwrap().matches("[Enter").count(), 1);
        }
    }
}
