//! Typed errors of the library. Context (file, line, field) is carried in the error values;
//! `main` only maps them to a message and an exit code.

use std::fmt;
use std::path::PathBuf;

/// A mistake in an input file: where it is and what was expected. Exit code 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputError {
    /// The file that holds the mistake.
    pub file: PathBuf,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
    /// Path of the field in the document (`servers[3].cores`), when known.
    pub field: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl InputError {
    /// An error about a whole file (no position).
    pub fn file(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        InputError {
            file: file.into(),
            line: None,
            column: None,
            field: None,
            message: message.into(),
        }
    }

    /// An error at a position, with an optional field path.
    pub fn at(
        file: impl Into<PathBuf>,
        line: usize,
        column: usize,
        field: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        InputError {
            file: file.into(),
            line: Some(line),
            column: Some(column),
            field,
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some(field) = &self.field {
            write!(f, ": {field}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for InputError {}

/// Every error the command line can report.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input: exit code 2.
    #[error("{0}")]
    Input(#[from] InputError),
    /// Several mistakes in one input file, each with its own position: exit code 2.
    #[error("{}", join_errors(.0))]
    Inputs(Vec<InputError>),
    /// The input is well-formed but cannot be planned (a constraint no layout can meet): exit 2.
    #[error("{0}")]
    Infeasible(String),
    /// An output could not be rendered (chart, spreadsheet): exit code 1.
    #[error("could not render {what}: {message}")]
    Render {
        /// The output concerned.
        what: String,
        /// What went wrong.
        message: String,
    },
    /// A bug (a solver answer failed verification): exit code 1.
    #[error("internal error: {0}")]
    Internal(String),
    /// Reading or writing files failed: exit code 1.
    #[error("{path}: {source}")]
    Io {
        /// The file or directory concerned.
        path: PathBuf,
        /// The underlying error.
        source: std::io::Error,
    },
}

impl Error {
    /// Process exit code for this error: 2 for bad or unplannable input (including an input
    /// file that cannot be read), 1 for a bug, a rendering failure or an output that cannot be
    /// written. The README's exit-code table lists this per command.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Input(_) | Error::Inputs(_) | Error::Infeasible(_) => 2,
            Error::Io { .. } | Error::Internal(_) | Error::Render { .. } => 1,
        }
    }

    /// Wraps an I/O error with the path it concerns.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io { path: path.into(), source }
    }
}

impl From<Vec<InputError>> for Error {
    fn from(mut errors: Vec<InputError>) -> Self {
        if errors.len() == 1 { Error::Input(errors.remove(0)) } else { Error::Inputs(errors) }
    }
}

/// Most input errors printed for one run; the rest are counted on one more line, so that a
/// file with a million bad values prints a screenful, not a million lines.
pub const MAX_ERRORS_SHOWN: usize = 30;

/// One mistake per line; `main` prefixes the first with "error: ", so the others get it here.
/// At most [`MAX_ERRORS_SHOWN`] lines, then how many more there are.
fn join_errors(errors: &[InputError]) -> String {
    let shown = errors.iter().take(MAX_ERRORS_SHOWN).map(ToString::to_string);
    let mut text = shown.collect::<Vec<_>>().join("\nerror: ");
    if errors.len() > MAX_ERRORS_SHOWN {
        let more = errors.len() - MAX_ERRORS_SHOWN;
        text.push_str(&format!(
            "\nerror: … and {more} more error{} not shown (fix the ones above first)",
            if more == 1 { "" } else { "s" }
        ));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prints_at_most_the_cap_then_a_count() {
        let errors: Vec<InputError> =
            (0..1000).map(|i| InputError::at("f.yaml", i + 1, 1, None, "bad")).collect();
        let text = Error::Inputs(errors).to_string();
        assert_eq!(text.lines().count(), MAX_ERRORS_SHOWN + 1);
        assert!(text.ends_with("… and 970 more errors not shown (fix the ones above first)"));
    }
}
