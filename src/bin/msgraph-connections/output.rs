//! Where rows go: a Parquet file, or CSV with the example's header and rules.

use crate::args::Format;
use arrow_array::{Array, RecordBatch, StringArray};
use msgraph_network_connection::Property;
use msgraph_network_connection::columnar::{ALERT_ID, ParquetExport, connection_schema};
use std::fs::File;
use std::io::BufWriter;

pub enum Output {
    Parquet(ParquetExport<BufWriter<File>>),
    /// The CSV writer, and which batch column holds each field's text.
    Csv(csv::Writer<BufWriter<File>>, Vec<usize>),
}

impl Output {
    pub fn new(format: Format, file: BufWriter<File>) -> Result<Output, String> {
        match format {
            Format::Parquet => ParquetExport::new(file)
                .map(Output::Parquet)
                .map_err(|e| e.to_string()),
            Format::Csv => {
                let mut csv = csv::WriterBuilder::new()
                    .terminator(csv::Terminator::CRLF)
                    .from_writer(file);
                // The header: `alertId`, then the properties in Graph's
                // order, less `@odata.type`.
                let properties = Property::ALL.iter().filter(|p| **p != Property::ODataType);
                let names: Vec<&str> = std::iter::once(ALERT_ID)
                    .chain(properties.clone().map(|p| p.name()))
                    .collect();
                csv.write_record(&names).map_err(|e| e.to_string())?;
                // Each field is the exact text: the property's own column
                // when it is text, else its `...Text` companion.
                let schema = connection_schema();
                let column = |name: &str| schema.index_of(name).ok();
                let mut columns = vec![column(ALERT_ID).expect("alertId is a column")];
                for property in properties {
                    let name = property.name();
                    let text = column(&format!("{name}Text"))
                        .or_else(|| {
                            column(name).filter(|&i| {
                                schema.field(i).data_type() == &arrow_schema::DataType::Utf8
                            })
                        })
                        .ok_or_else(|| format!("no text column for {name}"))?;
                    columns.push(text);
                }
                Ok(Output::Csv(csv, columns))
            }
        }
    }

    pub fn write(&mut self, batch: &RecordBatch) -> Result<(), String> {
        match self {
            Output::Parquet(parquet) => parquet.write_batch(batch).map_err(|e| e.to_string()),
            Output::Csv(csv, columns) => {
                let texts: Vec<&StringArray> = columns
                    .iter()
                    .map(|&i| {
                        batch
                            .column(i)
                            .as_any()
                            .downcast_ref::<StringArray>()
                            .expect("a text column")
                    })
                    .collect();
                for row in 0..batch.num_rows() {
                    let fields = texts
                        .iter()
                        .map(|t| if t.is_null(row) { "" } else { t.value(row) });
                    csv.write_record(fields).map_err(|e| e.to_string())?;
                }
                Ok(())
            }
        }
    }

    pub fn finish(self) -> Result<(), String> {
        match self {
            Output::Parquet(parquet) => parquet.finish().map(drop).map_err(|e| e.to_string()),
            Output::Csv(mut csv, _) => csv.flush().map_err(|e| e.to_string()),
        }
    }
}
