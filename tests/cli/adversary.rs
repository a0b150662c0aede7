//! What an adversary tried on the outputs: standard output that is a file,
//! a failing second output, the temporary file's mode and owner, a
//! file-size limit, ignored signals, a non-blocking standard output, long
//! names, a named pipe as input and output.

use super::outputs::{OLD, workplace};
use super::{INPUT, command, names_in, stderr};
use std::fs::{self, OpenOptions};
use std::io::{Read, Write};
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Output, Stdio};
use std::time::{Duration, Instant};

/// Runs the command in `dir` with `stdout` as its standard output.
fn run_to(dir: &Path, args: &[&str], stdout: impl Into<Stdio>) -> Output {
    command()
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .output()
        .unwrap()
}

#[test]
fn standard_output_that_is_an_input_or_the_other_output_is_refused() {
    let dir = workplace("stdout-file");
    let input = OpenOptions::new()
        .read(true)
        .write(true)
        .open(dir.join("in.json"));
    let output = run_to(&dir, &["export", "in.json", "-o", "-"], input.unwrap());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "msgraph-connections: -o -: is the input in.json; nothing was written\n"
    );
    assert_eq!(fs::read(dir.join("in.json")).unwrap(), INPUT.as_bytes());

    fs::write(dir.join("out.csv"), OLD).unwrap();
    let appended = OpenOptions::new().append(true).open(dir.join("out.csv"));
    let args = ["export", "in.json", "-o", "-", "--rejects", "out.csv"];
    let output = run_to(&dir, &args, appended.unwrap());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "msgraph-connections: --rejects out.csv: is the same file as -o -; nothing was written\n"
    );
    assert_eq!(fs::read(dir.join("out.csv")).unwrap(), OLD);

    let args = ["export", "in.json", "-o", "-", "--rejects", "/dev/stdout"];
    let output = run_to(&dir, &args, Stdio::piped());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "msgraph-connections: --rejects /dev/stdout: is the same file as -o -; nothing was written\n"
    );
}

/// `-o /dev/stdout >> log.csv` appends through the descriptor the shell
/// opened, as `-o -` does, rather than replacing the log.
#[test]
fn a_path_that_names_standard_output_appends_to_it() {
    let dir = workplace("dev-stdout");
    fs::write(dir.join("log.csv"), OLD).unwrap();
    let log = OpenOptions::new().append(true).open(dir.join("log.csv"));
    let args = [
        "export",
        "in.json",
        "-o",
        "/dev/stdout",
        "--format",
        "csv",
        "-q",
    ];
    let output = run_to(&dir, &args, log.unwrap());
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let log = fs::read_to_string(dir.join("log.csv")).unwrap();
    assert!(log.starts_with("the previous output\nalertId,"), "{log}");
    assert_eq!(log.lines().count(), 4);
}

#[test]
fn a_failed_second_output_leaves_the_first_as_it_was() {
    let dir = workplace("second-output");
    fs::write(dir.join("out.csv"), OLD).unwrap();
    let args = [
        "export",
        "in.json",
        "-o",
        "out.csv",
        "--rejects",
        "/dev/full",
    ];
    let output = run_to(&dir, &args, Stdio::null());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).lines().last().unwrap(),
        "msgraph-connections: /dev/full: cannot write: No space left on device (os error 28)"
    );
    assert_eq!(fs::read(dir.join("out.csv")).unwrap(), OLD);
    assert_eq!(names_in(&dir), ["in.json", "out.csv", "out.parquet"]);
}

