//! Where rows go: a Parquet file, or CSV with the example's header and rules.

use crate::args::Format;
use crate::sink::{Failure, Sink};
use arrow_array::{Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Schema};
use msgraph_network_connection::columnar::{ALERT_ID, AlertsExport, ExportOptions, ParquetExport};
use std::fmt::Write as _;

/// Which table an output holds, with the columns of `ExportOptions`.
#[derive(Clone, Copy)]
pub enum Table<'a> {
    /// One row per connection.
    Connections(&'a ExportOptions),
    /// One row per alert.
    Alerts(&'a ExportOptions),
}

pub struct Output {
    format: Formatted,
    /// The sink's first write error, which every format's error gives way
    /// to, so that a full disk reads the same for Parquet and CSV.
    failure: Failure,
}

enum Formatted {
    /// Boxed: with its builder of rows, it is the largest by far.
    Parquet(Box<ParquetExport<Sink>>),
    AlertsParquet(AlertsExport<Sink>),
    /// The CSV writer, which batch column holds each field's text, and
    /// whether formulas are escaped.
    Csv(csv::Writer<Sink>, Vec<usize>, bool),
}

impl Output {
    pub fn new(
        format: Format,
        sink: Sink,
        escape_formulas: bool,
        table: Table<'_>,
        threads: usize,
    ) -> Result<Output, String> {
        let failure = sink.failure();
        let format = match (format, table) {
            (Format::Parquet, Table::Connections(options)) => {
                ParquetExport::with_threads(sink, options, threads)
                    .map(|parquet| Formatted::Parquet(Box::new(parquet)))
                    .map_err(|e| e.to_string())
            }
            (Format::Parquet, Table::Alerts(options)) => AlertsExport::with_options(sink, options)
                .map(Formatted::AlertsParquet)
                .map_err(|e| e.to_string()),
            (Format::Csv, table) => {
                let mut csv = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(sink);
                let schema = match table {
                    Table::Connections(options) => options.connection_schema(),
                    Table::Alerts(options) => options.alerts_schema(),
                };
                let (names, columns) = csv_columns(&schema)?;
                csv.write_record(&names).map_err(|e| e.to_string())?;
                Ok(Formatted::Csv(csv, columns, escape_formulas))
            }
        };
        Ok(Output {
            format: format.map_err(|e| failure.or(e))?,
            failure,
        })
    }

    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        self.checked(|format| match format {
            Formatted::Parquet(parquet) => parquet.write_batch(batch).map_err(|e| e.to_string()),
            Formatted::AlertsParquet(parquet) => {
                parquet.write_batch(batch).map_err(|e| e.to_string())
            }
            Formatted::Csv(csv, columns, escape) => write_csv(csv, columns, *escape, batch),
        })
    }

    /// Writes what is left (Parquet's footer, CSV's buffer) and hands the
    /// sink back, to be committed.
    pub fn finish(self) -> Result<Sink, String> {
        let Output { format, failure } = self;
        let sink = match format {
            Formatted::Parquet(parquet) => parquet.finish().map_err(|e| e.to_string()),
            Formatted::AlertsParquet(parquet) => parquet.finish().map_err(|e| e.to_string()),
            Formatted::Csv(csv, ..) => csv.into_inner().map_err(|e| e.error().to_string()),
        };
        sink.map_err(|e| failure.or(e))
    }

    fn checked(
        &mut self,
        step: impl FnOnce(&mut Formatted) -> Result<(), String>,
    ) -> Result<(), String> {
        step(&mut self.format).map_err(|e| self.failure.or(e))
    }
}

