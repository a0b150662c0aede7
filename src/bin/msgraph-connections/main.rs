//! `msgraph-connections`: Graph alert exports to Parquet or CSV, a thin
//! layer over the library's `AlertReader` and `columnar` modules.

mod alerts;
mod args;
mod cleanup;
mod export;
mod inputs;
mod output;
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
    if let Err(e) = cleanup::on_signals_remove_temporary_files() {
        eprintln!("msgraph-connections: cannot watch for signals: {e}");
        return ExitCode::from(2);
    }
    match export::run(&export) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(message) => {
            eprintln!("msgraph-connections: {message}");
            ExitCode::from(2)
        }
    }
}
