//! Nothing of the user's is destroyed: an output that is an input is
//! refused, a failed or interrupted run leaves the previous output as it
//! was and no temporary file, and every failed write is exit 2.

use super::{
    INPUT, command, folder, names_in, on_small_file_system, run, run_in, stderr, without_context,
};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

pub(crate) const OLD: &[u8] = b"the previous output\n";

/// A folder holding `in.json` (the test input) and an old `out.parquet`.
pub(crate) fn workplace(name: &str) -> super::Scratch {
    let dir = folder(name);
    fs::write(dir.join("in.json"), INPUT).unwrap();
    fs::write(dir.join("out.parquet"), OLD).unwrap();
    dir
}

#[test]
fn an_output_that_is_an_input_is_refused_before_anything_is_written() {
    let dir = workplace("same-file");
    symlink("in.json", dir.join("link.csv")).unwrap();
    fs::hard_link(dir.join("in.json"), dir.join("hard.csv")).unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["in.json", "-o", "in.json", "--format", "csv"],
            "-o in.json: is the input in.json; nothing was written",
        ),
        (
            &["in.json", "-o", "./in.json", "--format", "csv"],
            "-o ./in.json: is the input in.json; nothing was written",
        ),
        (
            &["in.json", "-o", "link.csv"],
            "-o link.csv: is the input in.json; nothing was written",
        ),
        (
            &["in.json", "-o", "hard.csv"],
            "-o hard.csv: is the input in.json; nothing was written",
        ),
        (
            &["in.json", "-o", "new.csv", "--rejects", "in.json"],
            "--rejects in.json: is the input in.json; nothing was written",
        ),
        (
            &["in.json", "-o", "new.parquet", "--rejects", "./new.parquet"],
            "--rejects ./new.parquet: is the same file as -o new.parquet; nothing was written",
        ),
        (
            &["in.json", "-o", "out.parquet", "--rejects", "out.parquet"],
            "--rejects out.parquet: is the same file as -o out.parquet; nothing was written",
        ),
        (
            &["in.json", "-o", "-", "--rejects", "-"],
            "--rejects -: is the same file as -o -; nothing was written",
        ),
    ];
    for (args, message) in cases {
        let output = run_in(&dir, &[&["export"], *args].concat(), b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), format!("msgraph-connections: {message}\n"));
        assert_eq!(fs::read(dir.join("in.json")).unwrap(), INPUT.as_bytes());
        assert_eq!(fs::read(dir.join("out.parquet")).unwrap(), OLD);
        assert_eq!(
            names_in(&dir),
            ["hard.csv", "in.json", "link.csv", "out.parquet"]
        );
    }
    // Standard input that is the output file, redirected.
    let output = command()
        .current_dir(&*dir)
        .args(["export", "-", "-o", "in.json", "--format", "csv"])
        .stdin(fs::File::open(dir.join("in.json")).unwrap())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "msgraph-connections: -o in.json: is the input -; nothing was written\n"
    );
    assert_eq!(fs::read(dir.join("in.json")).unwrap(), INPUT.as_bytes());
}

#[test]
fn a_failed_run_leaves_the_old_output_and_no_temporary_file() {
    let dir = workplace("failed-run");
    let cases: &[(&[&str], &str)] = &[
        (
            &["in.json", "missing.json", "-o", "out.parquet"],
            "missing.json: No such file or directory (os error 2)",
        ),
        (
            &[
                "in.json",
                "-o",
                "out.parquet",
                "--rejects",
                "no/such/folder.json",
            ],
            "no/such/folder.json: cannot create a temporary file: No such file or directory (os error 2)",
        ),
        (&["in.json", ".", "-o", "out.parquet"], ".: is a directory"),
        (
            &["in.json", "-o", ".", "--format", "csv"],
            ".: is a directory",
        ),
    ];
    for (args, message) in cases {
        let output = run_in(&dir, &[&["export"], *args].concat(), b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&output), format!("msgraph-connections: {message}\n"));
        assert_eq!(fs::read(dir.join("out.parquet")).unwrap(), OLD);
        assert_eq!(names_in(&dir), ["in.json", "out.parquet"]);
    }
}

