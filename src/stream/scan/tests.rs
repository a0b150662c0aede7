//! The scanner finds the same events however its input is fed: whole, or
//! a byte at a time (every token cut by the end of what was fed).

use super::{Event, Scanner};
use crate::stream::input::Start;

/// The events of scanning `input` fed `step` bytes more at a time, as
/// text: alerts' extents and places, errors with what they passed over.
fn events(input: &[u8], step: usize) -> Vec<String> {
    let mut scanner = Scanner::new(Start::INPUT, 64);
    let (mut fed, mut events) = (0, Vec::new());
    loop {
        let from = (scanner.hold_from() as usize).min(fed);
        let eof = fed == input.len();
        let text = |from: u64, to: u64| String::from_utf8_lossy(&input[from as usize..to as usize]);
        match scanner.scan(&input[from..fed], eof) {
            Event::Alert(found) => events.push(format!(
                "alert {} at {}:{}",
                text(found.start, found.end),
                found.place.line,
                found.place.column
            )),
            Event::Error { error, skipped } => {
                let skipped = skipped.map(|(from, to)| text(from, to).into_owned());
                events.push(format!("{error} | {skipped:?}"));
            }
            Event::Need => fed = (fed + step).min(input.len()),
            Event::End => return events,
        }
    }
}

#[test]
fn events_do_not_depend_on_how_the_input_is_fed() {
    let inputs: &[&str] = &[
        "{\"id\":\"a\\u00e9\\ud83d\\ude00\",\"n\":-1.5e+3,\"t\":[true,false,null]}\n{\"id\":\"b\"}",
        "{\"value\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"@odata.nextLink\":\"x\\u0041\"}",
        "[{\"id\":\"a\"},7,\"x\",{\"value\":[{\"id\":\"c\"}]}]\n",
        "{\"id\":\"a\",\"x\":[1,2\n{\"id\":\"b\"}\n{\"id\":\"c\",\"s\":\"unterminated\n{\"id\":\"d\"}",
        "{\"value\":[{\"id\":\"a\"}],\"x\":1,\"x\":2,\"@odata.count\":-1}",
        "\u{feff}{\"id\":\"a\"} 1 \"s\" {\"id\":\"b\",\"x\":\"\\q\\ud800\"}",
        "{\"id\":\"this alert is over the limit of sixty-four bytes, so it is refused\"}{\"id\":1}",
        "{\"value\":[{\"value\":[]}\n[{\"id\":\"a\"}]",
    ];
    for input in inputs {
        let whole = events(input.as_bytes(), input.len());
        assert!(!whole.is_empty(), "{input}");
        for step in [1, 2, 3, 5] {
            assert_eq!(
                events(input.as_bytes(), step),
                whole,
                "{step} at a time: {input}"
            );
        }
    }
}
