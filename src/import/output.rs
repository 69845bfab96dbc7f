//! Writing imported servers into an inventory: the other sections come from a base inventory
//! (its text, comments kept) or from the commented starting template.

use super::Imported;

/// The commented starting inventory (`consolidate init`), in English.
pub const TEMPLATE_EN: &str = include_str!("templates/inventory.en.yaml");
/// The commented starting inventory, in Japanese.
pub const TEMPLATE_JA: &str = include_str!("templates/inventory.ja.yaml");

/// `text` without its top-level `servers` and `servers_from` sections (each runs from its key
/// to the next line that starts another top-level key or comment).
pub fn without_servers(text: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in text.lines() {
        let top = !line.is_empty() && !line.starts_with([' ', '\t', '-']);
        if top {
            skipping = line.starts_with("servers:") || line.starts_with("servers_from:");
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    // The template's own note about servers_from stays above where the list goes.
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
    out.push('\n');
    out
}

/// The inventory text: `base` (already without servers) followed by the imported servers,
/// each under a comment naming its file and row.
pub fn compose(base: &str, imported: &[Imported]) -> String {
    let mut out = base.to_string();
    out.push_str("\n# Servers written by `consolidate import` from:\n");
    for f in imported {
        out.push_str(&format!(
            "#   {} ({}): {} servers\n",
            f.file.display(),
            f.kind,
            f.servers.len()
        ));
    }
    out.push_str("servers:\n");
    for f in imported {
        for s in &f.servers {
            let at = match &s.origin.sheet {
                Some(sheet) => format!("{} sheet {sheet} row {}", f.file.display(), s.origin.row),
                None => format!("{} row {}", f.file.display(), s.origin.row),
            };
            out.push_str(&format!("  # {at}\n"));
            let yaml = serde_yaml::to_string(&s.entry).unwrap_or_default();
            for (k, line) in yaml.lines().enumerate() {
                out.push_str(if k == 0 { "  - " } else { "    " });
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn servers_sections_are_cut_and_the_rest_kept() {
        let t = "plan:\n  name: x\n# servers below\nservers:\n- name: a\n  # c\n  cores: 1\nservers_from: [a.csv]\ncosts:\n  pue: 1\n";
        assert_eq!(without_servers(t), "plan:\n  name: x\n# servers below\ncosts:\n  pue: 1\n");
        assert!(!without_servers(TEMPLATE_EN).contains("jumin-ap-01"));
        assert!(without_servers(TEMPLATE_EN).contains("host_models:"));
    }
}
