//! The detail tree as data, and its two renderings (indented text, one-line JSON).
//!
//! Every field is built once as a [`Node`]; the text and JSON writers below
//! walk the same nodes, so the two formats can never disagree. Rendering
//! rules (documented for users in the parent module):
//! - text: `Label: display`, children indented by 4; *inline* children are
//!   shown in parentheses on their parent's line;
//! - JSON: a node without a value is an object of its children; a node with a
//!   value is `key: value`, and its children become siblings `key_child`;
//!   a list is an array: a group item is its object, any other item is a
//!   one-member object (plus its flattened children).

use std::borrow::Cow;
use std::fmt::Write as _;
use std::io::{self, Write};

/// Longest string value (in chars) a node keeps; packet-derived text is cut here.
pub const MAX_STR: usize = 256;
/// Longest text line written, in chars (an escaped line can grow, this bounds it).
pub const MAX_LINE: usize = 2048;

/// Lower-case hex digits.
const HEX: &[u8; 16] = b"0123456789abcdef";

/// A typed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// No value: the node is an object (with children) or `null`.
    Null,
    Bool(bool),
    U(u64),
    I(i64),
    /// Seconds with nanoseconds, from a signed nanosecond count (exact, no float).
    Secs(i128),
    Str(String),
}

/// How a node renders.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `Label: display` (or just the label when display is empty).
    Field,
    /// An ordered list: JSON array of its children.
    List,
    /// `[display]` in text, `key: "display"` in JSON.
    Note,
    /// A hex dump of bytes held as a hex string value.
    Hex,
}

/// One line of the tree.
#[derive(Clone, Debug)]
pub struct Node {
    /// JSON key (stable, lower snake case).
    pub key: Cow<'static, str>,
    /// Text label.
    pub label: String,
    /// Text after `": "`; empty for headings.
    pub display: String,
    /// Typed JSON value.
    pub value: Value,
    pub kind: Kind,
    /// Shown in parentheses on the parent's text line.
    pub inline: bool,
    pub children: Vec<Node>,
}

impl Node {
    fn new(key: impl Into<Cow<'static, str>>, label: impl Into<String>, kind: Kind) -> Self {
        Node {
            key: key.into(),
            label: label.into(),
            display: String::new(),
            value: Value::Null,
            kind,
            inline: false,
            children: Vec::new(),
        }
    }

    /// A heading (layer or group): children become a JSON object.
    pub fn group(key: impl Into<Cow<'static, str>>, label: impl Into<String>) -> Self {
        Node::new(key, label, Kind::Field)
    }

    /// A list: children become a JSON array.
    pub fn list(key: impl Into<Cow<'static, str>>, label: impl Into<String>) -> Self {
        Node::new(key, label, Kind::List)
    }

    /// A field whose display is the value itself.
    pub fn field(
        key: impl Into<Cow<'static, str>>,
        label: impl Into<String>,
        value: Value,
    ) -> Self {
        let mut n = Node::new(key, label, Kind::Field);
        n.display = value.to_text();
        n.value = clamp(value);
        n
    }

    /// An unsigned field shown in decimal.
    pub fn num(
        key: impl Into<Cow<'static, str>>,
        label: impl Into<String>,
        v: impl Into<u64>,
    ) -> Self {
        Node::field(key, label, Value::U(v.into()))
    }

    /// A string field.
    pub fn text(
        key: impl Into<Cow<'static, str>>,
        label: impl Into<String>,
        s: impl Into<String>,
    ) -> Self {
        Node::field(key, label, Value::Str(s.into()))
    }

    /// A boolean field shown as "Set"/"Not set".
    pub fn flag(key: impl Into<Cow<'static, str>>, label: impl Into<String>, b: bool) -> Self {
        Node::field(key, label, Value::Bool(b)).show(if b { "Set" } else { "Not set" })
    }

