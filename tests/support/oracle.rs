#![allow(dead_code)] // Each test uses its own part of the oracle.

//! The reader checked against an independent path: `serde_json` on the
//! crate's types, document by document. Shared by `tests/differential.rs`
//! and the fuzz target `reader`.
//!
//! What must hold on any input:
//! 1. Reading whole, 1 byte and 7 bytes at a time give the same items, and
//!    the same text passed over by each error.
//! 2. `connections()` gives each connection of each alert the alerts mode
//!    gives, and the same errors.
//! 3. Where the input is a sequence of JSON documents, each document gives
//!    what `serde_json` gives for it: every alert of a document it accepts
//!    (as `Alert`, `GraphPage<Alert>` or an array of them) and no error;
//!    at least one error for a document it refuses. Reading the documents
//!    one by one gives the same items as reading them together.
//! 4. In NDJSON with lines cut short ([`check_lines`]), every line that
//!    starts with `{` or `[` and is a document by itself gives its alerts,
//!    in order: a bad line costs that line only.

use msgraph_network_connection::{Alert, AlertReader, Error, GraphPage};
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::value::RawValue;
use std::fmt;
use std::io::{self, Read};

/// A reader that hands out at most `step` bytes per call.
pub struct Trickle<'a> {
    pub data: &'a [u8],
    pub step: usize,
}

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.step.min(buf.len()).min(self.data.len());
        buf[..n].copy_from_slice(&self.data[..n]);
        self.data = &self.data[n..];
        Ok(n)
    }
}

/// What a reader yields, alerts whole.
pub type Items = Vec<Result<Alert, Error>>;

pub fn read_alerts(input: &[u8]) -> Items {
    AlertReader::new(input).collect()
}

/// Each item, with the text it passed over if it is an error.
pub type PassedOver = Vec<(Result<Alert, Error>, Option<Vec<u8>>)>;

/// What each item of `reader` is, and what it passed over.
pub fn read_passed_over<R: Read>(mut reader: AlertReader<R>) -> PassedOver {
    let mut items = Vec::new();
    while let Some(item) = reader.next() {
        items.push((item, reader.skipped_text().map(<[u8]>::to_vec)));
    }
    items
}

/// Checks the three rules above; panics with the input on a disagreement.
pub fn check(input: &[u8]) {
    let shown = input.escape_ascii();
    let whole_passed_over = read_passed_over(AlertReader::new(input));
    let whole: Items = whole_passed_over
        .iter()
        .map(|(item, _)| item.clone())
        .collect();
    for step in [1, 7] {
        let trickled = read_passed_over(AlertReader::new(Trickle { data: input, step }));
        assert_eq!(
            trickled, whole_passed_over,
            "read {step} bytes at a time: {shown}"
        );
    }

    let connections: Vec<String> = AlertReader::new(input)
        .connections()
        .map(|item| match item {
            Ok(c) => format!("{:?} {}", c.alert_id, json(&c.connection)),
            Err(e) => format!("error: {e}"),
        })
        .collect();
    let expected: Vec<String> = whole
        .iter()
        .flat_map(|item| match item {
            Ok(alert) => alert
                .network_connections
                .iter()
                .map(|c| format!("{:?} {}", alert.id, json(c)))
                .collect(),
            Err(e) => vec![format!("error: {e}")],
        })
        .collect();
    assert_eq!(connections, expected, "connections(): {shown}");

    let Some(documents) = documents(input) else {
        return;
    };
    let mut one_by_one: Items = Vec::new();
    for document in documents {
        let items = read_alerts(document);
        let doc = document.escape_ascii();
        match expected_alerts(document) {
            Some(alerts) => {
                let got: Vec<&Alert> = items.iter().filter_map(|i| i.as_ref().ok()).collect();
                assert!(
                    items.iter().all(Result::is_ok),
                    "serde_json accepts {doc}, the reader says {items:?}"
                );
                assert_eq!(got, alerts.iter().collect::<Vec<_>>(), "{doc}");
            }
            None => assert!(
                items.iter().any(Result::is_err),
                "serde_json refuses {doc}, the reader yields {items:?}"
            ),
        }
        one_by_one.extend(items);
    }
    // Broken JSON that spans documents may be one error or several; the
    // alerts must be the same, and errors there or not alike.
    let alerts = |items: &Items| {
        items
            .iter()
            .filter_map(|i| i.as_ref().ok())
            .cloned()
            .collect::<Vec<_>>()
    };
    let any_error = |items: &Items| items.iter().any(Result::is_err);
    assert_eq!(
        alerts(&whole),
        alerts(&one_by_one),
        "documents read together: {shown}"
    );
    assert_eq!(
        any_error(&whole),
        any_error(&one_by_one),
        "errors read together: {shown}"
    );
}

