//! `msgraph-connections`: Graph alert exports to Parquet or CSV, a thin
//! layer over the library's `AlertReader` and `columnar` modules.

mod args;
mod export;
mod output;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args::Cli {
        command: args::Command::Export(export),
    } = args::Cli::parse();
    match export::run(&export) {
        Ok(0) => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(message) => {
            eprintln!("msgraph-connections: {message}");
            ExitCode::from(2)
        }
    }
}