#[test]
fn a_complete_run_replaces_the_file_a_link_names_and_keeps_its_mode() {
    let dir = workplace("replace");
    fs::set_permissions(dir.join("out.parquet"), fs::Permissions::from_mode(0o640)).unwrap();
    symlink("out.parquet", dir.join("link.parquet")).unwrap();
    let output = run_in(&dir, &["export", "in.json", "-o", "link.parquet"], b"");
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(
        fs::symlink_metadata(dir.join("link.parquet"))
            .unwrap()
            .is_symlink()
    );
    let written = fs::read(dir.join("out.parquet")).unwrap();
    assert_eq!(
        (&written[..4], &written[written.len() - 4..]),
        (&b"PAR1"[..], &b"PAR1"[..])
    );
    let mode = fs::metadata(dir.join("out.parquet"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o640);
    assert_eq!(names_in(&dir), ["in.json", "link.parquet", "out.parquet"]);
}

/// Starts an export reading standard input (held open), waits for its
/// temporary files (of `out`, the rejects and, when given, the alerts
/// table), signals it, and checks that nothing remains of them.
fn interrupted(signal: &str, out: &str, alerts: Option<&str>) {
    let dir = workplace(&format!("signal-{signal}"));
    fs::write(dir.join(out), OLD).unwrap();
    let mut command = command();
    // The caller of the tests may ignore SIGINT (a shell's background job
    // does), and the export keeps an ignored signal ignored, as `nohup`
    // asks: the child starts with the signals' default action, as a
    // command typed at a terminal does.
    // SIGQUIT's default action dumps core: none is written, so that the
    // folder holds only what the export leaves.
    // SAFETY: `signal` and `setrlimit` are async-signal-safe, as
    // `pre_exec` requires.
    unsafe {
        std::os::unix::process::CommandExt::pre_exec(&mut command, || {
            libc::signal(libc::SIGINT, libc::SIG_DFL);
            libc::signal(libc::SIGTERM, libc::SIG_DFL);
            libc::signal(libc::SIGQUIT, libc::SIG_DFL);
            let no_core = libc::rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            };
            libc::setrlimit(libc::RLIMIT_CORE, &no_core);
            Ok(())
        });
    }
    let mut args = vec!["export", "-", "-o", out, "--rejects", "rejects.json"];
    if let Some(alerts) = alerts {
        fs::write(dir.join(alerts), OLD).unwrap();
        args.extend(["--alerts-output", alerts]);
    }
    let mut child = command
        .current_dir(&*dir)
        .args(args)
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(INPUT.as_bytes()).unwrap();
    let started = Instant::now();
    while names_in(&dir)
        .iter()
        .filter(|n| n.ends_with(".tmp"))
        .count()
        < 2 + usize::from(alerts.is_some())
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary files"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    let killed = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(60) {
            child.kill().unwrap();
            panic!("SIG{signal} did not end the export");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(stdin);
    use std::os::unix::process::ExitStatusExt;
    let number = match signal {
        "INT" => libc::SIGINT,
        "QUIT" => libc::SIGQUIT,
        _ => libc::SIGTERM,
    };
    assert_eq!(status.signal(), Some(number), "{status:?}");
    assert_eq!(fs::read(dir.join(out)).unwrap(), OLD);
    let mut expected = vec!["in.json", out, "out.parquet"];
    if let Some(alerts) = alerts {
        assert_eq!(fs::read(dir.join(alerts)).unwrap(), OLD);
        expected.push(alerts);
    }
    expected.sort();
    expected.dedup();
    assert_eq!(names_in(&dir), expected);
}

#[test]
fn a_signal_leaves_the_old_output_and_no_temporary_file() {
    interrupted("INT", "out.parquet", None);
    interrupted("TERM", "out.csv", None);
    interrupted("INT", "out.csv", Some("alerts.parquet"));
    interrupted("TERM", "out.parquet", Some("alerts.csv"));
    interrupted("QUIT", "out.parquet", Some("alerts.parquet"));
}

#[test]
fn a_failed_write_is_exit_2_naming_the_file_for_either_format() {
    for args in [
        &["export", "-", "-o", "/dev/full", "--format", "csv"][..],
        &["export", "-", "-o", "/dev/full", "--format", "parquet"],
        &[
            "export",
            "-",
            "-o",
            "/dev/null",
            "--format",
            "csv",
            "--rejects",
            "/dev/full",
        ],
    ] {
        let output = run(args, INPUT.as_bytes());
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        assert_eq!(
            stderr(&output).lines().last().unwrap(),
            "msgraph-connections: /dev/full: cannot write: No space left on device (os error 28)"
        );
    }
}

