//! Lines that are, or look like, one alert each: read in one pass or by the
//! scanner, they give what one reader reading the whole input in order
//! gives, wherever they stand (first, between alerts, last without a line
//! end) and however the blocks fall.

use super::{assert_agrees, assert_agrees_as, assert_agrees_up_to, with_table};

/// Each case names what the scanner makes of it, which the line's own
/// parse must not decide otherwise.
const LINES: &[(&str, &str)] = &[
    (
        "an alert",
        r#"{"id":"a","networkConnections":[{"protocol":"tcp"}]}"#,
    ),
    ("blanks after it", "{\"id\":\"a\"} \t\r"),
    ("blanks before it", "  {\"id\":\"a\"}"),
    ("a page", r#"{"value":[{"id":"p1"},{"id":"p2"}]}"#),
    (
        "a page with an id after its items",
        r#"{"value":[{"id":"p"}],"id":"x"}"#,
    ),
    (
        "a page whose name is escaped",
        r#"{"v\u0061lue":[{"id":"q"}]}"#,
    ),
    (
        "a page of no items",
        r#"{"value":[],"networkConnections":[]}"#,
    ),
    (
        "`value` that is not an array first",
        r#"{"value":1,"id":"v"}"#,
    ),
    ("`value` after `id`", r#"{"id":"a","value":[1]}"#),
    ("an escaped `id`", r#"{"\u0069d":"e"}"#),
    (
        "no alert property",
        r##"{"@odata.type":"#microsoft.graph.alert"}"##,
    ),
    ("an empty object", "{}"),
    (
        "a Graph error",
        r#"{"error":{"code":"Forbidden","message":"no"}}"#,
    ),
    (
        "a $batch response",
        r#"{"responses":[{"id":"1","status":200,"body":{}}]}"#,
    ),
    ("two alerts", r#"{"id":"a"}{"id":"b"}"#),
    ("an alert and more", r#"{"id":"a"} x"#),
    ("a duplicate id", r#"{"id":"a","id":"b"}"#),
    ("a duplicate unknown name", r#"{"id":"a","x":1,"x":2}"#),
    ("an id of a number", r#"{"id":1}"#),
    (
        "a bad timestamp",
        r#"{"id":"t","networkConnections":[{"domainRegisteredDateTime":"x"}]}"#,
    ),
    ("broken JSON", r#"{"id":"a","#),
    ("a line that ends inside a string", r#"{"id":"a"#),
    ("a byte-order mark", "\u{feff}{\"id\":\"a\"}"),
    ("an array", r#"[{"id":"a"}]"#),
    ("a lone surrogate", r#"{"id":"\ud800"}"#),
    ("a control character in a string", "{\"id\":\"a\u{1}\"}"),
];

fn around(case: &[u8], first: bool, last: bool) -> Vec<u8> {
    let good = br#"{"id":"g","networkConnections":[{"sourcePort":"1"}]}"#;
    let mut input = Vec::new();
    if !first {
        input.extend_from_slice(good);
        input.push(b'\n');
    }
    input.extend_from_slice(case);
    if !last {
        input.push(b'\n');
        input.extend_from_slice(good);
    }
    input.push(b'\n');
    if last {
        input.pop();
    }
    input
}

/// With the alerts table and alert columns, and without.
fn assert_agrees_anywhere(case: &[u8]) {
    for (first, last) in [(true, false), (false, false), (false, true)] {
        let input = around(case, first, last);
        for block in [1, 5, 64, 4096] {
            assert_agrees(&input, block, 1);
            assert_agrees_as(&input, block, 2, &with_table());
        }
    }
}

#[test]
fn lines_are_what_the_scanner_says_they_are() {
    for (what, line) in LINES {
        eprintln!("{what}");
        assert_agrees_anywhere(line.as_bytes());
    }
}

#[test]
fn a_line_of_invalid_utf8_is_refused_as_in_order() {
    assert_agrees_anywhere(b"{\"id\":\"\xff\"}");
}

/// An unknown value nested around the depth the scanner refuses.
#[test]
fn nesting_at_the_depth_limit_is_refused_as_in_order() {
    for depth in 124..=130 {
        let line = format!(
            r#"{{"id":"d","x":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        eprintln!("depth {depth}");
        assert_agrees_anywhere(line.as_bytes());
    }
}

/// Alerts of about the size limit, on lines with blanks after them.
#[test]
fn alerts_about_the_size_limit_are_read_as_in_order() {
    let alert = |size: usize| format!(r#"{{"id":"{}"}}"#, "a".repeat(size - 9));
    for limit in [40, 41, 42] {
        for size in [39, 40, 41, 42] {
            for blanks in ["", " ", "\r"] {
                let input = format!("{}{blanks}\n{}\n", alert(size), alert(39));
                for block in [1, 64] {
                    assert_agrees_up_to(input.as_bytes(), block, 1, limit);
                }
            }
        }
    }
}

/// An alert of more connections than are held at once, on a line.
#[test]
fn an_alert_of_very_many_connections_on_a_line() {
    let connections = vec![r#"{"protocol":"udp"}"#; 5000].join(",");
    let line = format!(r#"{{"id":"m","networkConnections":[{connections}]}}"#);
    for (first, last) in [(true, false), (false, true)] {
        let input = around(line.as_bytes(), first, last);
        assert_agrees(&input, 1 << 20, 2);
        assert_agrees_as(&input, 1 << 20, 1, &with_table());
    }
}
