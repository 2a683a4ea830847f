//! An array as a file stores it (IDX, `.npy`): its name, its shape, and its values as they
//! stream, converted to numbers as they are read.

use crate::error::Error;
use crate::io::network_file::plural;

/// An array as a file stores it; its values are converted to f64 as they are read.
pub(crate) struct Array<'a> {
    /// The file (and the array in an archive), for messages.
    pub name: String,
    pub shape: Vec<usize>,
    /// Fortran order: the first index varies fastest. C order: the last.
    pub fortran: bool,
    /// Floating-point values, which may be NaN or infinite (integers never are).
    pub floats: bool,
    /// The magic number of an IDX file, whose fourth byte gives the number of dimensions.
    pub idx_magic: Option<[u8; 4]>,
    pub values: Box<dyn Values + 'a>,
}

/// The values of an array, in the order the file stores them.
pub(crate) trait Values {
    /// Fills `out` with the next values; a file that ends too soon is an error.
    fn read(&mut self, out: &mut [f64]) -> Result<(), Error>;

    /// The values as the bytes they are stored in, when each is one byte (IDX bytes, such as
    /// MNIST's pixels): inputs are kept as these bytes, and a matrix of targets is filled from
    /// them without a buffer of numbers between.
    fn bytes(&mut self) -> Option<&mut dyn ByteValues> {
        None
    }

    /// Checks that nothing follows the last value, where the format says nothing may.
    fn finish(&mut self) -> Result<(), Error> {
        Ok(())
    }
}

/// Values stored one byte each.
pub(crate) trait ByteValues {
    /// What each byte stands for: byte b is the number `table()[b]`.
    fn table(&self) -> &[f64; 256];

    /// d when each byte b stands for b / d.
    fn divisor(&self) -> Option<f64>;

    /// Fills `out` with the next values' bytes; a file that ends too soon is an error.
    fn read_bytes(&mut self, out: &mut [u8]) -> Result<(), Error>;
}

/// `60000×28×28`.
pub(crate) fn shape_text(shape: &[usize]) -> String {
    shape.iter().map(usize::to_string).collect::<Vec<_>>().join("×")
}

/// For a shape that does not fit: where an IDX file's shape comes from, ` (its magic number
/// 00 00 08 02 gives 2 dimensions in its fourth byte)`; nothing for other files.
pub(super) fn dimensions_note(array: &Array) -> String {
    match array.idx_magic {
        Some(m) => format!(
            " (its magic number {:02x} {:02x} {:02x} {:02x} gives {} in its fourth byte)",
            m[0],
            m[1],
            m[2],
            m[3],
            plural(m[3] as usize, "dimension")
        ),
        None => String::new(),
    }
}

/// The number of samples an array holds (the length of its first dimension).
pub(super) fn samples_of(array: &Array) -> usize {
    array.shape.first().copied().unwrap_or(1)
}
