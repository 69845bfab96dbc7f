//! Reading the parts of an `.xlsx` back in tests, with the `zip` crate (already in the tree
//! through rust_xlsxwriter, so no new download).

use std::io::Read;

/// The text of one entry of a zip archive; panics when it is missing or not UTF-8.
pub fn text(zip: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).expect("a zip archive");
    let mut entry =
        archive.by_name(name).unwrap_or_else(|e| panic!("no {name} in the archive: {e}"));
    let mut out = String::new();
    entry.read_to_string(&mut out).expect("UTF-8 entry");
    out
}
