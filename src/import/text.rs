//! Values as people type them in ledgers: full-width digits, thousands separators, units in
//! the cell, Japanese era years, ○ and ×. Every parser returns what it read or a message that
//! says what was expected; the caller adds the file, row and column.

/// Full-width ASCII (Ａ-Ｚ, ０-９, ％, ，, ．), the ideographic space and the yen sign turned
/// into their ASCII forms, so that `６４ＧＢ` reads like `64GB`.
pub(crate) fn halfwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{FFE5}' | '\u{A5}' => '¥',
            _ => c,
        })
        .collect()
}

/// A key for comparing names: half-width, lower case, without spaces, brackets, `-`, `_`,
/// `・` and `#`.
pub(crate) fn key(s: &str) -> String {
    halfwidth(s)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !"-_・#()（）[]［］.:：/".contains(*c))
        .collect()
}

/// Whether a cell means "no value": empty, or a dash people put in empty cells.
pub(crate) fn is_blank(cell: &str) -> bool {
    let t = halfwidth(cell);
    let t = t.trim();
    t.is_empty() || ["-", "－", "―", "—", "ー", "n/a", "N/A", "なし", "無し"].contains(&t)
}

/// What a number cell measures, which decides the units it may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Quantity {
    /// A whole count (cores, vCPUs): `8`, `8コア`, `2×8` (sockets × cores).
    Count,
    /// Memory in GB: `64`, `64GB`, `65536MB`, `1TB` (= 1024 GB).
    MemoryGb,
    /// Storage in GB: `500`, `500GB`, `2TB` (= 2000 GB, as the inventory counts storage).
    StorageGb,
    /// A percentage: `45`, `45%`.
    Percent,
    /// Money: `1,200,000`, `¥1,200,000`, `1200000円`, `1,200千円`, `120万円`.
    Money,
    /// Watts: `300`, `300W`, `0.3kW`.
    Watts,
    /// A plain ratio (per-core performance).
    Ratio,
}

impl Quantity {
    fn expected(self) -> &'static str {
        match self {
            Quantity::Count => "a whole number such as 8 (\"8コア\" and \"2×8\" are read too)",
            Quantity::MemoryGb => "a size in GB such as 64 (\"64GB\", \"65536MB\" are read too)",
            Quantity::StorageGb => "a size in GB such as 500 (\"500GB\", \"2TB\" are read too)",
            Quantity::Percent => "a percentage such as 45 (\"45%\" is read too)",
            Quantity::Money => "an amount such as 1,200,000 (\"120万円\", \"1,200千円\" too)",
            Quantity::Watts => "a power draw in W such as 300",
            Quantity::Ratio => "a number such as 1.2",
        }
    }

    /// The factor a unit written in the cell (or in the column header) stands for.
    pub(crate) fn unit_factor(self, unit: &str) -> Option<f64> {
        let u = unit.trim().to_lowercase();
        let u = u.as_str();
        match self {
            Quantity::Count => ["", "コア", "core", "cores", "c", "vcpu", "vcpus", "個", "cpu"]
                .contains(&u)
                .then_some(1.0),
            Quantity::MemoryGb => match u {
                "" | "gb" | "gib" | "g" | "gbyte" => Some(1.0),
                "mb" | "mib" | "m" => Some(1.0 / 1024.0),
                "tb" | "tib" | "t" => Some(1024.0),
                _ => None,
            },
            Quantity::StorageGb => match u {
                "" | "gb" | "gib" | "g" => Some(1.0),
                "mb" | "mib" | "m" => Some(1.0 / 1000.0),
                "tb" | "tib" | "t" => Some(1000.0),
                _ => None,
            },
            Quantity::Percent => ["", "%"].contains(&u).then_some(1.0),
            Quantity::Money => match u {
                "" | "円" | "yen" | "jpy" => Some(1.0),
                "千円" => Some(1e3),
                "万円" => Some(1e4),
                "百万円" => Some(1e6),
                _ => None,
            },
            Quantity::Watts => match u {
                "" | "w" => Some(1.0),
                "kw" => Some(1000.0),
                _ => None,
            },
            Quantity::Ratio => (u.is_empty()).then_some(1.0),
        }
    }
}

