//! Reading a server file into tables of text cells: the bytes (through [`read_bytes`], the one
//! place files are read), the text encoding of CSV files, and the sheets of workbooks.

use crate::error::InputError;
use calamine::{Data, Reader};
use std::path::Path;

/// Reads a whole server file through the bounded reader every input goes through
/// ([`crate::input::read_bytes`]: regular files only, at most 64 MiB). Every ledger and export is
/// read through here.
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, InputError> {
    crate::input::read_bytes(path, "the server file")
}

/// One sheet (or a CSV file) as text cells; rows keep the number the user sees (1-based).
#[derive(Debug, Clone, Default)]
pub(crate) struct Table {
    /// The sheet's name (workbooks only).
    pub sheet: Option<String>,
    /// Rows: (row number as the user sees it, cells).
    pub rows: Vec<(usize, Vec<String>)>,
}

/// The encoding a CSV file was read in, for the report.
pub(crate) type EncodingName = &'static str;

/// Decodes CSV bytes: UTF-8 with or without BOM, UTF-16 with BOM (Excel's "Unicode text"),
/// otherwise Shift_JIS as Windows writes it (CP932, which encoding_rs's Shift_JIS is).
pub(crate) fn decode(path: &Path, bytes: &[u8]) -> Result<(String, EncodingName), InputError> {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            return Err(InputError::file(path, format!("not valid {} text", enc.name())));
        }
        let name = if enc == encoding_rs::UTF_8 { "UTF-8 (BOM)" } else { enc.name() };
        return Ok((text.into_owned(), name));
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok((text.to_string(), "UTF-8"));
    }
    let (text, had_errors) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(bytes);
    if had_errors {
        let line = text.lines().position(|l| l.contains('\u{FFFD}')).map_or(1, |l| l + 1);
        return Err(InputError::at(
            path,
            line,
            1,
            None,
            "the file is neither UTF-8 nor Shift_JIS (CP932); save it as CSV UTF-8 or CSV \
             (Shift_JIS)",
        ));
    }
    Ok((text.into_owned(), "Shift_JIS (CP932)"))
}

/// Splits CSV text into rows (comma or tab separated, whichever the first line uses).
pub(crate) fn csv_table(path: &Path, text: &str) -> Result<Table, InputError> {
    // The csv crate counts record lines by LF only after an LF-terminated record; Excel
    // writes CRLF, so normalise to keep row numbers right.
    let text = text.replace("\r\n", "\n");
    let first = text.lines().next().unwrap_or_default();
    let delimiter =
        if first.matches('\t').count() > first.matches(',').count() { b'\t' } else { b',' };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| p.line() as usize);
            InputError::at(path, line, 1, None, format!("not readable as CSV: {e}"))
        })?;
        let line = record.position().map_or(rows.len() + 1, |p| p.line() as usize);
        rows.push((line, record.iter().map(|c| c.trim().to_string()).collect()));
    }
    Ok(Table { sheet: None, rows })
}

/// Every sheet of a workbook (xlsx, xlsm, xls, ods), as text.
pub(crate) fn workbook_tables(path: &Path, bytes: Vec<u8>) -> Result<Vec<Table>, InputError> {
    let bad = |e: String| InputError::file(path, format!("not readable as a workbook: {e}"));
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| bad(e.to_string()))?;
    let mut tables = Vec::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).map_err(|e| bad(format!("sheet `{name}`: {e}")))?;
        let (row0, col0) = range.start().unwrap_or((0, 0));
        let rows = range
            .rows()
            .enumerate()
            .map(|(i, r)| {
                let mut cells = vec![String::new(); col0 as usize];
                cells.extend(r.iter().map(cell_text));
                (row0 as usize + i + 1, cells)
            })
            .collect();
        tables.push(Table { sheet: Some(name), rows });
    }
    Ok(tables)
}

/// A cell as the text a person sees (whole numbers without `.0`, dates as `YYYY-MM-DD`).
fn cell_text(d: &Data) -> String {
    match d {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            format!("{y:04}-{m:02}-{d:02}")
        }
        Data::DateTime(dt) => dt.as_f64().to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

/// Spreadsheet column letters of a 1-based column (1 → A, 27 → AA).
pub(crate) fn column_letters(mut col: usize) -> String {
    let mut s = Vec::new();
    while col > 0 {
        let r = (col - 1) % 26;
        s.push(b'A' + r as u8);
        col = (col - 1) / 26;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_detected() {
        let p = Path::new("x.csv");
        let (t, e) = decode(p, "サーバ名,コア数\n".as_bytes()).unwrap();
        assert_eq!((t.as_str(), e), ("サーバ名,コア数\n", "UTF-8"));
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("名前".as_bytes());
        assert_eq!(decode(p, &bom).unwrap(), ("名前".to_string(), "UTF-8 (BOM)"));
        let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("サーバ名,①髙");
        assert_eq!(decode(p, &sjis).unwrap(), ("サーバ名,①髙".to_string(), "Shift_JIS (CP932)"));
        assert!(decode(p, &[0x82, 0xFF, 0xFF]).is_err());
        // Excel's "Unicode text": UTF-16 LE with BOM, tab separated.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend("サーバ名\tコア数\r\nap\t8\r\n".encode_utf16().flat_map(u16::to_le_bytes));
        let (text, enc) = decode(p, &utf16).unwrap();
        assert_eq!(enc, "UTF-16LE");
        let t = csv_table(p, &text).unwrap();
        assert_eq!(t.rows[1], (2, vec!["ap".to_string(), "8".to_string()]));
    }

    #[test]
    fn column_letters_count_like_excel() {
        assert_eq!(column_letters(1), "A");
        assert_eq!(column_letters(26), "Z");
        assert_eq!(column_letters(27), "AA");
    }
}
