//! The errors nettrace reports, by what the user can do about them.

/// An error with the exit status it calls for.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input or bad usage: the message names the file, the field and what was expected. Exit 2.
    #[error("{0}")]
    Input(String),
    /// A computation that failed, such as a loss that became NaN. Exit 1.
    #[error("{0}")]
    Numeric(String),
}

impl Error {
    /// The process exit status for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) => 2,
            Error::Numeric(_) => 1,
        }
    }
}

/// A shorthand for an input error.
pub fn input(message: impl Into<String>) -> Error {
    Error::Input(message.into())
}
