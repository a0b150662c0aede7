//! Timestamps keep their text and hold the instant; one set in code is
//! written as Graph writes it.

use super::{parse, write};
use chrono::{DateTime, TimeZone, Utc};
use msgraph_network_connection::NetworkConnection;

#[test]
fn timestamp_keeps_its_text_and_holds_the_instant() {
    let connection = parse(r#"{"domainRegisteredDateTime":"2017-01-01T02:01:30.7098297+02:00"}"#);
    let expected: DateTime<Utc> = Utc.with_ymd_and_hms(2017, 1, 1, 0, 1, 30).unwrap()
        + chrono::Duration::nanoseconds(709_829_700);
    assert_eq!(connection.domain_registered_date_time, Some(expected));
    assert_eq!(
        write(&connection),
        r#"{"domainRegisteredDateTime":"2017-01-01T02:01:30.7098297+02:00"}"#
    );
}

#[test]
fn timestamp_changed_in_code_is_written_as_graph_writes_it() {
    let mut connection =
        parse(r#"{"domainRegisteredDateTime":"2017-01-01T02:01:30.7098297+02:00"}"#);
    let cases = [
        (
            (2019, 4, 16, 9, 27, 45),
            120_000_000,
            "2019-04-16T09:27:45.12Z",
        ),
        ((2019, 4, 16, 9, 27, 45), 0, "2019-04-16T09:27:45Z"),
        ((2014, 1, 1, 0, 0, 0), 0, "2014-01-01T00:00:00Z"),
        (
            (2020, 4, 19, 10, 18, 39),
            123_456_700,
            "2020-04-19T10:18:39.1234567Z",
        ),
        (
            (2020, 4, 19, 10, 18, 39),
            1,
            "2020-04-19T10:18:39.000000001Z",
        ),
        (
            (2020, 4, 19, 10, 18, 39),
            100_000_000,
            "2020-04-19T10:18:39.1Z",
        ),
        ((5, 2, 3, 4, 5, 6), 0, "0005-02-03T04:05:06Z"),
        (
            (9999, 12, 31, 23, 59, 59),
            999_999_999,
            "9999-12-31T23:59:59.999999999Z",
        ),
    ];
    for ((y, mo, d, h, mi, s), nanos, expected) in cases {
        let instant = Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
            + chrono::Duration::nanoseconds(nanos);
        connection.domain_registered_date_time = Some(instant);
        let written = write(&connection);
        assert_eq!(
            written,
            format!(r#"{{"domainRegisteredDateTime":"{expected}"}}"#)
        );
        assert_eq!(parse(&written).domain_registered_date_time, Some(instant));
    }
}

#[test]
fn timestamp_outside_four_digit_years_is_not_written() {
    let mut connection = NetworkConnection::default();
    connection.domain_registered_date_time =
        Some(Utc.with_ymd_and_hms(10000, 1, 1, 0, 0, 0).unwrap());
    assert_eq!(
        serde_json::to_string(&connection).unwrap_err().to_string(),
        "domainRegisteredDateTime: +10000-01-01T00:00:00Z has a year outside RFC 3339's 0000-9999"
    );
    // The text view names the same instant, in ISO 8601's expanded form,
    // rather than a four-digit year that would name another.
    for ((year, month, day), text) in [
        ((10000, 1, 1), "+10000-01-01T00:00:00Z"),
        ((-1, 12, 31), "-0001-12-31T00:00:00Z"),
        ((0, 1, 1), "0000-01-01T00:00:00Z"),
    ] {
        connection.domain_registered_date_time =
            Some(Utc.with_ymd_and_hms(year, month, day, 0, 0, 0).unwrap());
        assert_eq!(
            connection.domain_registered_date_time_text().as_deref(),
            Some(text)
        );
    }
}

#[test]
fn timestamp_finer_than_nanoseconds_keeps_its_text() {
    let text = r#"{"domainRegisteredDateTime":"2019-02-03T23:00:00.12345678912345Z"}"#;
    let connection = parse(text);
    assert_eq!(
        connection.domain_registered_date_time,
        Some(
            Utc.with_ymd_and_hms(2019, 2, 3, 23, 0, 0).unwrap()
                + chrono::Duration::nanoseconds(123_456_789)
        )
    );
    assert_eq!(write(&connection), text);
}