/// Starts an export of standard input, held open, and waits until its
/// temporary output exists.
fn held(dir: &Path, args: &[&str], before_exec: fn() -> std::io::Result<()>) -> Child {
    let mut child = command();
    child.current_dir(dir).args(args).stdin(Stdio::piped());
    // SAFETY: the hook only calls async-signal-safe functions.
    unsafe { child.pre_exec(before_exec) };
    let mut child = child.stderr(Stdio::piped()).spawn().unwrap();
    child
        .stdin
        .as_mut()
        .unwrap()
        .write_all(INPUT.as_bytes())
        .unwrap();
    let started = Instant::now();
    while !names_in(dir).iter().any(|n| n.ends_with(".tmp")) {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

fn temporary_file(dir: &Path) -> std::path::PathBuf {
    let names = names_in(dir);
    dir.join(names.iter().find(|n| n.ends_with(".tmp")).unwrap())
}

#[test]
fn the_temporary_file_is_no_more_readable_than_the_old_and_takes_its_owner() {
    let dir = workplace("mode-owner");
    let old = dir.join("out.parquet");
    fs::set_permissions(&old, fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::chown(&old, Some(65534), Some(65534)).unwrap();
    let mut child = held(&dir, &["export", "-", "-o", "out.parquet", "-q"], || Ok(()));
    let temp = fs::metadata(temporary_file(&dir)).unwrap();
    assert_eq!(temp.mode() & 0o777, 0o600);
    assert_eq!((temp.uid(), temp.gid()), (65534, 65534));
    drop(child.stdin.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
    let new = fs::metadata(&old).unwrap();
    assert_eq!(
        (new.mode() & 0o777, new.uid(), new.gid()),
        (0o600, 65534, 65534)
    );
    assert_ne!(fs::read(&old).unwrap(), OLD);
}

#[test]
fn signals_that_were_ignored_stay_ignored() {
    let dir = workplace("nohup");
    let ignore_hangups = || {
        // SAFETY: `signal` is async-signal-safe.
        unsafe { libc::signal(libc::SIGHUP, libc::SIG_IGN) };
        Ok(())
    };
    let mut child = held(
        &dir,
        &["export", "-", "-o", "out.parquet", "-q"],
        ignore_hangups,
    );
    // SAFETY: sends a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(child.id() as i32, libc::SIGHUP) }, 0);
    std::thread::sleep(Duration::from_millis(300));
    assert!(child.try_wait().unwrap().is_none(), "SIGHUP ended the run");
    drop(child.stdin.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
    assert_eq!(&fs::read(dir.join("out.parquet")).unwrap()[..4], b"PAR1");
}

/// Many alerts, for outputs larger than a pipe's buffer.
fn many_alerts(dir: &Path) -> String {
    let alert =
        r#"{"id":"a","networkConnections":[{"destinationUrl":"https://example.com/a/long/path"}]}"#;
    let path = dir.join("many.json");
    fs::write(&path, format!("{alert}\n").repeat(3000)).unwrap();
    path.to_str().unwrap().to_owned()
}

#[test]
fn a_file_size_limit_is_a_write_error() {
    let dir = workplace("file-size");
    let input = many_alerts(&dir);
    fs::write(dir.join("out.csv"), OLD).unwrap();
    let mut limited = command();
    limited
        .current_dir(&*dir)
        .args(["export", &input, "-o", "out.csv"]);
    // SAFETY: `setrlimit` is async-signal-safe.
    unsafe {
        limited.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 16 * 1024,
                rlim_max: 16 * 1024,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            Ok(())
        })
    };
    let output = limited.output().unwrap();
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert_eq!(
        stderr(&output),
        "msgraph-connections: out.csv: cannot write: File too large (os error 27)\n"
    );
    assert_eq!(fs::read(dir.join("out.csv")).unwrap(), OLD);
    assert_eq!(
        names_in(&dir),
        ["in.json", "many.json", "out.csv", "out.parquet"]
    );
}

#[test]
fn a_non_blocking_standard_output_is_waited_for() {
    let dir = workplace("stdout-nonblocking");
    let input = many_alerts(&dir);
    let (mut reader, writer) = std::io::pipe().unwrap();
    use std::os::fd::AsRawFd;
    // SAFETY: F_SETFL on a descriptor this test owns.
    let set = unsafe { libc::fcntl(writer.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK) };
    assert_eq!(set, 0);
    let mut child = command()
        .args(["export", &input, "-o", "-", "-q"])
        .stdout(writer)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let mut rows = String::new();
    reader.read_to_string(&mut rows).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0));
    assert_eq!(rows.lines().count(), 3001);
}

#[test]
fn a_long_output_name_is_written() {
    let dir = workplace("long-name");
    let name = format!("{}.csv", "x".repeat(250));
    let output = run_to(
        &dir,
        &["export", "in.json", "-o", &name, "-q"],
        Stdio::null(),
    );
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert_eq!(names_in(&dir), ["in.json", "out.parquet", name.as_str()]);
}

/// Opening a named pipe to read waits for a writer: the outputs are
/// checked before, so the same pipe as input and output is refused, not a
/// hang.
#[test]
fn a_named_pipe_that_is_input_and_output_is_refused() {
    let dir = workplace("fifo");
    let made = std::process::Command::new("mkfifo")
        .arg(dir.join("p"))
        .status();
    assert!(made.unwrap().success());
    let mut child = command()
        .current_dir(&*dir)
        .args(["export", "p", "-o", "p", "--format", "csv"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            child.kill().unwrap();
            panic!("the export waits on the pipe");
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "msgraph-connections: -o p: is the input p; nothing was written\n"
    );
}
