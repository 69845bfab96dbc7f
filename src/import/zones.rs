//! Zone values as ledgers write them, matched to the inventory's zones: by name, by a zone's
//! `aliases`, or by the usual names of the three-layer model (三層の構え) when the zone is one
//! of its three networks.

use super::text::key;
use crate::inventory::Zone;

/// The usual names of each network of the three-layer model. A zone whose name or alias is
/// one of a family's names answers to all of them.
const FAMILIES: &[&[&str]] = &[
    &[
        "my-number",
        "mynumber",
        "マイナンバー利用事務系",
        "マイナンバー利用事務",
        "マイナンバー系",
        "マイナンバー",
        "個人番号利用事務系",
        "個人番号利用事務",
        "個人番号系",
        "番号系",
        "基幹系",
    ],
    &["lgwan", "lgwan接続系", "lgwan系", "lgwan接続", "lgwan-connected", "内部情報系", "情報系"],
    &[
        "internet",
        "インターネット接続系",
        "インターネット系",
        "インターネット接続",
        "インターネット",
        "internet-connected",
        "inet",
        "ネット系",
    ],
];

/// Resolves zone values against a list of zones.
#[derive(Debug, Clone, Default)]
pub struct ZoneMatcher {
    /// Each zone: its name and the keys of its name and aliases.
    zones: Vec<(String, Vec<String>)>,
}

impl ZoneMatcher {
    /// A matcher for these zones.
    pub fn new(zones: &[Zone]) -> Self {
        let zones = zones
            .iter()
            .map(|z| {
                let keys = std::iter::once(&z.name).chain(&z.aliases).map(|n| key(n)).collect();
                (z.name.clone(), keys)
            })
            .collect();
        ZoneMatcher { zones }
    }

    /// The zone `value` names: `Ok(Some(name))`, `Ok(None)` when none matches, `Err` when it
    /// could be several.
    pub fn resolve(&self, value: &str) -> Result<Option<&str>, String> {
        let k = key(value);
        if k.is_empty() {
            return Ok(None);
        }
        let direct: Vec<&str> = self
            .zones
            .iter()
            .filter(|(_, keys)| keys.contains(&k))
            .map(|(n, _)| n.as_str())
            .collect();
        if let Some(&one) = direct.first() {
            return if direct.len() == 1 { Ok(Some(one)) } else { Err(ambiguous(value, &direct)) };
        }
        let Some(family) = FAMILIES.iter().find(|f| f.iter().any(|n| key(n) == k)) else {
            return Ok(None);
        };
        let family_keys: Vec<String> = family.iter().map(|n| key(n)).collect();
        let hits: Vec<&str> = self
            .zones
            .iter()
            .filter(|(_, keys)| keys.iter().any(|k| family_keys.contains(k)))
            .map(|(n, _)| n.as_str())
            .collect();
        match hits.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            many => Err(ambiguous(value, many)),
        }
    }

    /// The zone names, for messages.
    pub fn names(&self) -> String {
        self.zones.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// Whether there is no zone at all.
    pub fn is_empty(&self) -> bool {
        self.zones.is_empty()
    }
}

fn ambiguous(value: &str, zones: &[&str]) -> String {
    format!(
        "zone `{value}` could be any of {}; give one an alias that tells them apart",
        zones.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str, aliases: &[&str]) -> Zone {
        Zone {
            name: name.into(),
            description: None,
            aliases: aliases.iter().map(|s| s.to_string()).collect(),
            host_models: vec![],
            min_hosts: None,
            max_hosts: None,
        }
    }

    #[test]
    fn names_aliases_and_the_three_layer_model() {
        let m = ZoneMatcher::new(&[
            zone("my-number", &[]),
            zone("lgwan", &["庁内"]),
            zone("internet", &[]),
        ]);
        assert_eq!(m.resolve("LGWAN"), Ok(Some("lgwan")));
        assert_eq!(m.resolve("庁内"), Ok(Some("lgwan")));
        assert_eq!(m.resolve("ＬＧＷＡＮ接続系"), Ok(Some("lgwan")));
        assert_eq!(m.resolve("マイナンバー利用事務系"), Ok(Some("my-number")));
        assert_eq!(m.resolve("個人番号利用事務系"), Ok(Some("my-number")));
        assert_eq!(m.resolve("インターネット接続系"), Ok(Some("internet")));
        assert_eq!(m.resolve("DMZ"), Ok(None));
        // A zone named by a family word also answers to the family.
        let m = ZoneMatcher::new(&[zone("基幹", &["基幹系"]), zone("net", &["インターネット"])]);
        assert_eq!(m.resolve("マイナンバー系"), Ok(Some("基幹")));
        assert_eq!(m.resolve("インターネット接続系"), Ok(Some("net")));
    }
}
