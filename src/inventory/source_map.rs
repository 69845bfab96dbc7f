//! Positions of YAML nodes by their path (`servers[3].cores`), so that checks made after
//! deserialisation (ranges, references, duplicates) can still name the line and column.
//! serde_yaml gives positions only for its own errors; this map fills the gap.
//!
//! Building the map is also the first pass over every inventory file, before serde_yaml sees
//! it, so it bounds what the document may cost: nesting deeper than [`MAX_DEPTH`] and more
//! than [`MAX_EVENTS`] nodes (counting every copy an alias makes) are refused at the line and
//! column where the limit is crossed, in time linear in the text read so far. serde_yaml's
//! parser takes time quadratic in the nesting depth, so it must never see a deeper document.

use std::collections::{HashMap, HashSet};
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Deepest nesting of mappings and sequences accepted (an inventory needs 5).
pub const MAX_DEPTH: usize = 32;
/// Most YAML nodes (scalars, mappings, sequences, keys included) a document may expand to,
/// counting each alias as a copy of its anchor's nodes: ten times a 10,000-server inventory.
pub const MAX_EVENTS: usize = 2_000_000;

/// 1-based line and column of every node of a YAML document, by path.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    positions: HashMap<String, (usize, usize)>,
    /// Paths of values written as YAML null (`~`, `null`, nothing): serde turns them into the
    /// string "~" when a name is expected, so the loader refuses them by path.
    nulls: HashSet<String>,
    /// Nodes read, alias copies included (the loader bounds the sum over an `extends` chain).
    events: usize,
}

/// A document over one of the limits: where the limit was crossed and which.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// Which limit, and its value.
    pub message: String,
}

impl SourceMap {
    /// Builds the map, or refuses a document over [`MAX_DEPTH`] or [`MAX_EVENTS`]. A document
    /// that does not parse gives the positions read before the syntax error (serde_yaml
    /// reports the error itself, with its position).
    pub fn build(text: &str) -> Result<Self, TooLarge> {
        let mut recv = Receiver::default();
        let mut parser = Parser::new_from_str(text);
        loop {
            let (event, mark) = match parser.next_token() {
                Ok(next) => next,
                // The scanner reads flow collections ahead and stops at 255 open ones, before
                // their events reach the depth check: the same refusal.
                Err(e) if e.info().contains("recursion limit") => {
                    return Err(too_large(*e.marker(), too_deep()));
                }
                // A syntax error: serde_yaml stops at it too, and words it for the reader.
                Err(_) => break,
            };
            if event == Event::StreamEnd {
                break;
            }
            recv.on_event(event, mark)?;
        }
        Ok(SourceMap { positions: recv.positions, nulls: recv.nulls, events: recv.events })
    }

    /// Line and column of the node at `path`, or of its nearest ancestor that has one.
    pub fn locate(&self, path: &str) -> Option<(usize, usize)> {
        let mut p = path;
        loop {
            if let Some(&pos) = self.positions.get(p) {
                return Some(pos);
            }
            let cut = p.rfind(['.', '['])?;
            p = &p[..cut];
        }
    }

    /// Nodes in the document, alias copies included.
    pub fn events(&self) -> usize {
        self.events
    }

    /// Paths of the values written as YAML null, sorted.
    pub fn nulls(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.nulls.iter().map(String::as_str).collect();
        v.sort_unstable();
        v
    }
}

enum Frame {
    Map { key: Option<String> },
    Seq { index: usize },
}

/// An open mapping or sequence: its frame, its path, and its anchor with the node count at
/// its start (to learn how many nodes an alias to it copies).
struct Open {
    frame: Frame,
    path: String,
    anchor: usize,
    events_at_start: usize,
}

#[derive(Default)]
struct Receiver {
    stack: Vec<Open>,
    positions: HashMap<String, (usize, usize)>,
    nulls: HashSet<String>,
    /// Nodes so far, alias copies included.
    events: usize,
    /// Nodes under each anchor id.
    anchor_sizes: HashMap<usize, usize>,
}

impl Receiver {
    /// Path of a node starting now, or `None` when the node is a mapping key.
    fn node_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Open { frame: Frame::Map { key }, path, .. }) => {
                key.take().map(|k| join(path, &k))
            }
            Some(Open { frame: Frame::Seq { index }, path, .. }) => {
                let p = format!("{path}[{index}]");
                *index += 1;
                Some(p)
            }
        }
    }

    fn record(&mut self, path: &str, mark: Marker) {
        self.positions.entry(path.to_string()).or_insert((mark.line(), mark.col() + 1));
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() { key.to_string() } else { format!("{parent}.{key}") }
}

fn is_null(value: &str, style: TScalarStyle) -> bool {
    style == TScalarStyle::Plain && matches!(value, "" | "~" | "null" | "Null" | "NULL")
}

