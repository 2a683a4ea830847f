//! Every bad data file is bad input: exit status 2, nothing on standard output, and one message
//! naming the file and what is wrong with it; never a panic, never a huge allocation.

use super::{digits, gzip, idx, npy, npz, write};
use crate::common::{example, nettrace};

/// The message of `train` on the digits network with `args`, which must fail as bad input.
fn refusal(args: &[&str]) -> String {
    let out = nettrace().args(["train", &example("digits"), "--epochs", "1"]).args(args).output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
    assert!(out.stdout.is_empty(), "{args:?}");
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    err.trim().strip_prefix("nettrace: error: ").unwrap().to_string()
}

#[test]
fn bad_idx_files_are_named_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len() as u32;
    let images = idx(0x08, &[n, 8, 8], &d.pixels);
    let x = write(dir.path(), "x-idx3-ubyte", &images);
    let y = write(dir.path(), "y-idx1-ubyte", &idx(0x08, &[n], &d.labels));
    let x_s = x.as_str();
    let file = |name: &str, bytes: &[u8]| write(dir.path(), name, bytes);

    let garbage = file("bad-idx3-ubyte", b"hello, world");
    assert_eq!(
        refusal(&["--data", &garbage, "--labels", &y]),
        format!(
            "{garbage}: not an IDX file: it starts with 68 65 6c 6c; an IDX file starts with 00 00, the type of \
             its values (08 for unsigned bytes) and its number of dimensions (03 for images, 01 for labels)"
        )
    );
    let cut = file("cut-idx3-ubyte", &images[..images.len() - 10]);
    assert_eq!(
        refusal(&["--data", &cut, "--labels", &y]),
        format!(
            "{cut}: truncated: its header announces 1797×8×8 unsigned bytes (115024 bytes with the header) but the file has 115014 bytes"
        )
    );
    let cut_gz = file("cut-idx3-ubyte.gz", &gzip(&images[..images.len() - 10]));
    assert_eq!(
        refusal(&["--data", &cut_gz, "--labels", &y]),
        format!(
            "{cut_gz}: truncated: its header announces 1797×8×8 unsigned bytes (115008 values) but the data ends after 114998 of them"
        )
    );
    let long_gz = file("long-idx3-ubyte.gz", &gzip(&[&images[..], b"abc"].concat()));
    assert_eq!(
        refusal(&["--data", &long_gz, "--labels", &y]),
        format!("{long_gz}: has more data after the 1797×8×8 unsigned bytes its header announces")
    );
    let long = file("long-idx3-ubyte", &[&images[..], b"abc"].concat());
    assert_eq!(
        refusal(&["--data", &long, "--labels", &y]),
        format!("{long}: has 3 bytes after the 1797×8×8 unsigned bytes its header announces")
    );
    let few = file("few-idx1-ubyte", &idx(0x08, &[n - 1], &d.labels[1..]));
    assert_eq!(
        refusal(&["--data", x_s, "--labels", &few]),
        format!("{few}: holds 1796 labels but {x} holds 1797 samples; expected one label per sample")
    );
    let mut labels = d.labels.clone();
    labels[4] = 10;
    let ten = file("ten-idx1-ubyte", &idx(0x08, &[n], &labels));
    assert_eq!(
        refusal(&["--data", x_s, "--labels", &ten]),
        format!("{ten}: sample 5's label is 10; expected a class from 0 to 9 (the network has 10 outputs)")
    );
    let small = file("small-idx3-ubyte", &idx(0x08, &[2, 7, 7], &[0; 98]));
    assert_eq!(
        refusal(&["--data", &small, "--labels", &y]),
        format!("{y}: holds 1797 labels but {small} holds 2 samples; expected one label per sample")
    );
    let small_y = file("small-idx1-ubyte", &idx(0x08, &[2], &[0, 1]));
    assert_eq!(
        refusal(&["--data", &small, "--labels", &small_y]),
        format!("{small}: each sample has 7×7 = 49 values (shape 2×7×7) but the network takes 64 inputs")
    );
    assert_eq!(
        refusal(&["--data", x_s]),
        format!(
            "{x}: an IDX file holds the inputs only; give their labels with --labels FILE (an IDX label file such as train-labels-idx1-ubyte.gz)"
        )
    );
    // A header that promises 2³² × 2³² × 2³² values is refused before anything is allocated.
    let huge = file("huge-idx3-ubyte", &idx(0x08, &[u32::MAX, u32::MAX, u32::MAX], &[]));
    assert_eq!(
        refusal(&["--data", &huge, "--labels", &y]),
        format!("{huge}: its header's dimensions 4294967295×4294967295×4294967295 hold too many values")
    );
    let big_gz = file("big-idx3-ubyte.gz", &gzip(&idx(0x08, &[60_000_000, 8, 8], &[])));
    let big_y = file("big-idx1-ubyte.gz", &gzip(&idx(0x08, &[60_000_000], &[])));
    assert_eq!(
        refusal(&["--data", &big_gz, "--labels", &big_y]),
        format!(
            "{big_gz}: 60000000 samples of 74 values are over the limit of 67108864 values (raise it with --max-values)"
        )
    );
    assert_eq!(
        refusal(&["--data", x_s, "--labels", &y, "--max-values", "100000"]),
        format!(
            "{x}: 1797 samples of 74 values are over the limit of 100000 values (raise it with --max-values)"
        )
    );
    let dir_name = dir.path().to_str().unwrap();
    assert_eq!(
        refusal(&["--data", dir_name]),
        format!("{dir_name}: is a directory; expected a data file (CSV, IDX, .npy or .npz)")
    );
    assert_eq!(
        refusal(&["--data", x_s, "--labels", dir_name]),
        format!("{dir_name}: is a directory; expected a data file (CSV, IDX, .npy or .npz)")
    );
    let not_gzip = file("x-idx3-ubyte.gz", &[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff]);
    let message = refusal(&["--data", &not_gzip, "--labels", &y]);
    assert!(message.starts_with(&format!("{not_gzip}: cannot read: not valid gzip data")), "{message}");
}

