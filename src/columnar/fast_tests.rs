//! The fast reader against the serde path (`fast_check`) on the cases of
//! the direct path, the corpus, every cut and many mutations of them;
//! what it leaves, it leaves whole.

use crate::columnar::append::HELD_ROWS;
use crate::columnar::corpus;
use crate::columnar::direct::tests::CASES;
use crate::columnar::fast_check::{agree, fast, layouts, serde};

#[test]
fn the_cases_and_the_corpus_read_as_through_serde() {
    let read = CASES.iter().filter(|case| agree(case.as_bytes())).count();
    assert_eq!((read, CASES.len()), (6, 27));
    let alerts = corpus::alerts();
    let read = alerts.iter().filter(|alert| agree(alert)).count();
    assert_eq!((read, alerts.len()), (15, 15));
}

/// Bytes that change what a place in an alert means.
const MUTATIONS: &[u8] = b"\"\\{}[],: 0-.eEnu\x1f\x00/";

#[test]
fn every_cut_and_every_mutation_reads_as_through_serde() {
    let mut alerts = corpus::alerts();
    alerts.extend(CASES.iter().map(|case| case.as_bytes().to_vec()));
    let (mut read, mut tried) = (0, 0);
    for alert in &alerts {
        for end in 0..alert.len() {
            read += usize::from(agree(&alert[..end]));
        }
        // Two of the bytes at each place, in turn.
        for at in 0..alert.len() {
            for turn in 0..2 {
                let mut mutated = alert.clone();
                mutated[at] = MUTATIONS[(2 * at + turn) % MUTATIONS.len()];
                read += usize::from(agree(&mutated));
                tried += 1;
            }
        }
    }
    // Many mutations leave an alert sound: a changed letter of a value.
    assert!(read * 10 > tried, "{read} of {tried}");
}

#[test]
fn what_it_leaves_is_left_to_serde_whole() {
    let deep = format!("{}1{}", "[".repeat(40), "]".repeat(40));
    let many: String = (0..65).map(|i| format!(",\"p{i}\":1")).collect();
    let rows = vec!["{}"; HELD_ROWS + 1].join(",");
    let left = [
        // Read by serde: a name with an escape, a surrogate pair, an
        // exponent, 16 digits, deep nesting, many names, many rows, a
        // context value that is not a string.
        (r#"{"i\u0064":"a"}"#.to_string(), true),
        (r#"{"id":"\ud83d\ude00"}"#.into(), true),
        (r#"{"id":"a","x":1e5}"#.into(), true),
        (r#"{"id":"a","x":1234567890123456}"#.into(), true),
        (format!(r#"{{"id":"a","x":{deep}}}"#), true),
        (format!(r#"{{"id":"a"{many}}}"#), true),
        (
            format!(r#"{{"id":"a","networkConnections":[{rows}]}}"#),
            true,
        ),
        (r#"{"id":"a","severity":3}"#.into(), true),
        // Refused by serde: a lone surrogate, a repeated name, a bad
        // timestamp, a control character, bytes after the alert.
        (r#"{"id":"\ud800"}"#.into(), false),
        (r#"{"id":"a","id":"b"}"#.into(), false),
        (
            r#"{"networkConnections":[{"domainRegisteredDateTime":"2019-13-16T09:27:45Z"}]}"#
                .into(),
            false,
        ),
        ("{\"id\":\"a\u{1}\"}".into(), false),
        (r#"{"id":"a"} x"#.into(), false),
    ];
    let [layout, _] = layouts();
    for (text, sound) in &left {
        assert_eq!(fast(text, &layout), None, "{text}");
        assert_eq!(serde(text, &layout).is_some(), *sound, "{text}");
    }
}

#[test]
fn blanks_escapes_and_numbers_are_read() {
    let alert = concat!(
        " {\t\"id\" :\r\n\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\" , ",
        "\"n\":[-0, 0.5, -12.25, 123456789012345, true, false, null, {}, []],",
        "\"vendorInformation\": {\"provider\": \"P\\u0041\", \"vendor\": null, \"x\": {\"y\": [1]}},",
        "\"networkConnections\": [ {\"sourceLocation\": \"S\\u00e3o Paulo\", \"extra\": \"\"} ] } \n"
    );
    assert!(agree(alert.as_bytes()));
    let [layout, _] = layouts();
    let reading = fast(alert, &layout).unwrap();
    assert_eq!(
        reading.id.as_deref(),
        Some("a\"b\\c/d\u{8}\u{c}\n\r\t\u{e9}\u{20ac}")
    );
    assert!(
        reading.context.contains(r#"Text("PA")"#),
        "{}",
        reading.context
    );
}

#[path = "fast_hostile_tests.rs"]
mod hostile;
