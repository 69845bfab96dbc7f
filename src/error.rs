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
    /// Process exit code for this error: 2 for bad or unplannable input, 1 for I/O failures.
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

/// One mistake per line; `main` prefixes the first with "error: ", so the others get it here.
fn join_errors(errors: &[InputError]) -> String {
    errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("\nerror: ")
}
