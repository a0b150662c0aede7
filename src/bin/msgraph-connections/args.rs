//! The command line, as clap reads it.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "Examples:
  msgraph-connections export alerts-2025-*.ndjson -o connections.parquet
  msgraph-connections export page.json - -o connections.csv --rejects rejected.ndjson
  msgraph-connections export alerts.ndjson -o connections.parquet \\
      --alerts-output alerts.parquet --alert-column vendorInformation.subProvider
  msgraph-connections export alerts-*.ndjson -o connections --partition-by day \\
      --alerts-output alerts
  duckdb -c \"SELECT protocol, count(*) FROM 'connections.parquet' GROUP BY ALL\"

Outputs are written to a temporary file beside them and renamed into place
when the run completes, so a failed or interrupted run leaves the previous
file untouched; an output that is an input, or two outputs the same file,
is refused.

Exit status: 0 when every alert was read, 1 when any was rejected (each is
reported on standard error, and written to --rejects), 2 on a usage or I/O
error (output files are then left as they were).";

/// The most threads `--threads` takes: past the cores of any machine this
/// runs on, and each may hold two alerts.
pub const MAX_THREADS: u16 = 256;

/// Microsoft Graph security alerts' network connections, from exports of
/// any size and shape (an alert, pages, arrays of them, NDJSON), into the
/// tables data-lake engines query.
#[derive(Debug, Parser)]
#[command(name = "msgraph-connections", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// One row per network connection, with its alert's id, in input order.
    #[command(after_help = EXAMPLES)]
    Export(Export),
}

#[derive(Debug, clap::Args)]
pub struct Export {
    /// Files to read, in order; `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// The file to write; `-` writes standard output (CSV unless --format
    /// parquet, which goes to a pipe or a file only). With --partition-by,
    /// the table's folder.
    #[arg(short, long, value_name = "OUT")]
    pub output: PathBuf,

    /// The output format [default: from the extension of OUT]
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write OUT as a table folder of Parquet files, in a Hive-style folder
    /// per day (`alertDate=2024-03-07/`) or month (`alertMonth=2024-03/`)
    /// of each alert's eventDateTime in UTC, else its createdDateTime,
    /// else `__HIVE_DEFAULT_PARTITION__`. OUT must be new or empty.
    #[arg(long, value_enum, value_name = "BY")]
    pub partition_by: Option<Partitioning>,

    /// With --partition-by: add this run's files to the table in OUT, under
    /// names of their own; no file there is changed.
    #[arg(long, requires = "partition_by")]
    pub append: bool,

    /// Threads that parse alerts (and as many encode the Parquet output's
    /// columns), 1 to 256 [default: the number of cores]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=MAX_THREADS as i64))]
    pub threads: Option<u16>,

    /// The largest alert to read, in bytes; larger ones are rejected.
    #[arg(long, value_name = "BYTES", default_value_t = msgraph_network_connection::DEFAULT_MAX_ALERT_SIZE)]
    pub max_alert_size: usize,

    /// Also write each rejected alert to FILE as an NDJSON line: its exact
    /// text and the error.
    #[arg(long, value_name = "FILE")]
    pub rejects: Option<PathBuf>,

    /// Also write the alerts table to FILE: one row per alert read, with or
    /// without connections, holding its id and context, connectionCount
    /// and json (its exact text). Parquet or CSV by FILE's extension
    /// (.parquet, .csv); `-` writes standard output, in the format of OUT.
    /// With --partition-by, FILE is a table folder cut as OUT is.
    #[arg(long, value_name = "FILE")]
    pub alerts_output: Option<PathBuf>,

    /// Also a column of the alert property NAME in both tables, after the
    /// alert's context (repeatable): the string itself, or the compact
    /// JSON of any other value; empty when null or absent. A NAME is looked
    /// up whole first (`@odata.type`), then, when it has a dot, one level
    /// down (`vendorInformation.subProvider`).
    #[arg(long = "alert-column", value_name = "NAME")]
    pub alert_columns: Vec<String>,

    /// Write CSV cells that begin with `=`, `+`, `-`, `@`, a tab or a
    /// carriage return as they are. By default such a cell (unless it is a
    /// plain number, like `-0.5`) is written after a `'`, so that a
    /// spreadsheet shows it as text instead of running it as a formula.
    #[arg(long)]
    pub no_escape_formulas: bool,

    /// No progress bar, and no closing line (what was read and written,
    /// and how fast) on standard error.
    #[arg(short, long)]
    pub quiet: bool,
}

impl Export {
    /// `--threads`, or the number of cores.
    pub fn threads(&self) -> usize {
        self.threads
            .map(usize::from)
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Parquet,
    Csv,
}

/// What a table's folders are cut by: the alert's date in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Partitioning {
    Day,
    Month,
}
