//! A page's own properties while streaming: `AlertReader::last_page` hands
//! out `@odata.nextLink`, `@odata.context`, `@odata.count` and
//! `@odata.deltaLink` once the page ends, wherever they stood in it, with
//! the same values as `GraphPage` reads whole; a link over the cap is an
//! error and is not kept.

use msgraph_network_connection::{AlertReader, ErrorKind, GraphPage, MAX_PAGE_LINK};
use serde_json::Value;

/// `(path, line, column, context, count, next, delta)` of the last page.
type Seen = (
    String,
    usize,
    usize,
    Option<String>,
    Option<u64>,
    Option<String>,
    Option<String>,
);

fn last_page_after_reading(input: &str) -> Option<Seen> {
    let mut reader = AlertReader::new(input.as_bytes());
    for item in reader.by_ref() {
        item.unwrap();
    }
    reader.last_page().map(|page| {
        let p = page.clone();
        (
            p.path,
            p.line,
            p.column,
            p.odata_context,
            p.count,
            p.next_link,
            p.delta_link,
        )
    })
}

#[test]
fn a_pages_properties_come_out_wherever_they_stand() {
    let s = |text: &str| Some(text.to_string());
    let cases: &[(&str, Option<Seen>)] = &[
        (
            r#"{"@odata.context":"c","value":[{"id":"a"}],"@odata.count":2,"@odata.nextLink":"n"}"#,
            Some((String::new(), 1, 1, s("c"), Some(2), s("n"), None)),
        ),
        (
            r#"{"@odata.nextLink":"n","@odata.count":7,"value":[],"@odata.deltaLink":"d"}"#,
            Some((String::new(), 1, 1, None, Some(7), s("n"), s("d"))),
        ),
        (
            r#"{"value":[],"@odata.nextLink":"https://x/?a=1\u0026b=\"2\""}"#,
            Some((
                String::new(),
                1,
                1,
                None,
                None,
                s("https://x/?a=1&b=\"2\""),
                None,
            )),
        ),
        (
            "[{\"value\":[],\"@odata.nextLink\":\"first\"},\n {\"value\":[],\"@odata.nextLink\":\"second\"}]",
            Some(("[1]".to_string(), 2, 2, None, None, s("second"), None)),
        ),
        (r#"{"id":"a","@odata.nextLink":"not a page's"}"#, None),
    ];
    for (input, expected) in cases {
        assert_eq!(&last_page_after_reading(input), expected, "{input}");
        // The same values as the page read whole.
        if let (Some(seen), Ok(page)) = (expected, serde_json::from_str::<GraphPage<Value>>(input))
        {
            assert_eq!((&page.next_link, page.count), (&seen.5, seen.4), "{input}");
        }
    }
}

/// In NDJSON of pages, each page's properties are there from the first
/// item after its end.
#[test]
fn each_page_of_ndjson_is_handed_out_after_it_ends() {
    let input = "{\"value\":[{\"id\":\"a\"}],\"@odata.nextLink\":\"1\"}\n{\"value\":[{\"id\":\"b\"}],\"@odata.nextLink\":\"2\"}\n{\"id\":\"c\"}\n";
    let mut reader = AlertReader::new(input.as_bytes());
    let mut seen = Vec::new();
    while let Some(item) = reader.next() {
        let id = item.unwrap().id.unwrap();
        let next = reader.last_page().and_then(|page| page.next_link.clone());
        seen.push((id, next));
    }
    let next = |link: &str| Some(link.to_string());
    assert_eq!(
        seen,
        [
            ("a".into(), None),
            ("b".into(), next("1")),
            ("c".into(), next("2"))
        ]
    );
}

/// A link over `MAX_PAGE_LINK` is an error of kind `Limit`, before or after
/// `value`; the page's alerts and the reading go on.
#[test]
fn a_link_over_the_cap_is_an_error_and_is_not_kept() {
    let long = "x".repeat(MAX_PAGE_LINK + 1);
    let fits = "x".repeat(MAX_PAGE_LINK);
    for (input, error) in [
        (
            format!(r#"{{"value":[{{"id":"a"}}],"@odata.nextLink":"{long}"}}"#),
            "@odata.nextLink: a page link over the limit of 65536 bytes (MAX_PAGE_LINK) at line 1 column 23",
        ),
        (
            format!(r#"{{"@odata.context":"{long}","value":[{{"id":"a"}}]}}"#),
            "@odata.context: a page link over the limit of 65536 bytes (MAX_PAGE_LINK) at line 1 column 1",
        ),
    ] {
        let mut reader = AlertReader::new(input.as_bytes());
        let items: Vec<String> = reader
            .by_ref()
            .map(|item| match item {
                Ok(alert) => format!("alert {}", alert.id.unwrap()),
                Err(e) => {
                    assert_eq!(e.kind(), ErrorKind::Limit);
                    format!("error: {e}")
                }
            })
            .collect();
        assert!(items.contains(&format!("error: {error}")), "{items:?}");
        assert!(
            reader
                .last_page()
                .is_none_or(|page| page.next_link.is_none())
        );
    }
    let input = format!(r#"{{"value":[],"@odata.nextLink":"{fits}"}}"#);
    assert_eq!(
        last_page_after_reading(&input)
            .unwrap()
            .5
            .map(|link| link.len()),
        Some(MAX_PAGE_LINK)
    );
}
