//! [`Error`]: why a run could not start, or had to end early.

use std::fmt;
use std::path::PathBuf;

/// Why a run could not start (nothing was sent), or could not go on.
///
/// Refusals of single rows are not errors: they are counted in the
/// [`Summary`](crate::Summary) and the run goes on.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Another process holds the journal (an OS lock on the file): one
    /// process per journal, so that no row is sent twice.
    JournalLocked(PathBuf),
    /// Refused before anything was sent: the input cannot be read or its CSV
    /// header is unusable, the journal belongs to another input, a file
    /// cannot be opened. The text names what is wrong.
    Refused(String),
    /// The run could not go on: the journal, the rejects file or the output
    /// could not be written. What was in flight is still answered.
    Io(String),
}

impl Error {
    pub(crate) fn refused(what: impl fmt::Display) -> Self {
        Self::Refused(what.to_string())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::JournalLocked(path) => write!(
                f,
                "the journal {} is in use by another process; wait for it to finish or use another journal",
                path.display()
            ),
            Self::Refused(message) | Self::Io(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}