/// Reads a number cell: full-width digits, `¥`, thousands separators and a unit after the
/// number; `header_factor` is the unit the column header names (`メモリ(MB)`, `保守費(千円)`)
/// for cells that carry none. Whole counts must be whole.
pub(crate) fn number(cell: &str, q: Quantity, header_factor: f64) -> Result<f64, String> {
    let found = || format!("expected {}, found `{}`", q.expected(), cell.trim());
    let t = halfwidth(cell);
    // In Shift_JIS files the yen sign is byte 0x5C, which decodes as a backslash.
    let t = t.trim().trim_start_matches(['¥', '\\', '$']).trim();
    let (value, rest) = leading_number(t).ok_or_else(found)?;
    let rest = rest.trim();
    // "2×8" / "2x8": sockets × cores per socket.
    let (value, rest) = match rest.strip_prefix(['×', 'x', 'X', '*']) {
        Some(r) if q == Quantity::Count => {
            let (v2, r2) = leading_number(r.trim()).ok_or_else(found)?;
            (value * v2, r2.trim())
        }
        _ => (value, rest),
    };
    let factor =
        if rest.is_empty() { header_factor } else { q.unit_factor(rest).ok_or_else(found)? };
    let v = value * factor;
    if q == Quantity::Count && (v.fract() != 0.0 || v < 0.0 || v > f64::from(u32::MAX)) {
        return Err(found());
    }
    if !v.is_finite() {
        return Err(found());
    }
    Ok(v)
}

/// The number at the start of `s` (sign, digits, `,` thousands separators, one `.`) and the
/// rest of the text.
fn leading_number(s: &str) -> Option<(f64, &str)> {
    let mut end = 0;
    let mut digits = String::new();
    for (i, c) in s.char_indices() {
        let ok = c.is_ascii_digit()
            || (c == '-' && i == 0)
            || (c == '.' && !digits.contains('.'))
            || (c == ',' && i > 0);
        if !ok {
            break;
        }
        if c != ',' {
            digits.push(c);
        }
        end = i + c.len_utf8();
    }
    if !digits.chars().any(|c| c.is_ascii_digit()) {
        return None;
    }
    let v: f64 = digits.parse().ok()?;
    Some((v, &s[end..]))
}

/// Reads a fiscal year: `2018`, `FY2018`, `2018年度`, `H30`, `平成30年度`, `R1`, `令和元年度`,
/// or a date (`2018-04-01`, `2019/3/31`: the fiscal year it falls in, April to March).
pub(crate) fn fiscal_year(cell: &str) -> Result<i32, String> {
    let err = || {
        format!(
            "expected a fiscal year such as 2018, FY2018, 2018年度, H30, 平成30年度, R1 or \
             令和元年度, found `{}`",
            cell.trim()
        )
    };
    let t = halfwidth(cell);
    let t = t.trim();
    if let Some(fy) = date_fy(t) {
        return Ok(fy);
    }
    let t = t.trim_end_matches("年度").trim_end_matches('年').trim_end_matches('度').trim();
    let lower = t.to_lowercase();
    let lower = lower.trim_start_matches("fy").trim();
    if let Ok(y) = lower.parse::<f64>()
        && y.fract() == 0.0
        && (1980.0..=2100.0).contains(&y)
    {
        return Ok(y as i32);
    }
    for (names, base) in
        [(&["令和", "r"][..], 2018), (&["平成", "h"][..], 1988), (&["昭和", "s"][..], 1925)]
    {
        for name in names {
            if let Some(n) = lower.strip_prefix(name) {
                let n = n.trim();
                let k: i32 = if n == "元" { 1 } else { n.parse().map_err(|_| err())? };
                if !(1..=64).contains(&k) {
                    return Err(err());
                }
                return Ok(base + k);
            }
        }
    }
    Err(err())
}

