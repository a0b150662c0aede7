//! Which partition of a table each row belongs to, by its alert's date in
//! UTC, for Hive-style folders (`alertDate=2024-03-07/`): the rows of a
//! batch as runs of one partition each, to be written as zero-copy slices.

use super::context_table::{ALERT_CREATED, ALERT_EVENT};
use arrow_array::{Array, RecordBatch, TimestampMicrosecondArray};
use arrow_schema::ArrowError;
use std::fmt;
use std::ops::Range;

/// The partition value of rows whose alert has no date: Hive's, which
/// DuckDB, Spark, pyarrow and Polars read as null.
pub const HIVE_DEFAULT_PARTITION: &str = "__HIVE_DEFAULT_PARTITION__";

const MICROS_PER_DAY: i64 = 86_400_000_000;

/// How a table is cut into partitions: by the day or the month, in UTC,
/// of each row's alert: its `alertEventDateTime`, else (when that is null:
/// absent or not a timestamp) its `alertCreatedDateTime`, else
/// [`HIVE_DEFAULT_PARTITION`].
///
/// ```
/// use msgraph_network_connection::AlertReader;
/// use msgraph_network_connection::columnar::{ConnectionBatchBuilder, PartitionBy};
///
/// let export = concat!(
///     r#"{"id":"a","eventDateTime":"2024-03-07T23:30:00-02:00","networkConnections":[{},{}]}"#, "\n",
///     r#"{"id":"b","eventDateTime":"late","createdDateTime":"2024-03-08T00:00:00Z","networkConnections":[{}]}"#, "\n",
///     r#"{"id":"c","networkConnections":[{}]}"#, "\n",
/// );
/// let mut reader = AlertReader::new(export.as_bytes());
/// let mut builder = ConnectionBatchBuilder::new();
/// while let Some(alert) = reader.next_raw() {
///     builder.append_raw(&alert?)?;
/// }
/// let runs = PartitionBy::Day.runs(&builder.finish())?;
/// let runs: Vec<_> = runs.iter().map(|r| (r.partition.folder(), r.rows.clone())).collect();
/// assert_eq!(runs, [
///     ("alertDate=2024-03-08".to_string(), 0..3),
///     ("alertDate=__HIVE_DEFAULT_PARTITION__".to_string(), 3..4),
/// ]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PartitionBy {
    /// `alertDate=YYYY-MM-DD`, which engines read as a `DATE`.
    Day,
    /// `alertMonth=YYYY-MM`, which engines read as text.
    Month,
}

/// One partition of a table: its column and value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Partition {
    by: PartitionBy,
    /// Days since 1970-01-01, or months since year 0 (`year * 12 + month
    /// - 1`); `None` for the default partition.
    key: Option<i64>,
}

/// Consecutive rows of a batch in one partition.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PartitionRun {
    /// Their partition.
    pub partition: Partition,
    /// The rows, in the batch.
    pub rows: Range<usize>,
}

impl PartitionBy {
    /// The partition column's name: `alertDate` or `alertMonth`.
    pub fn column(self) -> &'static str {
        match self {
            PartitionBy::Day => "alertDate",
            PartitionBy::Month => "alertMonth",
        }
    }

    /// The rows of `batch` as runs of consecutive rows in one partition,
    /// in order. `batch` needs `alertEventDateTime` and
    /// `alertCreatedDateTime` columns of timestamps in microseconds (the
    /// connections table and any table with the alert's context); an
    /// error names the one it lacks.
    pub fn runs(self, batch: &RecordBatch) -> Result<Vec<PartitionRun>, ArrowError> {
        let event = timestamps(batch, ALERT_EVENT)?;
        let created = timestamps(batch, ALERT_CREATED)?;
        let mut runs: Vec<PartitionRun> = Vec::new();
        // The rows of one alert share their day, and alerts mostly follow
        // each other in time: a month is worked out once per day seen.
        let mut last: Option<(Option<i64>, Partition)> = None;
        for row in 0..batch.num_rows() {
            let instant = value(event, row).or_else(|| value(created, row));
            let day = instant.map(|micros| micros.div_euclid(MICROS_PER_DAY));
            let partition = match last {
                Some((last_day, partition)) if last_day == day => partition,
                _ => self.of_day(day),
            };
            last = Some((day, partition));
            match runs.last_mut() {
                Some(run) if run.partition == partition => run.rows.end = row + 1,
                _ => runs.push(PartitionRun {
                    partition,
                    rows: row..row + 1,
                }),
            }
        }
        Ok(runs)
    }

    /// The partition of a day counted from 1970-01-01.
    fn of_day(self, day: Option<i64>) -> Partition {
        let key = day.map(|day| match self {
            PartitionBy::Day => day,
            PartitionBy::Month => {
                let (year, month, _) = civil_from_days(day);
                year * 12 + i64::from(month) - 1
            }
        });
        Partition { by: self, key }
    }
}

impl Partition {
    /// How the table is cut.
    pub fn by(&self) -> PartitionBy {
        self.by
    }

    /// The value: `2024-03-07` or `2024-03`; `None` for the default
    /// partition. Years before 1 are written as ISO 8601 writes them
    /// (year 0 is 1 BC, `-0001` is 2 BC).
    pub fn value(&self) -> Option<String> {
        let key = self.key?;
        Some(match self.by {
            PartitionBy::Day => {
                let (year, month, day) = civil_from_days(key);
                format!("{}-{month:02}-{day:02}", year_text(year))
            }
            PartitionBy::Month => {
                let (year, month) = (key.div_euclid(12), key.rem_euclid(12) + 1);
                format!("{}-{month:02}", year_text(year))
            }
        })
    }

    /// The Hive folder name: `alertDate=2024-03-07`,
    /// `alertMonth=__HIVE_DEFAULT_PARTITION__`.
    pub fn folder(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Partition {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self.value();
        let value = value.as_deref().unwrap_or(HIVE_DEFAULT_PARTITION);
        write!(f, "{}={value}", self.by.column())
    }
}

/// Four digits at least, a sign before years before 0.
fn year_text(year: i64) -> String {
    match year {
        ..0 => format!("-{:04}", -year),
        _ => format!("{year:04}"),
    }
}

/// The column `name` as timestamps in microseconds.
fn timestamps<'a>(
    batch: &'a RecordBatch,
    name: &str,
) -> Result<&'a TimestampMicrosecondArray, ArrowError> {
    batch
        .column_by_name(name)
        .and_then(|column| column.as_any().downcast_ref())
        .ok_or_else(|| {
            ArrowError::SchemaError(format!(
                "partitioning by the alert's date needs a column {name} of timestamps in microseconds"
            ))
        })
}

fn value(column: &TimestampMicrosecondArray, row: usize) -> Option<i64> {
    column.is_valid(row).then(|| column.value(row))
}

/// The proleptic Gregorian date (year, month, day) of a day counted from
/// 1970-01-01: Howard Hinnant's `civil_from_days`, for every `i64` day a
/// timestamp in microseconds reaches.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    // Months counted from March, so that February's leap day comes last.
    let march_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * march_month + 2) / 5 + 1;
    let month = if march_month < 10 {
        march_month + 3
    } else {
        march_month - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month as u32, day as u32)
}

#[cfg(test)]
#[path = "partition_tests.rs"]
mod tests;
