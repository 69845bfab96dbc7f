//! Bounded reading of input files (inventories, `.vbp` instances).
//!
//! Every input is read through [`read_text`], so that no file can make the program wait or
//! allocate without bound: only regular files are read (a FIFO, a device such as `/dev/zero`
//! or a folder is refused before a byte is read, and opening does not block on a FIFO), at
//! most [`MAX_FILE_BYTES`], and the text must be UTF-8 without NUL bytes. Each refusal is an
//! [`InputError`] (exit code 2) that names the file and, for bad bytes, their line and column.

use crate::error::InputError;
use std::fs::File;
use std::io::Read;
use std::path::Path;

/// Largest input file read, in bytes (64 MiB): a hundred times the largest real inventory or
/// benchmark instance, small enough that the parsed form stays well under 1 GB.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Reads `path` as UTF-8 text, refusing anything but a regular file of at most
/// [`MAX_FILE_BYTES`]. `what` names the file's role in messages ("the inventory").
pub fn read_text(path: &Path, what: &str) -> Result<String, InputError> {
    let bytes = read_bytes(path, what)?;
    text_from_bytes(path, bytes)
}

/// Reads at most [`MAX_FILE_BYTES`] of a regular file.
pub fn read_bytes(path: &Path, what: &str) -> Result<Vec<u8>, InputError> {
    let file = open_regular(path, what)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| InputError::file(path, format!("cannot read {what}: {e}")))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(InputError::file(
            path,
            format!("{what} is larger than {} MiB; refusing to read it", MAX_FILE_BYTES >> 20),
        ));
    }
    Ok(bytes)
}

/// Opens `path` for reading without blocking (a FIFO would otherwise wait for a writer) and
/// checks, on the open file itself, that it is a regular file.
fn open_regular(path: &Path, what: &str) -> Result<File, InputError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options
        .open(path)
        .map_err(|e| InputError::file(path, format!("cannot read {what}: {e}")))?;
    let meta =
        file.metadata().map_err(|e| InputError::file(path, format!("cannot read {what}: {e}")))?;
    if !meta.is_file() {
        let kind = if meta.is_dir() { "a folder" } else { "a device, FIFO or socket" };
        return Err(InputError::file(
            path,
            format!("cannot read {what}: it is {kind}, not a regular file"),
        ));
    }
    Ok(file)
}

/// Checks that `bytes` are UTF-8 without NUL bytes; a bad byte is located by line and column
/// (columns count characters, as in every other message).
pub fn text_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<String, InputError> {
    let valid = match std::str::from_utf8(&bytes) {
        Ok(_) => bytes.len(),
        Err(e) => e.valid_up_to(),
    };
    let nul = bytes[..valid].iter().position(|&b| b == 0);
    if let Some(at) = nul {
        let (line, column) = position(&bytes[..at]);
        return Err(InputError::at(
            path,
            line,
            column,
            None,
            "a NUL byte: expected UTF-8 text (is this a binary file?)",
        ));
    }
    if valid < bytes.len() {
        let (line, column) = position(&bytes[..valid]);
        return Err(InputError::at(
            path,
            line,
            column,
            None,
            format!(
                "byte 0x{:02X} is not UTF-8: expected UTF-8 text (save the file as UTF-8, not \
                 Shift_JIS)",
                bytes[valid]
            ),
        ));
    }
    Ok(String::from_utf8(bytes).expect("checked above"))
}

/// 1-based line and column just after `before` (valid UTF-8).
fn position(before: &[u8]) -> (usize, usize) {
    let text = std::str::from_utf8(before).unwrap_or_default();
    let line = text.matches('\n').count() + 1;
    let last = text.rsplit('\n').next().unwrap_or_default();
    (line, last.chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(bytes: &[u8]) -> Result<String, InputError> {
        text_from_bytes(Path::new("f"), bytes.to_vec())
    }

    #[test]
    fn locates_nul_and_invalid_utf8() {
        let e = check(b"a: 1\nb: x\0y\n").unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(5)));
        assert!(e.message.contains("NUL"));
        let mut sjis = "a: 1\nname: 住".as_bytes().to_vec();
        sjis.extend_from_slice(b"\x82\xa0\n");
        let e = check(&sjis).unwrap_err();
        assert_eq!((e.line, e.column), (Some(2), Some(8)));
        assert!(e.message.contains("0x82"), "{}", e.message);
        assert_eq!(check(b"ok\n").unwrap(), "ok\n");
    }

    #[test]
    fn refuses_devices_folders_and_fifos_at_once() {
        let e = read_text(Path::new("/dev/zero"), "the inventory").unwrap_err();
        assert!(e.message.contains("not a regular file"), "{}", e.message);
        let dir = tempfile::tempdir().unwrap();
        let e = read_text(dir.path(), "the inventory").unwrap_err();
        assert!(e.message.contains("a folder"), "{}", e.message);
        #[cfg(unix)]
        {
            let fifo = dir.path().join("fifo");
            let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
            // SAFETY: a valid NUL-terminated path; mkfifo only creates a file system node.
            assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
            let e = read_text(&fifo, "the inventory").unwrap_err();
            assert!(e.message.contains("not a regular file"), "{}", e.message);
        }
    }

    #[test]
    fn refuses_files_over_the_size_limit() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big");
        let f = File::create(&big).unwrap();
        f.set_len(MAX_FILE_BYTES + 1).unwrap();
        let e = read_text(&big, "the inventory").unwrap_err();
        assert!(e.message.contains("larger than 64 MiB"), "{}", e.message);
    }
}