/// `YYYY-MM-DD` or `YYYY/MM/DD` (time after it ignored): its fiscal year.
fn date_fy(t: &str) -> Option<i32> {
    let date = t.split([' ', 'T']).next()?;
    let parts: Vec<&str> = date.split(['-', '/']).collect();
    if parts.len() != 3 {
        return None;
    }
    let y: i32 = parts[0].parse().ok()?;
    let m: u32 = parts[1].parse().ok()?;
    let _d: u32 = parts[2].parse().ok()?;
    if !(1980..=2100).contains(&y) || !(1..=12).contains(&m) {
        return None;
    }
    Some(if m < 4 { y - 1 } else { y })
}

/// Reads a yes/no cell: ○ ◯ 〇 ● ✓ yes true 1 はい 有 要 対象 are yes; × ✕ no false 0 いいえ
/// 無 不要 対象外 and an empty cell are no.
pub(crate) fn flag(cell: &str) -> Result<bool, String> {
    let t = halfwidth(cell).trim().to_lowercase();
    const YES: &[&str] = &[
        "○", "◯", "〇", "●", "◎", "✓", "✔", "yes", "y", "true", "1", "はい", "有", "あり", "要",
        "対象",
    ];
    const NO: &[&str] = &[
        "",
        "×",
        "✕",
        "x",
        "-",
        "no",
        "n",
        "false",
        "0",
        "いいえ",
        "無",
        "なし",
        "不要",
        "対象外",
    ];
    if YES.contains(&t.as_str()) {
        Ok(true)
    } else if NO.contains(&t.as_str()) {
        Ok(false)
    } else {
        Err(format!("expected yes or no (○ or ×, true or false), found `{}`", cell.trim()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_people_type_them() {
        assert_eq!(number("1,200,000", Quantity::Money, 1.0), Ok(1_200_000.0));
        assert_eq!(number("¥1,200,000", Quantity::Money, 1.0), Ok(1_200_000.0));
        assert_eq!(number("120万円", Quantity::Money, 1.0), Ok(1_200_000.0));
        assert_eq!(number("1,200", Quantity::Money, 1000.0), Ok(1_200_000.0));
        assert_eq!(number("６４ＧＢ", Quantity::MemoryGb, 1.0), Ok(64.0));
        assert_eq!(number("65536MB", Quantity::MemoryGb, 1.0), Ok(64.0));
        assert_eq!(number("2TB", Quantity::StorageGb, 1.0), Ok(2000.0));
        assert_eq!(number("2×8", Quantity::Count, 1.0), Ok(16.0));
        assert_eq!(number("８コア", Quantity::Count, 1.0), Ok(8.0));
        assert_eq!(number("45％", Quantity::Percent, 1.0), Ok(45.0));
        assert!(number("8.5", Quantity::Count, 1.0).is_err());
        assert!(number("sixty", Quantity::MemoryGb, 1.0).is_err());
        assert!(number("64 apples", Quantity::MemoryGb, 1.0).is_err());
    }

    #[test]
    fn fiscal_years_in_every_spelling() {
        for (s, fy) in [
            ("2018", 2018),
            ("FY2018", 2018),
            ("fy 2019", 2019),
            ("2018年度", 2018),
            ("２０１９年度", 2019),
            ("H30", 2018),
            ("平成30年度", 2018),
            ("H31", 2019),
            ("R1", 2019),
            ("R03", 2021),
            ("令和元年度", 2019),
            ("令和2年度", 2020),
            ("2019/3/31", 2018),
            ("2019-04-01", 2019),
        ] {
            assert_eq!(fiscal_year(s), Ok(fy), "{s}");
        }
        assert!(fiscal_year("next year").is_err());
        assert!(fiscal_year("H").is_err());
    }

    #[test]
    fn flags() {
        assert_eq!(flag("○"), Ok(true));
        assert_eq!(flag("対象外"), Ok(false));
        assert_eq!(flag(""), Ok(false));
        assert!(flag("maybe").is_err());
    }
}
