//! `export`: inputs in order, through the library's reader, to the
//! connections' output (and the alerts table's, and the rejects file).
//!
//! The order of work is what keeps the user's files safe: arguments, then
//! every input looked at, then the outputs checked against the inputs and
//! each other (`Plan`, which creates nothing), then every input opened,
//! then temporary files created, and only a complete run (exit 0 or 1)
//! renames them into place.

use crate::alerts;
use crate::args::{Export, Format};
use crate::inputs::{self, Input, Opened};
use crate::output::Table;
use crate::partition::{self, Destination, RowWriter};
use crate::sink::{self, Sink};
use crate::target::Target;
use indicatif::{ProgressBar, ProgressStyle};
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::{ExportOptions, Rejected, read_chunks_with};
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// Runs the export; how many alerts were rejected, or what stopped it.
pub fn run(args: &Export) -> Result<u64, String> {
    let plan = Plan::new(args)?;
    let inputs = inputs::open_all(plan.inputs)?;
    let table = Table::Connections(&plan.options);
    let mut output = plan.output.open(args, &args.output, table)?;
    let mut alerts = alerts::open(plan.alerts, args, &plan.options)?;
    let mut rejects = match (plan.rejects, &args.rejects) {
        (Some(target), Some(path)) => Some(target.open(path)?),
        _ => None,
    };
    let started = Instant::now();
    let (options, alerts_out) = (&plan.options, &mut alerts);
    let tally = read_all(args, options, inputs, &mut output, alerts_out, &mut rejects)?;
    // Every output on disk before any replaces anything.
    let mut complete = output.finish()?;
    if let Some(alerts) = alerts {
        complete.extend(alerts.finish()?);
    }
    complete.extend(rejects.map(Sink::complete).transpose()?);
    sink::put_in_place(complete)?;
    if !args.quiet {
        let closing = tally.closing_line(started.elapsed());
        eprintln!("msgraph-connections: {closing}");
    }
    Ok(tally.rejected)
}

/// What a run will read and write, checked before anything is opened or
/// created.
struct Plan {
    options: ExportOptions,
    inputs: Vec<Input>,
    output: Destination,
    rejects: Option<Target>,
    alerts: Option<Destination>,
}

impl Plan {
    fn new(args: &Export) -> Result<Plan, String> {
        let format = format_of(args)?;
        let options = alerts::options_of(args)?;
        let inputs = inputs::identify_all(&args.inputs)?;
        let output = Destination::plan(args, "-o", &args.output, format)?;
        let rejects = args.rejects.as_deref().map(Target::plan).transpose()?;
        let alerts = alerts::plan(args, format)?;
        refuse_inside_tables(args, &output, alerts.as_ref())?;
        let alerts_file = alerts.as_ref().and_then(Destination::file);
        refuse_overwriting(&inputs, args, output.file(), rejects.as_ref(), alerts_file)?;
        if let Some(target) = output.file() {
            target.refuse_parquet_on_terminal(&args.output, format == Format::Parquet)?;
        }
        Ok(Plan {
            options,
            inputs,
            output,
            rejects,
            alerts,
        })
    }
}

/// Reads every input into the outputs, reporting each rejected alert.
fn read_all(
    args: &Export,
    options: &ExportOptions,
    inputs: Vec<Opened>,
    output: &mut RowWriter,
    alerts: &mut Option<RowWriter>,
    rejects: &mut Option<Sink>,
) -> Result<Tally, String> {
    let threads = args.threads();
    let total: Option<u64> = args.inputs.iter().map(|p| input_len(p)).sum();
    let progress = progress_bar(args.quiet, total);
    let mut tally = Tally::default();
    for (name, reader) in inputs {
        let reader = AlertReader::new(reader).with_max_alert_size(args.max_alert_size);
        let mut read = 0;
        read_chunks_with(reader, threads, options, |chunk| {
            output.write(&chunk.batch)?;
            if let (Some(alerts), Some(batch)) = (alerts.as_mut(), &chunk.alert_batch) {
                alerts.write(batch)?;
            }
            for reject in &chunk.rejected {
                if reject.error.is_io() {
                    return Err(format!("{name}: {}", reject.error));
                }
                progress.suspend(|| eprintln!("{name}: {}", reject.error));
                if let Some(file) = rejects.as_mut() {
                    // The sink keeps the error's own account, naming the file.
                    write_reject(file, &name, reject).map_err(|e| e.to_string())?;
                }
            }
            tally.alerts += chunk.alerts as u64;
            tally.rejected += chunk.rejected.len() as u64;
            tally.connections += chunk.batch.num_rows() as u64;
            read = chunk.bytes_read;
            progress.set_position(tally.bytes + read);
            progress.set_message(format!("{} connections", tally.connections));
            Ok(())
        })
        .map_err(|e| match rejects {
            Some(file) => file.failure().or(e),
            None => e,
        })?;
        tally.bytes += read;
    }
    progress.finish_and_clear();
    Ok(tally)
}

