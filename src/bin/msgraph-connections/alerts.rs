//! `--alert-column` and `--alerts-output`: the columns asked for, and the
//! alerts table's output, checked before anything is opened.

use crate::args::{Export, Format};
use crate::output::{Output, Table};
use crate::target::Target;
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

/// The alerts output, when asked for: its format and where it goes.
pub fn plan(args: &Export, connections: Format) -> Result<Option<(Format, Target)>, String> {
    let Some(path) = &args.alerts_output else {
        return Ok(None);
    };
    let format = format_of(path, connections)?;
    let target = Target::plan(path)?;
    target.refuse_parquet_on_terminal(path, format == Format::Parquet)?;
    Ok(Some((format, target)))
}

/// Creates the alerts output planned, when there is one.
pub fn open(
    planned: Option<(Format, Target)>,
    args: &Export,
    options: &ExportOptions,
) -> Result<Option<Output>, String> {
    let (Some((format, target)), Some(path)) = (planned, &args.alerts_output) else {
        return Ok(None);
    };
    let sink = target.open(path)?;
    let table = Table::Alerts(options);
    Output::new(format, sink, !args.no_escape_formulas, table).map(Some)
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