impl Receiver {
    /// Counts `n` more nodes, refusing the document past [`MAX_EVENTS`].
    fn count(&mut self, n: usize, mark: Marker) -> Result<(), TooLarge> {
        self.events = self.events.saturating_add(n);
        if self.events > MAX_EVENTS {
            return Err(too_large(
                mark,
                format!(
                    "the document has more than {MAX_EVENTS} YAML nodes (aliases counted as \
                     copies); refusing it"
                ),
            ));
        }
        Ok(())
    }

    fn on_event(&mut self, ev: Event, mark: Marker) -> Result<(), TooLarge> {
        match ev {
            Event::Scalar(value, style, anchor, _) => {
                self.count(1, mark)?;
                if anchor > 0 {
                    self.anchor_sizes.insert(anchor, 1);
                }
                match self.node_path() {
                    Some(path) => {
                        if is_null(&value, style) {
                            self.nulls.insert(path.clone());
                        }
                        self.record(&path, mark);
                    }
                    None => {
                        if let Some(Open { frame: Frame::Map { key }, path, .. }) =
                            self.stack.last_mut()
                        {
                            *key = Some(value);
                            // A block mapping's start mark sits after its first key; the key
                            // itself is where a reader looks for the item.
                            let path = path.clone();
                            self.record(&path, mark);
                        }
                    }
                }
            }
            Event::Alias(id) => {
                let size = self.anchor_sizes.get(&id).copied().unwrap_or(1);
                self.count(size, mark)?;
                if let Some(path) = self.node_path() {
                    self.record(&path, mark);
                }
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                self.count(1, mark)?;
                if self.stack.len() >= MAX_DEPTH {
                    return Err(too_large(mark, too_deep()));
                }
                // A complex key (rare) gets an unnamed path; its content is not addressable.
                let path = self.node_path().unwrap_or_else(|| "?".to_string());
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { key: None }
                } else {
                    self.record(&path, mark);
                    Frame::Seq { index: 0 }
                };
                let events_at_start = self.events;
                self.stack.push(Open { frame, path, anchor, events_at_start });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                if let Some(open) = self.stack.pop()
                    && open.anchor > 0
                {
                    let size = self.events - open.events_at_start + 1;
                    self.anchor_sizes.insert(open.anchor, size);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

fn too_deep() -> String {
    format!("nesting deeper than {MAX_DEPTH} levels; refusing the document")
}

fn too_large(mark: Marker, message: String) -> TooLarge {
    TooLarge { line: mark.line(), column: mark.col() + 1, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_with_one_based_positions() {
        let text =
            "plan:\n  name: x\nservers:\n  - name: a\n    cores: 4\n  - name: b\n    cores: 0\n";
        let map = SourceMap::build(text).unwrap();
        assert_eq!(map.locate("plan.name"), Some((2, 9)));
        assert_eq!(map.locate("servers[1].cores"), Some((7, 12)));
        assert_eq!(map.locate("servers[1]"), Some((6, 5)));
        // Unknown leaf: falls back to the nearest ancestor.
        assert_eq!(map.locate("servers[1].memory_gb"), Some((6, 5)));
    }

    #[test]
    fn refuses_deep_nesting_in_linear_time_at_its_place() {
        let deep = format!("plan: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        let t = std::time::Instant::now();
        let e = SourceMap::build(&deep).unwrap_err();
        assert!(t.elapsed().as_secs_f64() < 1.0);
        assert_eq!(e.line, 1);
        assert!(e.message.contains("nesting deeper than 32"), "{}", e.message);
        // Block nesting is counted the same way.
        let mut block = String::new();
        for d in 0..40 {
            block.push_str(&format!("{}k{d}:\n", "  ".repeat(d)));
        }
        assert!(SourceMap::build(&block).is_err());
    }

    #[test]
    fn counts_alias_copies_towards_the_node_limit() {
        // A billion laughs: each level doubles the copies of the one before.
        let mut text = String::from("a0: &a0 [x, x]\n");
        for i in 1..30 {
            text.push_str(&format!("a{i}: &a{i} [*a{}, *a{}]\n", i - 1, i - 1));
        }
        let e = SourceMap::build(&text).unwrap_err();
        assert!(e.message.contains("more than 2000000 YAML nodes"), "{}", e.message);
        assert!(e.line > 10 && e.line < 30, "{}", e.line);
    }

    #[test]
    fn records_null_values_but_not_null_looking_strings() {
        let map = SourceMap::build("a: ~\nb: null\nc: '~'\nd:\ne: [~, x]\n").unwrap();
        assert_eq!(map.nulls(), vec!["a", "b", "d", "e[0]"]);
    }
}