#[test]
fn bad_numpy_files_are_named_with_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let d = digits();
    let n = d.labels.len();
    let x_bytes: Vec<u8> = d.pixels.iter().flat_map(|&k| (k as f32 / 16.0).to_le_bytes()).collect();
    let x = write(dir.path(), "x.npy", &npy("<f4", false, &[n, 64], &x_bytes));
    let y = write(dir.path(), "y.npy", &npy("|u1", false, &[n], &d.labels));
    let file = |name: &str, bytes: &[u8]| write(dir.path(), name, bytes);

    let complex = file("c.npy", &npy("<c16", false, &[n, 64], &[]));
    assert_eq!(
        refusal(&["--data", &complex, "--labels", &y]),
        format!(
            "{complex}: its dtype '<c16' (complex128) is not supported; expected float32, float64 or an integer type (int8 to uint64)"
        )
    );
    let strings = file("s.npy", &npy("<U3", false, &[n], &[]));
    assert_eq!(
        refusal(&["--data", &x, "--labels", &strings]),
        format!(
            "{strings}: its dtype '<U3' (a string) is not supported; expected float32, float64 or an integer type (int8 to uint64)"
        )
    );
    let cut = file("cut.npy", &npy("<f4", false, &[n, 64], &x_bytes[..x_bytes.len() - 6]));
    assert_eq!(
        refusal(&["--data", &cut, "--labels", &y]),
        format!(
            "{cut}: truncated: its header announces 1797×64 '<f4' (float32) (115008 values) but the data ends after 115006 of them"
        )
    );
    let huge = file("huge.npy", &npy("<f8", false, &[1 << 40, 1 << 40], &[]));
    assert_eq!(
        refusal(&["--data", &huge, "--labels", &y]),
        format!("{huge}: its shape (1099511627776, 1099511627776) holds too many values")
    );
    let empty_huge = file("empty.npy", &npy("<f8", false, &[0, 1 << 40, 1 << 40], &[]));
    assert_eq!(
        refusal(&["--data", &empty_huge, "--labels", &y]),
        format!("{empty_huge}: its shape (0, 1099511627776, 1099511627776) holds too many values")
    );
    let header = npy("<f8", false, &[n, 64], &[]);
    let at = header.windows(5).position(|w| w == b"1797,").unwrap();
    let negative = [&header[..at], b"-179,", &header[at + 5..]].concat();
    let negative = file("negative.npy", &negative);
    assert_eq!(
        refusal(&["--data", &negative, "--labels", &y]),
        format!("{negative}: not a valid .npy header: dimension cannot be negative")
    );
    let wrong = file("wrong.npz", b"PK\x03\x04 not really a zip file");
    let message = refusal(&["--data", &wrong]);
    assert!(
        message.starts_with(&format!("{wrong}: not a valid .npz archive (a zip file of .npy arrays): ")),
        "{message}"
    );
    let text = file("text.npy", b"1,2,3\n");
    assert_eq!(
        refusal(&["--data", &text, "--labels", &y]),
        format!(
            "{text}: not a NumPy .npy file: it does not start with \\x93NUMPY (a file written by numpy.save does)"
        )
    );
    let mut labels = d.labels.clone();
    labels[0] = 12;
    let twelve = file("twelve.npy", &npy("|u1", false, &[n], &labels));
    assert_eq!(
        refusal(&["--data", &x, "--labels", &twelve]),
        format!(
            "{twelve}: sample 1's label is 12; expected a class from 0 to 9 (the network has 10 outputs)"
        )
    );
    let targets = file("t.npy", &npy("<f8", false, &[n, 3], &vec![0; n * 24]));
    assert_eq!(
        refusal(&["--data", &x, "--labels", &targets]),
        format!(
            "{targets}: has shape 1797×3; expected 1797 (classes) or 1797×10 (targets) for a network with 10 outputs"
        )
    );
    let nan = [f32::NAN.to_le_bytes().to_vec(), x_bytes[4..].to_vec()].concat();
    let nan = file("nan.npy", &npy("<f4", false, &[n, 64], &nan));
    assert_eq!(
        refusal(&["--data", &nan, "--labels", &y]),
        format!("{nan}: sample 1, value 1 is NaN; expected a finite number")
    );
    let archive = file("d.npz", &npz(&[("X", npy("<f4", false, &[n, 64], &x_bytes))], false));
    assert_eq!(
        refusal(&["--data", &archive]),
        format!("{archive}: has no array named \"y\" (it holds X); choose one with --y NAME")
    );
    assert_eq!(
        refusal(&["--data", &x, "--labels", &y, "--x", "images"]),
        format!("{x}: is a .npy array; --x and --y name the arrays of an .npz archive")
    );
    assert_eq!(
        refusal(&["--data", &archive, "--labels", &y]),
        format!(
            "--labels {y}: {archive} is an .npz archive, which holds its labels too; choose their array with --y NAME"
        )
    );
    let csv = super::CSV;
    assert_eq!(
        refusal(&["--data", csv, "--labels", &y]),
        format!(
            "--labels {y}: {csv} is CSV, which holds its labels in its last column; --labels is for IDX and .npy data"
        )
    );
    assert_eq!(
        refusal(&["--data", &x, "--labels", csv]),
        format!("{csv}: is CSV; --labels takes an IDX label file or a .npy array")
    );
    assert_eq!(
        refusal(&["--data", csv, "--validation", &x]),
        format!(
            "{x}: a .npy array holds the inputs only; give their labels with --validation-labels FILE (a .npy array of classes or targets)"
        )
    );
}
