//! The words of every output, in one message catalogue per language ([`en`], [`ja`]), and the
//! language-dependent formats (fiscal years, money units, display width).
//!
//! Renderers never spell a label themselves: they ask a [`Text`] for a key (`t.s("fy")`) or a
//! template with named holes (`t.f("servers_line", &[("total", "142")])`). A test checks that
//! both catalogues have exactly the same keys and the same holes, so a label added in one
//! language and forgotten in the other fails the build's tests rather than a reader's eye.

pub mod en;
pub mod ja;

use std::collections::HashMap;
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};

/// The language of the outputs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Japanese: 現行踏襲 / 計画 / 削減効果, 百万円, 年度.
    Ja,
}

impl Lang {
    /// The language's code, as in `--lang` and `plan.language`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
}

/// How Japanese output writes a fiscal year (English always writes `FY2018`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Era {
    /// Western year: `2018年度`.
    #[default]
    Western,
    /// The Japanese era: `平成30年度`, from FY2019 `令和元年度`, `令和3年度`.
    Japanese,
    /// The Heisei era continued, as a plan written before May 2019 counts: `平成31年度`,
    /// `平成33年度` (the plan itself writes `平成33年度` for FY2021).
    Heisei,
}

/// One catalogue: key → text, in the order written.
pub type Catalogue = &'static [(&'static str, &'static str)];

/// The catalogue of a language.
pub fn catalogue(lang: Lang) -> Catalogue {
    match lang {
        Lang::En => en::MESSAGES,
        Lang::Ja => ja::MESSAGES,
    }
}

fn index(lang: Lang) -> &'static HashMap<&'static str, &'static str> {
    static EN: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    static JA: OnceLock<HashMap<&str, &str>> = OnceLock::new();
    let cell = match lang {
        Lang::En => &EN,
        Lang::Ja => &JA,
    };
    cell.get_or_init(|| catalogue(lang).iter().copied().collect())
}

/// The words of one language and its way of writing fiscal years.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Text {
    /// The language.
    pub lang: Lang,
    /// How fiscal years are written (Japanese only).
    pub era: Era,
}

impl Text {
    /// English.
    pub const EN: Text = Text { lang: Lang::En, era: Era::Western };

    /// The words of `lang`, fiscal years written as `era` says.
    pub fn new(lang: Lang, era: Era) -> Self {
        Text { lang, era }
    }

    /// Whether the language is Japanese.
    pub fn ja(self) -> bool {
        self.lang == Lang::Ja
    }

    /// The text of `key`. A key missing from the catalogue (which the catalogue test forbids)
    /// falls back to English, then to the key itself, never to a panic.
    pub fn s(self, key: &str) -> &'static str {
        index(self.lang).get(key).or_else(|| index(Lang::En).get(key)).copied().unwrap_or("?")
    }

    /// The template of `key` with each `{name}` replaced by its value.
    pub fn f(self, key: &str, args: &[(&str, &str)]) -> String {
        fill(self.s(key), args)
    }

    /// A fiscal year: `FY2018`, `2018年度`, `平成30年度`, `令和元年度`.
    pub fn fy(self, year: i32) -> String {
        match self.lang {
            Lang::En => format!("FY{year}"),
            Lang::Ja => match self.era {
                Era::Western => format!("{year}年度"),
                Era::Japanese if year >= 2019 => era_year("令和", year - 2018),
                Era::Japanese | Era::Heisei if year >= 1989 => era_year("平成", year - 1988),
                _ => format!("{year}年度"),
            },
        }
    }

    /// A span of fiscal years: `FY2017-FY2021`, `2017〜2021年度`, `平成29〜33年度`.
    pub fn fy_range(self, first: i32, last: i32) -> String {
        if first == last {
            return self.fy(first);
        }
        match self.lang {
            Lang::En => format!("{}-{}", self.fy(first), self.fy(last)),
            Lang::Ja => format!("{}〜{}", self.fy(first), self.fy(last)),
        }
    }

    /// A count with its noun: `3 hosts` / `3台`.
    pub fn count(self, n: usize, one_key: &str, many_key: &str) -> String {
        let n_text = n.to_string();
        let key = if n == 1 { one_key } else { many_key };
        self.f(key, &[("n", &n_text)])
    }
}

fn era_year(era: &str, n: i32) -> String {
    if n == 1 { format!("{era}元年度") } else { format!("{era}{n}年度") }
}

/// `template` with each `{name}` replaced by the value given for `name`; unknown holes stay.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let name = &after[..end];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of the holes of a template, sorted, each once (for the catalogue test: a
/// language may use a hole twice where another uses it once).
pub fn holes(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        let Some(end) = after.find('}') else { break };
        out.push(&after[..end]);
        rest = &after[end + 1..];
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Width of `s` on a terminal (East Asian wide characters count two).
pub fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// `s` padded with spaces on the right to `w` terminal columns.
pub fn pad_right(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(width(s))))
}

/// `s` padded with spaces on the left to `w` terminal columns.
pub fn pad_left(s: &str, w: usize) -> String {
    format!("{}{s}", " ".repeat(w.saturating_sub(width(s))))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn keys(c: Catalogue) -> BTreeMap<&'static str, &'static str> {
        let mut map = BTreeMap::new();
        for (k, v) in c {
            assert!(map.insert(*k, *v).is_none(), "key {k} twice in one catalogue");
        }
        map
    }

    /// Every key is in both catalogues, with the same holes.
    #[test]
    fn catalogues_have_the_same_keys_and_holes() {
        let en = keys(en::MESSAGES);
        let ja = keys(ja::MESSAGES);
        let only_en: Vec<_> = en.keys().filter(|k| !ja.contains_key(*k)).collect();
        let only_ja: Vec<_> = ja.keys().filter(|k| !en.contains_key(*k)).collect();
        assert!(only_en.is_empty(), "missing in ja: {only_en:?}");
        assert!(only_ja.is_empty(), "missing in en: {only_ja:?}");
        for (k, v) in &en {
            assert_eq!(holes(v), holes(ja[k]), "holes of {k} differ");
        }
    }

    #[test]
    fn fiscal_years() {
        let ja = |era| Text::new(Lang::Ja, era);
        assert_eq!(Text::EN.fy(2018), "FY2018");
        assert_eq!(ja(Era::Western).fy(2018), "2018年度");
        assert_eq!(ja(Era::Japanese).fy(2018), "平成30年度");
        assert_eq!(ja(Era::Japanese).fy(2019), "令和元年度");
        assert_eq!(ja(Era::Japanese).fy(2021), "令和3年度");
        assert_eq!(ja(Era::Heisei).fy(2019), "平成31年度");
        assert_eq!(ja(Era::Heisei).fy(2021), "平成33年度");
        assert_eq!(ja(Era::Heisei).fy(1989), "平成元年度");
        assert_eq!(ja(Era::Western).fy_range(2017, 2021), "2017年度〜2021年度");
    }

    #[test]
    fn templates_and_width() {
        assert_eq!(fill("{a} and {b}", &[("a", "1"), ("b", "2")]), "1 and 2");
        assert_eq!(fill("{x} {", &[]), "{x} {");
        assert_eq!(width("住民記録"), 8);
        assert_eq!(pad_right("住民", 6), "住民  ");
        assert_eq!(Text::EN.s("no such key"), "?");
    }
}