    /// A bracketed note ("[Truncated: …]"), with a string value in JSON.
    pub fn note(key: impl Into<Cow<'static, str>>, text: impl Into<String>) -> Self {
        let t: String = text.into();
        let mut n = Node::new(key, String::new(), Kind::Note);
        n.display = t.clone();
        n.value = clamp(Value::Str(t));
        n
    }

    /// A hex dump of `bytes` (at most `max` of them).
    pub fn hex(key: impl Into<Cow<'static, str>>, label: impl Into<String>, bytes: &[u8]) -> Self {
        let mut n = Node::new(key, label, Kind::Hex);
        let mut s = String::with_capacity(bytes.len() * 2);
        for b in bytes {
            s.push(HEX[(b >> 4) as usize] as char);
            s.push(HEX[(b & 15) as usize] as char);
        }
        n.display = format!("{} bytes", bytes.len());
        n.value = Value::Str(s);
        n
    }

    /// Replaces the text display (the JSON value is unchanged).
    pub fn show(mut self, display: impl Into<String>) -> Self {
        self.display = display.into();
        self
    }

    /// Adds a child.
    pub fn with(mut self, child: Node) -> Self {
        self.children.push(child);
        self
    }

    /// Adds a child when there is one.
    pub fn with_opt(mut self, child: Option<Node>) -> Self {
        self.children.extend(child);
        self
    }

    /// Adds an inline child (text: in parentheses on this line; JSON: `key_child`).
    pub fn tag(
        mut self,
        key: impl Into<Cow<'static, str>>,
        value: Value,
        display: impl Into<String>,
    ) -> Self {
        let mut c = Node::new(key, String::new(), Kind::Field);
        c.value = clamp(value);
        c.display = display.into();
        c.inline = true;
        self.children.push(c);
        self
    }

    /// Adds a child in place.
    pub fn push(&mut self, child: Node) {
        self.children.push(child);
    }

    /// Finds a direct child by key.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.children.iter().find(|c| c.key == key)
    }

    /// Finds a direct child by key, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.children.iter_mut().find(|c| c.key == key)
    }
}

/// Adds the registry name of a numeric field for JSON (`key_name`); the text
/// already shows it in the display.
pub fn named(n: Node, name: Option<&str>) -> Node {
    n.tag(
        "name",
        name.map_or(Value::Null, |s| Value::Str(s.to_string())),
        "",
    )
}

/// Cuts string values to [`MAX_STR`] chars.
fn clamp(v: Value) -> Value {
    match v {
        Value::Str(s) if s.chars().count() > MAX_STR => {
            let mut t: String = s.chars().take(MAX_STR).collect();
            t.push('…');
            Value::Str(t)
        }
        v => v,
    }
}

impl Value {
    /// Default text rendering.
    pub fn to_text(&self) -> String {
        match self {
            Value::Null => String::new(),
            Value::Bool(b) => b.to_string(),
            Value::U(v) => v.to_string(),
            Value::I(v) => v.to_string(),
            Value::Secs(n) => secs(*n, 9),
            Value::Str(s) => s.clone(),
        }
    }

    fn write_json(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::U(v) => {
                let _ = write!(out, "{v}");
            }
            Value::I(v) => {
                let _ = write!(out, "{v}");
            }
            Value::Secs(n) => out.push_str(&secs(*n, 9)),
            Value::Str(s) => json_str(out, s),
        }
    }
}

/// Formats signed nanoseconds as seconds with `digits` (6 or 9) decimals.
pub fn secs(nanos: i128, digits: u32) -> String {
    let sign = if nanos < 0 { "-" } else { "" };
    let a = nanos.unsigned_abs();
    let whole = a / 1_000_000_000;
    let frac = a % 1_000_000_000;
    if digits >= 9 {
        format!("{sign}{whole}.{frac:09}")
    } else {
        format!("{sign}{whole}.{:06}", frac / 1000)
    }
}

