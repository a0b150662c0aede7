//! `msgraph-connections`: Graph alert exports to Parquet or CSV, a thin
//! layer over the library's `AlertReader` and `columnar` modules.

mod alerts;
mod args;
mod cleanup;
mod export;
mod inputs;
mod output;
mod partition;
mod partitioned;
mod sink;
mod target;
mod unix;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args::Cli {
        command: args::Command::Export(export),
    } = args::Cli::parse();
    unix::raise_open_file_limit();
    unix::keep_freed_memory();
    if let Err(e) = cleanup::on_signals_remove_temporary_files() {
        eprintln!("msgraph-connections: cannot watch for signals: {e}");
        return ExitCode::from(2);
    }
    match export::run(&export) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(message) => {
            // Every temporary file is removed by now: the folders made for
            // them go too, when left empty.
            cleanup::remove_created_folders();
            eprintln!("msgraph-connections: {message}");
            ExitCode::from(2)
        }
    }
}
