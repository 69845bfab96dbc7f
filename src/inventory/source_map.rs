//! Positions of YAML nodes by their path (`servers[3].cores`), so that checks made after
//! deserialisation (ranges, references, duplicates) can still name the line and column.
//! serde_yaml gives positions only for its own errors; this map fills the gap.

use std::collections::HashMap;
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// 1-based line and column of every node of a YAML document, by path.
#[derive(Debug, Default, Clone)]
pub struct SourceMap {
    positions: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// Builds the map; a document that does not parse gives an empty map (serde_yaml reports
    /// the syntax error itself).
    pub fn build(text: &str) -> Self {
        let mut recv = Receiver::default();
        let mut parser = Parser::new_from_str(text);
        if parser.load(&mut recv, false).is_err() {
            return SourceMap::default();
        }
        SourceMap { positions: recv.positions }
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
}

enum Frame {
    Map { key: Option<String> },
    Seq { index: usize },
}

#[derive(Default)]
struct Receiver {
    stack: Vec<(Frame, String)>,
    positions: HashMap<String, (usize, usize)>,
}

impl Receiver {
    /// Path of a node starting now, or `None` when the node is a mapping key.
    fn node_path(&mut self) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some((Frame::Map { key }, path)) => key.take().map(|k| join(path, &k)),
            Some((Frame::Seq { index }, path)) => {
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

impl MarkedEventReceiver for Receiver {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        match ev {
            Event::Scalar(value, ..) => match self.node_path() {
                Some(path) => self.record(&path, mark),
                None => {
                    if let Some((Frame::Map { key }, path)) = self.stack.last_mut() {
                        *key = Some(value);
                        // A block mapping's start mark sits after its first key; the key
                        // itself is where a reader looks for the item.
                        let path = path.clone();
                        self.record(&path, mark);
                    }
                }
            },
            Event::Alias(_) => {
                if let Some(path) = self.node_path() {
                    self.record(&path, mark);
                }
            }
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                // A complex key (rare) gets an unnamed path; its content is not addressable.
                let path = self.node_path().unwrap_or_else(|| "?".to_string());
                let frame = if matches!(ev, Event::MappingStart(..)) {
                    Frame::Map { key: None }
                } else {
                    self.record(&path, mark);
                    Frame::Seq { index: 0 }
                };
                self.stack.push((frame, path));
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_nested_fields_with_one_based_positions() {
        let text =
            "plan:\n  name: x\nservers:\n  - name: a\n    cores: 4\n  - name: b\n    cores: 0\n";
        let map = SourceMap::build(text);
        assert_eq!(map.locate("plan.name"), Some((2, 9)));
        assert_eq!(map.locate("servers[1].cores"), Some((7, 12)));
        assert_eq!(map.locate("servers[1]"), Some((6, 5)));
        // Unknown leaf: falls back to the nearest ancestor.
        assert_eq!(map.locate("servers[1].memory_gb"), Some((6, 5)));
    }
}
