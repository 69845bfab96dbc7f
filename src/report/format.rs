//! Number, money and label formatting shared by the text formats. Deterministic and
//! locale-free: thousands separated by commas, a dot for decimals.

use crate::plan::PlanResult;

use super::i18n::Text;

/// Formats amounts of one currency.
#[derive(Debug, Clone)]
pub struct Money {
    /// ISO code as given in the plan (`JPY`).
    pub code: String,
    /// Symbol placed before amounts (`¥`), or the code and a space when it has none we know.
    pub symbol: String,
    /// Japanese yen written the Japanese way: `1,200円`, `88.7百万円`.
    pub yen_ja: bool,
}

impl Money {
    /// The formatter for a currency code.
    pub fn new(code: &str) -> Self {
        let code = code.trim();
        let symbol = match code.to_ascii_uppercase().as_str() {
            "JPY" => "¥".to_string(),
            "USD" => "$".to_string(),
            "EUR" => "€".to_string(),
            "GBP" => "£".to_string(),
            "" => String::new(),
            other => format!("{other} "),
        };
        Money { code: code.to_string(), symbol, yen_ja: false }
    }

    /// The formatter for a currency code in the language of `t`: in Japanese, yen amounts end
    /// in `円` and millions in `百万円`; other currencies as in English.
    pub fn with_text(code: &str, t: Text) -> Self {
        let mut m = Money::new(code);
        m.yen_ja = t.ja() && m.code.eq_ignore_ascii_case("JPY");
        m
    }

    /// Whole units with thousands separators: `¥123,456,789`, `-¥1,200`.
    pub fn amount(&self, x: f64) -> String {
        if !x.is_finite() {
            return "n/a".into();
        }
        let r = x.round();
        let sign = if r < 0.0 { "-" } else { "" };
        if self.yen_ja {
            return format!("{sign}{}円", thousands(r.abs(), 0));
        }
        format!("{sign}{}{}", self.symbol, thousands(r.abs(), 0))
    }

    /// Like [`Money::amount`] with an explicit sign for non-zero amounts: `+¥1,200`.
    pub fn signed(&self, x: f64) -> String {
        if x.is_finite() && x.round() > 0.0 {
            format!("+{}", self.amount(x))
        } else {
            self.amount(x)
        }
    }

    /// Millions with one decimal: `¥230.1M`, `-¥0.5M`.
    pub fn millions(&self, x: f64) -> String {
        if !x.is_finite() {
            return "n/a".into();
        }
        let m = (x / 1e6 * 10.0).round() / 10.0;
        let sign = if m < 0.0 { "-" } else { "" };
        if self.yen_ja {
            return format!("{sign}{}百万円", thousands(m.abs(), 1));
        }
        format!("{sign}{}{}M", self.symbol, thousands(m.abs(), 1))
    }

    /// The unit of chart axes in millions: `million JPY`, `百万円`.
    pub fn chart_unit(&self) -> String {
        if self.yen_ja {
            "百万円".into()
        } else if self.code.is_empty() {
            "million".into()
        } else {
            format!("million {}", self.code)
        }
    }
}

/// `x` with `decimals` decimals and commas between thousands: `1,234.5`.
pub fn thousands(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    let s = format!("{:.*}", decimals, x.abs());
    let (int, frac) = match s.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (s.as_str(), None),
    };
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let negative = x < 0.0 && s.chars().any(|c| c.is_ascii_digit() && c != '0');
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&grouped);
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}

/// A resource quantity: whole numbers without decimals, others with one (`12`, `3.5`).
pub fn qty(x: f64) -> String {
    if x.is_finite() && (x - x.round()).abs() < 1e-9 {
        thousands(x.round(), 0)
    } else {
        thousands(x, 1)
    }
}

/// A percentage with one decimal: `72.5%`.
pub fn pct(x: f64) -> String {
    if !x.is_finite() {
        return "n/a".into();
    }
    format!("{}%", thousands(x, 1))
}

/// A percentage without a decimal when it is whole: `80%`, `72.5%`.
pub fn pct_short(x: f64) -> String {
    if x.is_finite() && (x - x.round()).abs() < 0.05 { format!("{x:.0}%") } else { pct(x) }
}

/// The fiscal years covered, `FY2017-FY2021`, `2017年度〜2021年度` (a single year alone): from
/// the cost table when it has rows, else from the plan meta.
pub fn span(t: Text, r: &PlanResult) -> String {
    let (first, last) = match (r.years.first(), r.years.last()) {
        (Some(a), Some(b)) => (a.fy, b.fy),
        _ => (r.plan.first_fy, r.plan.first_fy + r.plan.years.max(1) as i32 - 1),
    };
    t.fy_range(first, last)
}

/// Yes / no.
pub fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// A cost category's label in the language of `t`: `Data centre`, `データセンター`.
pub fn category_label_in(t: Text, name: &str) -> &str {
    match name {
        "hardware" | "maintenance" | "licences" | "power" | "datacentre" | "migration"
        | "extra" => t.s(&format!("cat_{name}")),
        other => other,
    }
}

/// A resource's label in the language of `t`: `CPU`, `メモリ`.
pub fn resource_label_in(t: Text, name: &str) -> &str {
    match name {
        "cpu" => t.s("res_cpu"),
        "vcpu" => t.s("res_vcpu"),
        "memory" | "memory_gb" => t.s("res_memory"),
        other => other,
    }
}

/// A resource's label with its unit in the language of `t`: `メモリ（GB）`.
pub fn resource_with_unit_in(t: Text, name: &str) -> String {
    match name {
        "cpu" => t.s("resu_cpu").into(),
        "vcpu" => t.s("resu_vcpu").into(),
        "memory" | "memory_gb" => t.s("resu_memory").into(),
        other => other.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money() {
        let m = Money::new("JPY");
        assert_eq!(m.amount(123_456_789.4), "¥123,456,789");
        assert_eq!(m.amount(-1200.0), "-¥1,200");
        assert_eq!(m.amount(0.0), "¥0");
        assert_eq!(m.amount(999.6), "¥1,000");
        assert_eq!(m.signed(5.0), "+¥5");
        assert_eq!(m.signed(-5.0), "-¥5");
        assert_eq!(m.millions(230_123_456.0), "¥230.1M");
        assert_eq!(m.millions(1_234_567_890.0), "¥1,234.6M");
        assert_eq!(m.millions(-40_000.0), "¥0.0M");
        assert_eq!(m.chart_unit(), "million JPY");
        assert_eq!(Money::new("CHF").amount(10.0), "CHF 10");
        assert_eq!(m.amount(f64::NAN), "n/a");
        let ja = Money::with_text("JPY", Text::new(crate::report::Lang::Ja, Default::default()));
        assert_eq!(ja.amount(-1200.0), "-1,200円");
        assert_eq!(ja.millions(230_123_456.0), "230.1百万円");
        assert_eq!(ja.chart_unit(), "百万円");
    }

    #[test]
    fn numbers() {
        assert_eq!(thousands(0.0, 0), "0");
        assert_eq!(thousands(999.0, 0), "999");
        assert_eq!(thousands(1000.0, 0), "1,000");
        assert_eq!(thousands(-1234567.25, 2), "-1,234,567.25");
        assert_eq!(thousands(-0.01, 1), "0.0");
        assert_eq!(qty(12.0), "12");
        assert_eq!(qty(3.46), "3.5");
        assert_eq!(pct(72.46), "72.5%");
        assert_eq!(pct_short(80.0000001), "80%");
        assert_eq!(pct_short(72.5), "72.5%");
    }
}
