//! What `--partition-by` refuses, and what a failed run, a full disk or a
//! signal leave of a table folder: what was there before, and no
//! temporary file or folder of the run's.

use super::outputs::OLD;
use super::partition::{export, tree};
use super::{command, folder, names_in, on_small_file_system, run_in, stderr};
use std::fs;
use std::io::Write;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// `count` alerts of 7 March 2024 (UTC), one connection each.
fn dated(count: usize) -> String {
    (0..count)
        .map(|i| {
            format!(
                "{{\"id\":\"a{i}\",\"eventDateTime\":\"2024-03-07T10:00:00Z\",\"networkConnections\":[{{\"destinationUrl\":\"https://example.com/{i}\"}}]}}\n"
            )
        })
        .collect()
}

#[test]
fn what_is_refused_before_anything_is_written() {
    let dir = folder("partitions-refused");
    fs::write(dir.join("in.json"), dated(2)).unwrap();
    fs::write(dir.join("out.parquet"), OLD).unwrap();
    fs::create_dir(dir.join("table")).unwrap();
    fs::write(dir.join("table/notes.txt"), OLD).unwrap();
    export(&dir, &["in.json"], "daily", "day", &[]);
    let (names, daily) = (names_in(&dir), tree(&dir.join("daily")));
    let cases: &[(&[&str], &str)] = &[
        (
            &["-o", "table", "--partition-by", "day"],
            "-o table: is not empty; name a new or empty folder, or add --append; nothing was written",
        ),
        (
            &["-o", "out.parquet", "--partition-by", "day", "--append"],
            "-o out.parquet: is a file; --partition-by writes a folder; nothing was written",
        ),
        (
            &["-o", "-", "--partition-by", "month"],
            "-o -: --partition-by writes a folder, not standard output",
        ),
        (
            &["-o", "new", "--partition-by", "day", "--format", "csv"],
            "--format csv: --partition-by writes Parquet files only",
        ),
        (
            &[
                "-o",
                "new",
                "--partition-by",
                "day",
                "--rejects",
                "new/rejects.ndjson",
            ],
            "--rejects new/rejects.ndjson: is inside the table folder -o new; nothing was written",
        ),
        (
            &[
                "-o",
                "daily",
                "--partition-by",
                "day",
                "--append",
                "--rejects",
                "./daily/r.ndjson",
            ],
            "--rejects ./daily/r.ndjson: is inside the table folder -o daily; nothing was written",
        ),
        (
            &["-o", "new", "--partition-by", "day", "--rejects", "new"],
            "--rejects new: is inside the table folder -o new; nothing was written",
        ),
        (
            &["-o", "new", "--partition-by", "day", "--rejects", "new/"],
            "--rejects new/: is inside the table folder -o new; nothing was written",
        ),
        (
            &[
                "-o",
                "new",
                "--partition-by",
                "day",
                "--alerts-output",
                "new",
            ],
            "--alerts-output new: is inside the table folder -o new; nothing was written",
        ),
        (
            &[
                "-o",
                "new",
                "--partition-by",
                "month",
                "--alerts-output",
                "alerts",
                "--rejects",
                "alerts",
            ],
            "--rejects alerts: is inside the table folder --alerts-output alerts; nothing was written",
        ),
        (
            &["-o", "daily", "--partition-by", "month", "--append"],
            "-o daily: holds alertDate= folders, and --partition-by month writes alertMonth= ones; nothing was written",
        ),
    ];
    for (args, message) in cases {
        let mut all = vec!["export", "in.json"];
        all.extend_from_slice(args);
        let output = run_in(&dir, &all, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), format!("msgraph-connections: {message}\n"));
        assert_eq!(names_in(&dir), names, "{args:?}");
        assert_eq!(tree(&dir.join("daily")), daily, "{args:?}");
        assert_eq!(names_in(&dir.join("table")), ["notes.txt"]);
    }
    let output = run_in(&dir, &["export", "in.json", "-o", "new", "--append"], b"");
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "error: the following required arguments were not provided:\n  --partition-by <BY>\n"
        ),
        "{}",
        stderr(&output)
    );
    // No rows: an empty table.
    fs::write(
        dir.join("none.json"),
        r#"{"id":"x","networkConnections":[]}"#,
    )
    .unwrap();
    export(&dir, &["none.json"], "empty", "day", &[]);
    assert_eq!(names_in(&dir.join("empty")), Vec::<String>::new());
}

