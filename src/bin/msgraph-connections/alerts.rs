//! `--alert-column` and `--alerts-output`: the columns asked for, and the
//! alerts table's output, checked before anything is opened.

use crate::args::{Export, Format};
use crate::output::Table;
use crate::partition::{Destination, RowWriter};
use msgraph_network_connection::columnar::{ALERTS_TABLE_MAX_ALERT_SIZE, ExportOptions};
use std::path::Path;

/// The columns and tables a run writes; a name that cannot be a column,
/// or a limit the alerts table cannot hold, is a usage error.
pub fn options_of(args: &Export) -> Result<ExportOptions, String> {
    let options = ExportOptions::new().with_alert_columns(&args.alert_columns);
    let options = options.map_err(|e| e.to_string())?;
    if args.alerts_output.is_some() && args.max_alert_size > ALERTS_TABLE_MAX_ALERT_SIZE {
        return Err(format!(
            "--max-alert-size {}: at most {ALERTS_TABLE_MAX_ALERT_SIZE} with --alerts-output \
             (each alert's text is one Arrow string)",
            args.max_alert_size
        ));
    }
    Ok(options.with_alerts_table(args.alerts_output.is_some()))
}

/// The alerts output, when asked for: a file in its format, or with
/// `--partition-by` a table folder, as `-o`.
pub fn plan(args: &Export, connections: Format) -> Result<Option<Destination>, String> {
    let Some(path) = &args.alerts_output else {
        return Ok(None);
    };
    let format = match args.partition_by {
        Some(_) => Format::Parquet,
        None => format_of(path, connections)?,
    };
    let destination = Destination::plan(args, "--alerts-output", path, format)?;
    if let Some(target) = destination.file() {
        target.refuse_parquet_on_terminal(path, format == Format::Parquet)?;
    }
    Ok(Some(destination))
}

/// Creates the alerts output planned, when there is one.
pub fn open(
    planned: Option<Destination>,
    args: &Export,
    options: &ExportOptions,
) -> Result<Option<RowWriter>, String> {
    let (Some(destination), Some(path)) = (planned, &args.alerts_output) else {
        return Ok(None);
    };
    destination
        .open(args, path, Table::Alerts(options))
        .map(Some)
}

/// The alerts output's format: its extension's (`.parquet` or `.csv`, in
/// any case); standard output (`-`) takes that of the connections.
fn format_of(path: &Path, connections: Format) -> Result<Format, String> {
    if path.as_os_str() == "-" {
        return Ok(connections);
    }
    match path.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("parquet") => Ok(Format::Parquet),
        Some(e) if e.eq_ignore_ascii_case("csv") => Ok(Format::Csv),
        _ => Err(format!(
            "--alerts-output {}: name it .parquet or .csv",
            path.display()
        )),
    }
}