/// Appends `s` as a JSON string literal (serde_json does the escaping).
fn json_str(out: &mut String, s: &str) {
    match serde_json::to_string(s) {
        Ok(lit) => out.push_str(&lit),
        Err(_) => out.push_str("\"\""),
    }
}

/// Escapes packet-derived text for a terminal: control characters become `\xNN`
/// (or `\u{…}`), backslashes are doubled, the line is cut at [`MAX_LINE`] chars.
pub fn escape_text(s: &str, out: &mut String) {
    for (n, c) in s.chars().enumerate() {
        if n >= MAX_LINE {
            out.push('…');
            return;
        }
        match c {
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x80 && c.is_control() => {
                let _ = write!(out, "\\x{:02x}", c as u32);
            }
            c if c.is_control()
                || matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}') =>
            {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
}

/// Writes `roots` as the indented text tree.
pub fn write_text(out: &mut dyn Write, roots: &[Node]) -> io::Result<()> {
    let mut buf = String::with_capacity(4096);
    for r in roots {
        text_node(&mut buf, r, 0);
    }
    out.write_all(buf.as_bytes())
}

fn text_node(buf: &mut String, n: &Node, depth: usize) {
    for _ in 0..depth {
        buf.push_str("    ");
    }
    let mut line = String::new();
    match n.kind {
        Kind::Note => {
            line.push('[');
            line.push_str(&n.display);
            line.push(']');
        }
        _ => {
            line.push_str(&n.label);
            if !n.display.is_empty() {
                if !n.label.is_empty() {
                    line.push_str(": ");
                }
                line.push_str(&n.display);
            }
        }
    }
    let tags: Vec<&str> = n
        .children
        .iter()
        .filter(|c| c.inline && !c.display.is_empty())
        .map(|c| c.display.as_str())
        .collect();
    if !tags.is_empty() {
        line.push_str(" (");
        line.push_str(&tags.join(", "));
        line.push(')');
    }
    escape_text(&line, buf);
    buf.push('\n');
    if n.kind == Kind::Hex {
        if let Value::Str(h) = &n.value {
            hex_lines(buf, h, depth + 1);
        }
    }
    for c in n.children.iter().filter(|c| !c.inline) {
        text_node(buf, c, depth + 1);
    }
}

/// Renders a hex string as `offset  hex bytes  ascii` lines, 16 bytes each.
fn hex_lines(buf: &mut String, hex: &str, depth: usize) {
    let nibble = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
    let bytes: Vec<u8> = hex
        .as_bytes()
        .chunks_exact(2)
        .map(|p| nibble(p[0]) << 4 | nibble(p[1]))
        .collect();
    for (i, row) in bytes.chunks(16).enumerate() {
        for _ in 0..depth {
            buf.push_str("    ");
        }
        let _ = write!(buf, "{:04x}  ", i * 16);
        for j in 0..16 {
            match row.get(j) {
                Some(b) => {
                    buf.push(HEX[(b >> 4) as usize] as char);
                    buf.push(HEX[(b & 15) as usize] as char);
                    buf.push(' ');
                }
                None => buf.push_str("   "),
            }
            if j == 7 {
                buf.push(' ');
            }
        }
        buf.push(' ');
        for b in row {
            buf.push(if b.is_ascii_graphic() || *b == b' ' {
                *b as char
            } else {
                '.'
            });
        }
        buf.push('\n');
    }
}

/// Writes `roots` as one JSON object on one line (with the trailing newline).
pub fn write_json(out: &mut dyn Write, roots: &[Node]) -> io::Result<()> {
    let mut buf = String::with_capacity(4096);
    json_object(&mut buf, roots);
    buf.push('\n');
    out.write_all(buf.as_bytes())
}

/// Renders the JSON of `roots` into a string (no newline).
pub fn to_json(roots: &[Node]) -> String {
    let mut buf = String::new();
    json_object(&mut buf, roots);
    buf
}

/// Keys already used in the object being written (duplicates get `_2`, `_3`…).
struct Keys(Vec<String>);

impl Keys {
    fn unique(&mut self, key: String) -> String {
        let mut k = key.clone();
        let mut i = 2;
        while self.0.contains(&k) {
            k = format!("{key}_{i}");
            i += 1;
        }
        self.0.push(k.clone());
        k
    }
}

fn json_object(buf: &mut String, members: &[Node]) {
    buf.push('{');
    let mut keys = Keys(Vec::new());
    let mut first = true;
    for m in members {
        json_member(buf, &mut keys, &mut first, m.key.to_string(), m);
    }
    buf.push('}');
}

fn json_member(buf: &mut String, keys: &mut Keys, first: &mut bool, key: String, n: &Node) {
    let key = keys.unique(key);
    if !*first {
        buf.push(',');
    }
    *first = false;
    json_str(buf, &key);
    buf.push(':');
    match n.kind {
        Kind::List => {
            buf.push('[');
            for (i, item) in n.children.iter().enumerate() {
                if i > 0 {
                    buf.push(',');
                }
                if item.kind == Kind::Field
                    && item.value == Value::Null
                    && item.children.iter().any(|c| !c.inline)
                {
                    json_object(buf, &item.children);
                } else {
                    json_object(buf, std::slice::from_ref(item));
                }
            }
            buf.push(']');
        }
        _ if n.value == Value::Null && n.children.iter().any(|c| !c.inline) => {
            json_object(buf, &n.children);
        }
        _ => {
            n.value.write_json(buf);
            for c in &n.children {
                json_member(buf, keys, first, format!("{key}_{}", c.key), c);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Node> {
        vec![Node::group("tcp", "Transmission Control Protocol")
            .with(Node::num("sport", "Source port", 443u16).tag(
                "service",
                Value::Str("https".into()),
                "https",
            ))
            .with(
                Node::group("flags", "Flags")
                    .show("0x002 (SYN)")
                    .with(Node::flag("syn", "SYN", true)),
            )
            .with(Node::list("options", "Options").with(Node::field(
                "nop",
                "No-Operation",
                Value::Null,
            )))
            .with(Node::note(
                "truncated",
                "Truncated: TCP options cut short at offset 54",
            ))]
    }

    #[test]
    fn text_indents_and_inlines() {
        let mut out = Vec::new();
        write_text(&mut out, &sample()).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert!(s.contains("\n    Source port: 443 (https)\n"), "{s}");
        assert!(s.contains("\n        SYN: Set\n"), "{s}");
        assert!(
            s.contains("\n    [Truncated: TCP options cut short at offset 54]\n"),
            "{s}"
        );
    }

    #[test]
    fn json_flattens_valued_children_and_nests_groups() {
        let j = to_json(&sample());
        let v: serde_json::Value = serde_json::from_str(&j).unwrap();
        assert_eq!(v["tcp"]["sport"], 443);
        assert_eq!(v["tcp"]["sport_service"], "https");
        assert_eq!(v["tcp"]["flags"]["syn"], true);
        assert!(v["tcp"]["options"][0]["nop"].is_null());
    }

    #[test]
    fn duplicate_keys_are_made_unique() {
        let roots = vec![Node::num("a", "A", 1u8), Node::num("a", "A", 2u8)];
        assert_eq!(to_json(&roots), r#"{"a":1,"a_2":2}"#);
    }

    #[test]
    fn control_characters_are_escaped_in_text() {
        let mut s = String::new();
        escape_text("a\x1b[31mb\n", &mut s);
        assert_eq!(s, "a\\x1b[31mb\\x0a");
    }

    #[test]
    fn seconds_format_exactly() {
        assert_eq!(secs(1_795_452_793_875_500_000, 6), "1795452793.875500");
        assert_eq!(secs(-500_000_000, 9), "-0.500000000");
    }
}