/// The header (the schema's columns, less the companions of typed ones:
/// `alertId`, the alert's context and the alert columns asked for, then
/// the connection properties in Graph's order, less `@odata.type`; or, for
/// the alerts table, `connectionCount` and `json`) and, for each field,
/// the batch column of its exact text: the column itself when it is text
/// or a count, else its `...Text` companion, which follows it.
fn csv_columns(schema: &Schema) -> Result<(Vec<String>, Vec<usize>), String> {
    let fields = schema.fields();
    // A typed column's companion follows it: `...Text` after a column
    // that is not text, `...Code` (Int32) after a member's name.
    let is_companion = |i: usize| {
        let (field, Some(before)) = (&fields[i], i.checked_sub(1).map(|j| &fields[j])) else {
            return false;
        };
        let (name, base) = (field.name(), before.name());
        let text = name.strip_suffix("Text") == Some(base) && before.data_type() != &DataType::Utf8;
        let code = name.strip_suffix("Code") == Some(base) && field.data_type() == &DataType::Int32;
        text || code
    };
    let (mut names, mut columns) = (Vec::new(), Vec::new());
    for (i, field) in fields.iter().enumerate() {
        if is_companion(i) {
            continue;
        }
        let name = field.name();
        let text = match field.data_type() {
            DataType::Utf8 | DataType::Int64 => i,
            _ if fields.get(i + 1).is_some_and(|_| is_companion(i + 1)) => i + 1,
            _ => return Err(format!("no text column for {name}")),
        };
        names.push(name.clone());
        columns.push(text);
    }
    if names.first().map(String::as_str) != Some(ALERT_ID) {
        return Err("alertId is the first column".into());
    }
    Ok((names, columns))
}

fn write_csv(
    csv: &mut csv::Writer<Sink>,
    columns: &[usize],
    escape_formulas: bool,
    batch: &RecordBatch,
) -> Result<(), String> {
    let texts: Vec<Cells> = columns
        .iter()
        .map(|&i| {
            let column = batch.column(i).as_any();
            match column.downcast_ref::<StringArray>() {
                Some(texts) => Cells::Text(texts),
                None => Cells::Count(column.downcast_ref().expect("a text or count column")),
            }
        })
        .collect();
    let (mut escaped, mut number) = (String::new(), String::new());
    for row in 0..batch.num_rows() {
        for text in &texts {
            let field = match text {
                Cells::Text(text) if text.is_null(row) => "",
                Cells::Text(text) => text.value(row),
                Cells::Count(counts) => {
                    number.clear();
                    write!(number, "{}", counts.value(row)).expect("writing to a String");
                    &number
                }
            };
            let field = if escape_formulas && is_formula(field) {
                escaped.clear();
                escaped.push('\'');
                escaped.push_str(field);
                escaped.as_str()
            } else {
                field
            };
            csv.write_field(field).map_err(|e| e.to_string())?;
        }
        csv.write_record(None::<&[u8]>).map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// A column of CSV cells: text, or a count written in decimal.
enum Cells<'a> {
    Text(&'a StringArray),
    Count(&'a Int64Array),
}

/// Whether a spreadsheet would take the cell for a formula: it begins with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, and is not a plain
/// number (`-0.5` stays as it is). Such cells are written after a `'`, as
/// Kibana's CSV export does.
pub fn is_formula(field: &str) -> bool {
    matches!(
        field.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && !is_plain_number(field)
}

/// A decimal number, signed or not, with an optional fraction and
/// exponent: `-12`, `+0.5`, `-1e-3`.
fn is_plain_number(field: &str) -> bool {
    let unsigned = field.strip_prefix(['+', '-']).unwrap_or(field);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e.strip_prefix(['+', '-']).unwrap_or(e))),
        None => (unsigned, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mantissa_ok =
        !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction);
    mantissa_ok && exponent.is_none_or(|e| !e.is_empty() && digits(e))
}

#[cfg(test)]
mod tests {
    use super::is_formula;

    #[test]
    fn formulas_are_told_from_numbers() {
        let formulas = [
            "=HYPERLINK(\"http://x\")",
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "-",
            "+",
            "-.",
            "-1e",
            "-e5",
            "- 1",
            "-1,5",
        ];
        for field in formulas {
            assert!(is_formula(field), "{field:?}");
        }
        let plain = [
            "", "x", "0.5", "-0.5", "+0.5", "-12", "-1e-3", "+1E+9", "-.5", "-5.", "a=b", "1-2",
        ];
        for field in plain {
            assert!(!is_formula(field), "{field:?}");
        }
    }
}