/// What a run read and wrote.
#[derive(Default)]
struct Tally {
    alerts: u64,
    connections: u64,
    rejected: u64,
    bytes: u64,
}

impl Tally {
    /// `12 alerts, 30 connections, 1 rejected; 0.1 MB in 0.02 s (5.0 MB/s)`
    fn closing_line(&self, elapsed: Duration) -> String {
        let megabytes = self.bytes as f64 / 1e6;
        let seconds = elapsed.as_secs_f64();
        format!(
            "{} alerts, {} connections, {} rejected; {megabytes:.1} MB in {seconds:.2} s ({:.1} MB/s)",
            self.alerts,
            self.connections,
            self.rejected,
            megabytes / seconds.max(1e-9),
        )
    }
}

/// The format asked for, or the output's extension's; CSV on standard
/// output; Parquet in a table's folder.
fn format_of(args: &Export) -> Result<Format, String> {
    if args.partition_by.is_some() {
        return partition::format_of(args.format);
    }
    let stdout = args.output.as_os_str() == "-";
    let format = match args.format {
        Some(format) => format,
        None if stdout => Format::Csv,
        None => match args.output.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("parquet") => Format::Parquet,
            Some(e) if e.eq_ignore_ascii_case("csv") => Format::Csv,
            _ => {
                return Err(format!(
                    "{}: say --format parquet or --format csv",
                    args.output.display()
                ));
            }
        },
    };
    Ok(format)
}

/// Refuses an output inside a table folder: the folder would take its
/// files for the table's.
fn refuse_inside_tables(
    args: &Export,
    output: &Destination,
    alerts: Option<&Destination>,
) -> Result<(), String> {
    let mut paths = vec![("-o", args.output.as_path())];
    paths.extend(
        args.alerts_output
            .as_deref()
            .map(|p| ("--alerts-output", p)),
    );
    paths.extend(args.rejects.as_deref().map(|p| ("--rejects", p)));
    // Each table against every other output, whatever its spelling: an
    // output of the same path as the table is inside it too.
    let tables = [("-o", Some(output)), ("--alerts-output", alerts)];
    for (own, destination) in tables {
        if let Some(Destination::Table(table)) = destination {
            for (flag, path) in paths.iter().filter(|(flag, _)| *flag != own) {
                table.refuse_inside(flag, path)?;
            }
        }
    }
    Ok(())
}

/// Refuses an output that is an input, or that is another output.
fn refuse_overwriting(
    inputs: &[Input],
    args: &Export,
    output: Option<&Target>,
    rejects: Option<&Target>,
    alerts: Option<&Target>,
) -> Result<(), String> {
    let mut outputs = Vec::from_iter(output.map(|target| ("-o", &args.output, target)));
    if let (Some(target), Some(path)) = (rejects, &args.rejects) {
        outputs.push(("--rejects", path, target));
    }
    if let (Some(target), Some(path)) = (alerts, &args.alerts_output) {
        outputs.push(("--alerts-output", path, target));
    }
    for (flag, path, target) in &outputs {
        for input in inputs {
            if input.id.is_some_and(|id| target.is(id)) {
                return Err(format!(
                    "{flag} {}: is the input {}; nothing was written",
                    path.display(),
                    input.name
                ));
            }
        }
    }
    for (i, (flag, path, target)) in outputs.iter().enumerate() {
        let earlier = outputs[..i]
            .iter()
            .find(|(.., other)| other.same_file(target));
        if let Some((earlier, earlier_path, _)) = earlier {
            return Err(format!(
                "{flag} {}: is the same file as {earlier} {}; nothing was written",
                path.display(),
                earlier_path.display()
            ));
        }
    }
    Ok(())
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
