//! `export`: inputs in order, through the library's reader, to one output.

use crate::args::{Export, Format};
use crate::output::Output;
use indicatif::{ProgressBar, ProgressStyle};
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::{Rejected, read_chunks};
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Read, Write};
use std::path::Path;

/// Runs the export; how many alerts were rejected, or what stopped it.
pub fn run(args: &Export) -> Result<u64, String> {
    let format = match args.format {
        Some(format) => format,
        None => match args.output.extension().and_then(|e| e.to_str()) {
            Some("parquet") => Format::Parquet,
            Some("csv") => Format::Csv,
            _ => {
                return Err(format!(
                    "{}: say --format parquet or --format csv",
                    args.output.display()
                ));
            }
        },
    };
    let threads = args
        .threads
        .map(usize::from)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()));
    let total: Option<u64> = args.inputs.iter().map(|p| input_len(p)).sum();
    let progress = progress_bar(args.quiet, total);
    let create = |path: &Path| {
        File::create(path)
            .map(BufWriter::new)
            .map_err(|e| format!("{}: {e}", path.display()))
    };
    let mut output = Output::new(format, create(&args.output)?)?;
    let mut rejects = args.rejects.as_deref().map(create).transpose()?;
    let (mut rejected, mut rows, mut before) = (0, 0, 0);
    for path in &args.inputs {
        let name = path.display().to_string();
        let input: Box<dyn Read + Send> = if name == "-" {
            Box::new(io::stdin())
        } else {
            Box::new(File::open(path).map_err(|e| format!("{name}: {e}"))?)
        };
        let reader = AlertReader::new(input).max_alert_size(args.max_alert_size);
        let mut read = 0;
        read_chunks(reader, threads, |chunk| {
            output.write(&chunk.batch)?;
            for reject in &chunk.rejected {
                if reject.error.is_io() {
                    return Err(format!("{name}: {}", reject.error));
                }
                progress.suspend(|| eprintln!("{name}: {}", reject.error));
                if let Some(file) = &mut rejects {
                    write_reject(file, &name, reject).map_err(|e| format!("rejects: {e}"))?;
                }
            }
            rejected += chunk.rejected.len() as u64;
            rows += chunk.batch.num_rows() as u64;
            read = chunk.bytes_read;
            progress.set_position(before + read);
            progress.set_message(format!("{rows} connections"));
            Ok(())
        })?;
        before += read;
    }
    output.finish()?;
    if let Some(mut file) = rejects {
        file.flush().map_err(|e| format!("rejects: {e}"))?;
    }
    progress.finish_and_clear();
    Ok(rejected)
}

/// The input's size, when it is a file.
fn input_len(path: &Path) -> Option<u64> {
    (path.as_os_str() != "-").then(|| std::fs::metadata(path).ok().map(|m| m.len()))?
}

/// A bar on standard error when it is a terminal: bytes read of the total
/// (when known), connections written, rate and time left.
fn progress_bar(quiet: bool, total: Option<u64>) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = match total {
        Some(total) => ProgressBar::new(total).with_style(
            ProgressStyle::with_template(
                "{bar:30} {bytes}/{total_bytes} {msg} {bytes_per_sec} eta {eta}",
            )
            .expect("a valid template"),
        ),
        None => ProgressBar::new_spinner().with_style(
            ProgressStyle::with_template("{spinner} {bytes} {msg} {bytes_per_sec}")
                .expect("a valid template"),
        ),
    };
    bar.enable_steady_tick(std::time::Duration::from_millis(200));
    bar
}

/// One NDJSON line: where, why, and the exact text (a string when it is
/// UTF-8, else its bytes as numbers, so that nothing is lost).
fn write_reject(out: &mut impl Write, input: &str, reject: &Rejected) -> io::Result<()> {
    let error = &reject.error;
    let mut line = serde_json::json!({
        "input": input,
        "path": error.path(),
        "line": error.line(),
        "column": error.column(),
        "error": error.to_string(),
    });
    line["text"] = match &reject.text {
        None => serde_json::Value::Null,
        Some(bytes) => match std::str::from_utf8(bytes) {
            Ok(text) => text.into(),
            Err(_) => bytes.iter().map(|&b| serde_json::Value::from(b)).collect(),
        },
    };
    serde_json::to_writer(&mut *out, &line)?;
    out.write_all(b"\n")
}