/// Checks rule 4, and the three others.
pub fn check_lines(input: &[u8]) {
    check(input);
    let got: Vec<Alert> = read_alerts(input)
        .into_iter()
        .filter_map(Result::ok)
        .collect();
    let mut got = got.iter();
    for line in input.split(|&b| b == b'\n') {
        if !matches!(line.first(), Some(b'{' | b'[')) {
            continue;
        }
        let Some(documents) = documents(line) else {
            continue;
        };
        let [document] = documents[..] else {
            continue;
        };
        for alert in expected_alerts(document).unwrap_or_default() {
            assert!(
                got.any(|g| *g == alert),
                "the alert {:?} of the line {} is lost: {}",
                alert.id,
                line.escape_ascii(),
                input.escape_ascii()
            );
        }
    }
}

fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("what was read writes")
}

/// The input's JSON documents, when it is a sequence of them (their
/// strings are not checked here: that is for the parse of each).
fn documents(input: &[u8]) -> Option<Vec<&[u8]>> {
    let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
    let mut documents = Vec::new();
    let mut rest = input;
    loop {
        let mut stream = serde_json::Deserializer::from_slice(rest).into_iter::<IgnoredAny>();
        match stream.next() {
            None => return Some(documents),
            Some(Err(_)) => return None,
            Some(Ok(_)) => {
                let end = stream.byte_offset();
                let start = rest.iter().position(|b| !b.is_ascii_whitespace())?;
                documents.push(&rest[start..end]);
                rest = &rest[end..];
            }
        }
    }
}

/// What `serde_json` reads from one document: `None` when it refuses it.
fn expected_alerts(document: &[u8]) -> Option<Vec<Alert>> {
    match document[0] {
        b'[' => {
            let elements: Vec<&RawValue> = serde_json::from_slice(document).ok()?;
            let mut alerts = Vec::new();
            for element in elements {
                if !element.get().starts_with('{') {
                    return None;
                }
                alerts.extend(expected_object(element.get().as_bytes())?);
            }
            Some(alerts)
        }
        b'{' => expected_object(document),
        _ => None,
    }
}

/// An object is a page when it has a `value` array before any `id` or
/// `networkConnections`; a page with either after its `value` is refused.
fn expected_object(text: &[u8]) -> Option<Vec<Alert>> {
    let shape = Shape
        .deserialize(&mut serde_json::Deserializer::from_slice(text))
        .ok();
    match shape {
        Some(Kind::Page { alert_key_after }) => {
            if alert_key_after {
                return None;
            }
            let page: GraphPage<Alert> = serde_json::from_slice(text).ok()?;
            Some(page.value)
        }
        _ => serde_json::from_slice::<Alert>(text)
            .ok()
            .map(|alert| vec![alert]),
    }
}

enum Kind {
    Alert,
    Page { alert_key_after: bool },
}

/// Reads an object's property names in order, and whether `value` is an
/// array, to tell a page from an alert.
struct Shape;

impl<'de> DeserializeSeed<'de> for Shape {
    type Value = Kind;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for Shape {
    type Value = Kind;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut alert_key = false;
        let mut page = false;
        let mut alert_key_after = false;
        while let Some(name) = map.next_key::<String>()? {
            let is_alert_key = name == "id" || name == "networkConnections";
            if name == "value" && !alert_key && !page {
                page = map.next_value_seed(IsArray)?;
                continue;
            }
            map.next_value::<IgnoredAny>()?;
            alert_key |= is_alert_key;
            alert_key_after |= page && is_alert_key;
        }
        Ok(match page {
            true => Kind::Page { alert_key_after },
            false => Kind::Alert,
        })
    }
}

struct IsArray;

impl<'de> DeserializeSeed<'de> for IsArray {
    type Value = bool;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for IsArray {
    type Value = bool;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(true)
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
}