/// A small file system of its own, all but full: each output is buffered
/// whole, so its last write (for Parquet, with the footer) finds no room.
#[test]
fn a_full_disk_is_exit_2_and_the_old_output_stays() {
    let dir = folder("full-disk");
    on_small_file_system(&dir, "64k", || {
        let input = super::temp("full-disk-input.json");
        let alerts: String = (0..2000)
            .map(|i| format!("{{\"id\":\"a{i}\",\"networkConnections\":[{{\"destinationUrl\":\"https://example.com/{i}\"}}]}}\n"))
            .collect();
        fs::write(&input, alerts).unwrap();
        for out in ["out.csv", "out.parquet"] {
            fs::write(dir.join(out), OLD).unwrap();
        }
        // What is left of 16 pages after two small files: none.
        fs::write(dir.join("filler"), vec![0; 56 * 1024]).unwrap();
        for out in ["out.csv", "out.parquet"] {
            let args = ["export", input.to_str().unwrap(), "-o", out];
            let output = run_in(&dir, &args, b"");
            assert_eq!(output.status.code(), Some(2), "{output:?}");
            assert_eq!(
                stderr(&output),
                format!(
                    "msgraph-connections: {out}: cannot write: No space left on device (os error 28)\n"
                )
            );
            assert_eq!(fs::read(dir.join(out)).unwrap(), OLD);
            assert_eq!(names_in(&dir), ["filler", "out.csv", "out.parquet"]);
        }
        fs::remove_file(input).unwrap();
    });
}

#[test]
fn standard_output_takes_csv_and_parquet_to_a_pipe() {
    let dir = workplace("stdout");
    let csv = run_in(&dir, &["export", "in.json", "-o", "-"], b"");
    assert_eq!(csv.status.code(), Some(1));
    assert!(
        without_context(&csv.stdout).starts_with("alertId,applicationName,"),
        "{csv:?}"
    );
    let parquet = run_in(
        &dir,
        &["export", "in.json", "-o", "-", "--format", "parquet"],
        b"",
    );
    assert_eq!(parquet.status.code(), Some(1));
    assert_eq!(&parquet.stdout[..4], b"PAR1");
    assert_eq!(&parquet.stdout[parquet.stdout.len() - 4..], b"PAR1");
    // Through the link a shell makes for it, standard output is written,
    // not replaced.
    let command = "\"$0\" export in.json -o /dev/stdout --format csv | wc -l";
    let piped = std::process::Command::new("sh")
        .current_dir(&*dir)
        .args(["-c", command, env!("CARGO_BIN_EXE_msgraph-connections")])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&piped.stdout).trim(),
        "3",
        "{piped:?}"
    );
    assert_eq!(names_in(&dir), ["in.json", "out.parquet"]);
}

#[test]
fn absurd_thread_counts_are_refused_before_anything_is_written() {
    let dir = workplace("threads");
    for threads in ["0", "257", "65535"] {
        let output = run_in(
            &dir,
            &[
                "export",
                "in.json",
                "-o",
                "out.parquet",
                "--threads",
                threads,
            ],
            b"",
        );
        assert_eq!(output.status.code(), Some(2));
        assert!(
            stderr(&output).starts_with(&format!(
                "error: invalid value '{threads}' for '--threads <N>': {threads} is not in 1..=256"
            )),
            "{}",
            stderr(&output)
        );
        assert_eq!(fs::read(dir.join("out.parquet")).unwrap(), OLD);
    }
    let most = run_in(
        &dir,
        &["export", "in.json", "-o", "out.parquet", "--threads", "256"],
        b"",
    );
    assert_eq!(most.status.code(), Some(1), "{most:?}");
    assert_eq!(names_in(&dir), ["in.json", "out.parquet"]);
}

/// Standard input left non-blocking by whoever started the program: the
/// export waits for data instead of failing with `EAGAIN`.
#[test]
fn a_non_blocking_standard_input_is_waited_for() {
    let (reader, mut writer) = std::io::pipe().unwrap();
    use std::os::fd::AsRawFd;
    // SAFETY: F_SETFL on a descriptor this test owns.
    let set = unsafe { libc::fcntl(reader.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK) };
    assert_eq!(set, 0);
    let child = command()
        .args(["export", "-", "-o", "-"])
        .stdin(reader)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(200));
    writer.write_all(INPUT.as_bytes()).unwrap();
    drop(writer);
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let rows = String::from_utf8(output.stdout).unwrap();
    assert_eq!(rows.lines().count(), 3, "{rows}");
    assert!(
        Path::new("-").symlink_metadata().is_err(),
        "a file named `-`"
    );
}