/// Reading `/proc/self/mem` fails at its first byte: an input that cannot
/// be read, after one that was written to the table.
#[test]
fn a_failed_run_leaves_the_table_as_it_was() {
    let dir = folder("partitions-failed");
    fs::write(dir.join("in.json"), dated(3)).unwrap();
    export(&dir, &["in.json"], "table", "day", &[]);
    let before = tree(&dir.join("table"));
    let names = names_in(&dir);
    for (out, more) in [("new", None), ("table", Some("--append"))] {
        let mut args = vec![
            "export",
            "in.json",
            "/proc/self/mem",
            "-o",
            out,
            "--partition-by",
            "day",
        ];
        args.extend(more);
        let output = run_in(&dir, &args, b"");
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        assert_eq!(
            stderr(&output).lines().last().unwrap(),
            "msgraph-connections: /proc/self/mem: I/O error: Input/output error (os error 5)"
        );
        assert_eq!(names_in(&dir), names);
        assert_eq!(tree(&dir.join("table")), before);
        assert_eq!(names_in(&dir.join("table")), ["alertDate=2024-03-07"]);
    }
}

/// A small file system of its own, all but full: the table's file finds no
/// room when it is written out (it is buffered whole until it is closed).
#[test]
fn a_full_disk_is_exit_2_and_leaves_the_table_as_it_was() {
    let dir = folder("partitions-full-disk");
    let input = super::temp("partitions-full-disk.json");
    fs::write(&input, dated(2000)).unwrap();
    let small = super::temp("partitions-full-disk-small.json");
    fs::write(&small, dated(1)).unwrap();
    let (input, small) = (input.to_str().unwrap(), small.to_str().unwrap());
    on_small_file_system(&dir, "64k", || {
        export(&dir, &[small], "table", "day", &[]);
        let before = tree(&dir.join("table"));
        // What is left of 16 pages after the table's file: none.
        let mut filler = fs::File::create(dir.join("filler")).unwrap();
        while filler.write_all(&[0; 1024]).is_ok() {}
        let full = ": cannot write: No space left on device (os error 28)\n";
        let output = run_in(
            &dir,
            &["export", input, "-o", "new", "--partition-by", "day"],
            b"",
        );
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        let new = "msgraph-connections: new/alertDate=2024-03-07/part-00000.parquet";
        assert_eq!(stderr(&output), format!("{new}{full}"));
        let args = [
            "export",
            input,
            "-o",
            "table",
            "--partition-by",
            "day",
            "--append",
        ];
        let output = run_in(&dir, &args, b"");
        assert_eq!(output.status.code(), Some(2), "{output:?}");
        let appended = "msgraph-connections: table/alertDate=2024-03-07/part-00000-";
        let message = stderr(&output);
        assert!(message.starts_with(appended) && message.ends_with(&format!(".parquet{full}")));
        assert_eq!(names_in(&dir), ["filler", "table"]);
        assert_eq!(tree(&dir.join("table")), before);
    });
    fs::remove_file(input).unwrap();
    fs::remove_file(small).unwrap();
}

/// Whether a temporary file is anywhere under `dir`.
fn has_temporary_file(dir: &Path) -> bool {
    let Ok(entries) = fs::read_dir(dir) else {
        return false;
    };
    entries.map(|e| e.unwrap().path()).any(|path| {
        path.to_str().unwrap().ends_with(".tmp") || (path.is_dir() && has_temporary_file(&path))
    })
}

/// SIGTERM while a table's files are being written removes them, and the
/// folders the run made for them: a new table folder is gone, a table
/// appended to is as it was.
#[test]
fn a_signal_removes_the_run_s_files_and_folders() {
    let dir = folder("partitions-signal");
    fs::write(dir.join("in.json"), dated(3)).unwrap();
    export(&dir, &["in.json"], "table", "day", &[]);
    let (names, before) = (names_in(&dir), tree(&dir.join("table")));
    // Whole blocks of input, written while standard input stays open.
    let days: String = (1..=9)
        .map(|day| dated(4000).replace("2024-03-07", &format!("2024-04-0{day}")))
        .collect();
    for (out, more) in [("new", None), ("table", Some("--append"))] {
        let mut args = vec!["export", "-", "-o", out, "--partition-by", "day", "-q"];
        args.extend(more);
        let mut child = command();
        // SAFETY: `signal` is async-signal-safe, as `pre_exec` requires.
        unsafe {
            std::os::unix::process::CommandExt::pre_exec(&mut child, || {
                libc::signal(libc::SIGTERM, libc::SIG_DFL);
                Ok(())
            });
        }
        let mut child = child
            .current_dir(&*dir)
            .args(&args)
            .stdin(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(days.as_bytes()).unwrap();
        let started = Instant::now();
        while !has_temporary_file(&dir.join(out)) {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "no temporary file"
            );
            std::thread::sleep(Duration::from_millis(10));
        }
        // SAFETY: sends a signal to the child this test started.
        assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGTERM) }, 0);
        let status = child.wait().unwrap();
        drop(stdin);
        use std::os::unix::process::ExitStatusExt;
        assert_eq!(status.signal(), Some(libc::SIGTERM), "{status:?}");
        assert_eq!(names_in(&dir), names);
        assert_eq!(tree(&dir.join("table")), before);
        assert_eq!(names_in(&dir.join("table")), ["alertDate=2024-03-07"]);
    }
}
