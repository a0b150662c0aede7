use super::{PartitionBy, PartitionRun, civil_from_days};
use arrow_array::{ArrayRef, RecordBatch, StringArray, TimestampMicrosecondArray};
use chrono::{DateTime, Datelike, NaiveDate};
use std::sync::Arc;

/// An alert's id, and its created and event times.
type Row = (&'static str, Option<&'static str>, Option<&'static str>);

/// A table of any shape with the two columns partitions are found by:
/// an alert's id, then its created and event instants.
fn table(rows: &[Row]) -> RecordBatch {
    let micros = |text: Option<&str>| {
        text.map(|t| DateTime::parse_from_rfc3339(t).unwrap().timestamp_micros())
    };
    let ids: ArrayRef = Arc::new(StringArray::from_iter_values(rows.iter().map(|r| r.0)));
    let instants = |pick: fn(&Row) -> Option<&'static str>| {
        let values = rows.iter().map(|r| micros(pick(r)));
        Arc::new(TimestampMicrosecondArray::from_iter(values).with_timezone("UTC")) as ArrayRef
    };
    RecordBatch::try_from_iter([
        ("alertId", ids),
        ("alertCreatedDateTime", instants(|r| r.1)),
        ("alertEventDateTime", instants(|r| r.2)),
    ])
    .unwrap()
}

fn folders(by: PartitionBy, batch: &RecordBatch) -> Vec<(String, std::ops::Range<usize>)> {
    let runs = by.runs(batch).unwrap();
    runs.into_iter()
        .map(|PartitionRun { partition, rows }| (partition.folder(), rows))
        .collect()
}

#[test]
fn the_event_time_else_the_created_time_else_the_default() {
    let batch = table(&[
        (
            "a",
            Some("2024-01-01T00:00:00Z"),
            Some("2024-03-07T23:59:59.999999Z"),
        ),
        (
            "a",
            Some("2024-01-01T00:00:00Z"),
            Some("2024-03-07T23:59:59.999999Z"),
        ),
        ("b", Some("2024-03-07T10:00:00Z"), None),
        ("c", None, Some("2024-03-07T20:00:00-04:00")),
        ("d", None, None),
        ("e", Some("1969-12-31T23:59:59.999999Z"), None),
        ("f", Some("2024-02-29T12:00:00+00:00"), None),
    ]);
    assert_eq!(
        folders(PartitionBy::Day, &batch),
        [
            ("alertDate=2024-03-07".to_string(), 0..3),
            ("alertDate=2024-03-08".to_string(), 3..4),
            ("alertDate=__HIVE_DEFAULT_PARTITION__".to_string(), 4..5),
            ("alertDate=1969-12-31".to_string(), 5..6),
            ("alertDate=2024-02-29".to_string(), 6..7),
        ]
    );
    assert_eq!(
        folders(PartitionBy::Month, &batch),
        [
            ("alertMonth=2024-03".to_string(), 0..4),
            ("alertMonth=__HIVE_DEFAULT_PARTITION__".to_string(), 4..5),
            ("alertMonth=1969-12".to_string(), 5..6),
            ("alertMonth=2024-02".to_string(), 6..7),
        ]
    );
}

#[test]
fn years_at_the_ends_of_rfc_3339_shifted_by_an_offset() {
    let batch = table(&[
        ("a", None, Some("0000-01-01T00:30:00+01:00")),
        ("b", None, Some("0000-03-01T00:00:00Z")),
        ("c", None, Some("9999-12-31T23:30:00-01:00")),
    ]);
    assert_eq!(
        folders(PartitionBy::Day, &batch),
        [
            ("alertDate=-0001-12-31".to_string(), 0..1),
            ("alertDate=0000-03-01".to_string(), 1..2),
            ("alertDate=10000-01-01".to_string(), 2..3),
        ]
    );
    assert_eq!(
        folders(PartitionBy::Month, &batch),
        [
            ("alertMonth=-0001-12".to_string(), 0..1),
            ("alertMonth=0000-03".to_string(), 1..2),
            ("alertMonth=10000-01".to_string(), 2..3),
        ]
    );
}

#[test]
fn an_empty_batch_has_no_runs() {
    assert_eq!(PartitionBy::Day.runs(&table(&[])).unwrap(), []);
}

#[test]
fn a_table_without_the_alert_s_times_is_an_error() {
    let ids: ArrayRef = Arc::new(StringArray::from(vec!["a"]));
    let batch = RecordBatch::try_from_iter([("alertId", ids.clone())]).unwrap();
    assert_eq!(
        PartitionBy::Day.runs(&batch).unwrap_err().to_string(),
        "Schema error: partitioning by the alert's date needs a column alertEventDateTime of timestamps in microseconds"
    );
    let text = RecordBatch::try_from_iter([
        ("alertEventDateTime", ids.clone()),
        ("alertCreatedDateTime", ids),
    ]);
    assert!(PartitionBy::Month.runs(&text.unwrap()).is_err());
}

/// Every day of chrono's range, in steps, and each day around the ends of
/// eras and leap years.
#[test]
fn civil_dates_agree_with_chrono() {
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).unwrap();
    let check = |days: i64| {
        let date = epoch + chrono::Duration::days(days);
        let expected = (i64::from(date.year()), date.month(), date.day());
        assert_eq!(civil_from_days(days), expected, "{days}");
    };
    let (first, last) = (NaiveDate::MIN, NaiveDate::MAX);
    let (first, last) = ((first - epoch).num_days(), (last - epoch).num_days());
    (first..=last).step_by(997).for_each(check);
    (-800_000..800_000).for_each(check);
    check(first);
    check(last);
}

/// Timestamps in microseconds reach past chrono's dates: the partition is
/// still a date.
#[test]
fn every_microsecond_timestamp_has_a_date() {
    let ids: ArrayRef = Arc::new(StringArray::from(vec!["min", "max"]));
    let extremes = TimestampMicrosecondArray::from(vec![i64::MIN, i64::MAX]);
    let batch = RecordBatch::try_from_iter([
        ("alertId", ids),
        ("alertEventDateTime", Arc::new(extremes.clone()) as ArrayRef),
        ("alertCreatedDateTime", Arc::new(extremes) as ArrayRef),
    ])
    .unwrap();
    assert_eq!(
        folders(PartitionBy::Day, &batch),
        [
            ("alertDate=-290308-12-21".to_string(), 0..1),
            ("alertDate=294247-01-10".to_string(), 1..2),
        ]
    );
}
