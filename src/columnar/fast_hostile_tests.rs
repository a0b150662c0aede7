//! The fast reader against the serde path on hostile values put in every
//! place of an alert: escapes of each kind around the edges of the
//! sixteen-byte scan, numbers at the edges of the grammar, blanks JSON
//! does not allow, and names equal only once decoded.

use crate::columnar::fast_check::agree;

/// Pieces of strings: letters of one to four bytes, every escape (sound
/// or not), raw control characters.
const PIECES: &[&str] = &[
    "a",
    "é",
    "€",
    "😀",
    r#"\""#,
    r"\\",
    r"\/",
    r"\b",
    r"\f",
    r"\n",
    r"\r",
    r"\t",
    r"\u0000",
    r"\u001f",
    r"\u00e9",
    r"\u20AC",
    r"\uFFFF",
    r"\ud83d\ude00",
    r"\ud800",
    r"\udc00",
    r"\u12",
    r"\x",
    r"\U0041",
    r"\u+041",
    "\\",
    "\u{1}",
    "\u{7f}",
    "\t",
];

/// String values of 0 to 33 bytes with a piece at the start, the middle
/// or the end.
fn strings() -> Vec<String> {
    let mut strings = Vec::new();
    for len in [0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33] {
        for piece in PIECES {
            for at in [0, len / 2, len] {
                let (before, after) = ("x".repeat(at), "y".repeat(len - at));
                strings.push(format!("\"{before}{piece}{after}\""));
            }
        }
    }
    strings.push(format!("\"{}\\n{}\"", "é".repeat(3000), "€".repeat(100)));
    strings
}

/// Other values, sound or not.
const VALUES: &[&str] = &[
    "null",
    "nul",
    "nulll",
    "true",
    "truex",
    "false",
    "fals",
    "-0",
    "0",
    "0.0",
    "1.",
    ".5",
    "01",
    "-",
    "-01",
    "1e5",
    "1E5",
    "1.5e3",
    "+1",
    "- 1",
    "1 2",
    "NaN",
    "123456789012345",
    "1234567890123456",
    "-123456789012345",
    "0.12345678901234",
    "1.0000000000000000",
    "{}",
    "[]",
    "[null]",
    "[[]]",
    "[{}]",
    r#"{"a":{}}"#,
    r#"{"a":1,"a":2}"#,
    r#"{"a":1,"\u0061":2}"#,
    "[1,]",
    "{,}",
    r#"{"a":1,}"#,
    "[1 2]",
    r#""a" "b""#,
    r#"{"":1,"":2}"#,
    "\u{feff}1",
    "\u{c}1",
    "1\u{c}",
];

/// Alerts with `@` where a value goes.
const ALERTS: &[&str] = &[
    r#"{"id":@,"networkConnections":[{"sourceAddress":"1.2.3.4"}]}"#,
    r#"{"id":"a","networkConnections":[{"sourceAddress":@,"destinationUrl":"u"}]}"#,
    r#"{"id":"a","networkConnections":[{"domainRegisteredDateTime":@}]}"#,
    r#"{"id":"a","networkConnections":[{"unknown":@,"sourceAddress":"x"}]}"#,
    r#"{"id":"a","networkConnections":@}"#,
    r#"{"networkConnections":[],"severity":@,"id":"b"}"#,
    r#"{"title":@,"id":"b"}"#,
    r#"{"id":"b","vendorInformation":{"provider":@,"vendor":"v","subProvider":"s"}}"#,
    r#"{"id":"b","vendorInformation":{"vendor":"v","subProvider":@}}"#,
    r#"{"id":"b","vendorInformation":{"other":@,"vendor":"v"}}"#,
    r#"{"id":"b","vendorInformation":@}"#,
    r#"{"id":"b","@odata.type":@}"#,
    r#"{"id":"b","comments":@}"#,
    r#"{"id":"b","deep":{"x":[{"y":@}]}}"#,
    r#"{"value":@,"id":"b"}"#,
    r#"{"id":"b","value":@}"#,
    r#"@"#,
    r#"{"id":"b"}@"#,
    r#"{"id":"b"@}"#,
    r#"{@"id":"b"}"#,
];

#[test]
fn hostile_values_in_every_place_read_as_through_serde() {
    let mut values = strings();
    values.extend(VALUES.iter().map(|value| value.to_string()));
    for blank in [
        " ", "\t", "\r", "\n", "\u{c}", "\u{b}", "\u{a0}", "\u{feff}", "\u{0}",
    ] {
        values.push(format!("{blank}\"v\"{blank}"));
    }
    let (mut read, mut tried) = (0, 0);
    for alert in ALERTS {
        for value in &values {
            read += usize::from(agree(alert.replace('@', value).as_bytes()));
            tried += 1;
        }
    }
    assert_eq!((read, tried), (READ, ALERTS.len() * values.len()));
}

/// How many of them the fast reader reads (the rest it leaves to serde).
const READ: usize = 7920;

#[test]
fn names_equal_once_decoded_are_left_to_serde() {
    let names = [
        "id",
        r"i\u0064",
        "networkConnections",
        r"networkConnection\u0073",
        "value",
        r"v\u0061lue",
        "severity",
        r"sev\u0065rity",
        "vendorInformation",
        "sourceAddress",
        r"sourceAddres\u0073",
        "provider",
        r"provid\u0065r",
        "",
        r"\u0000",
    ];
    let mut read = 0;
    for a in names {
        for b in names {
            let pair = format!(r#"{{"{a}":"x","{b}":"y"}}"#);
            for alert in [
                pair.clone(),
                format!(r#"{{"id":"i","networkConnections":[{pair}]}}"#),
                format!(r#"{{"id":"i","vendorInformation":{pair}}}"#),
                format!(
                    r#"{{"id":"i","networkConnections":[{{"sourceAddress":"s","d":{pair}}}]}}"#
                ),
            ] {
                read += usize::from(agree(alert.as_bytes()));
            }
        }
    }
    // Of different names without escapes only: none equal once decoded.
    assert_eq!(read, 210);
}
