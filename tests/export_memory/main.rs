//! Peak memory of `msgraph-connections export` on generated inputs piped
//! to it: a page of 4 MB alerts, one alert of millions of connections, and
//! partitioned tables of unsorted alerts (`partitioned`).
//! The child's peak RSS is the kernel's own count (`ru_maxrss`, see
//! [`PEAK_OF`]). Each test runs at a reduced size and, ignored by default,
//! at the full size:
//!
//! ```sh
//! cargo test --release --features cli --test export_memory -- --ignored --test-threads 1
//! ```
//!
//! Also here, as they need a process of their own: a failed allocation
//! for an alert's bytes is an error, and threads that cannot be started
//! are done without.

mod partitioned;

use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::read_chunks;
use std::alloc::{GlobalAlloc, Layout, System};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const MIB: u64 = 1 << 20;

/// A connection with every property, as Graph writes them.
const CONNECTION: &str = r#"{"applicationName":null,"destinationAddress":"10.0.0.4","destinationDomain":null,"destinationLocation":null,"destinationPort":"514","destinationUrl":null,"direction":"inbound","domainRegisteredDateTime":"2017-01-01T00:01:30.7098297Z","localDnsName":null,"natDestinationAddress":null,"natDestinationPort":null,"natSourceAddress":null,"natSourcePort":null,"protocol":"tcp","riskScore":"0.83","sourceAddress":"52.214.204.49","sourceLocation":"Dublin, Dublin, IE","sourcePort":"49152","status":"blocked","urlParameters":null}"#;

/// `count` alerts of `size` bytes each (a long description and three
/// connections) in one page, written as they are generated.
fn page_of_large_alerts(out: &mut dyn Write, count: usize, size: usize) -> std::io::Result<()> {
    out.write_all(br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/alerts","value":["#)?;
    let connections = [CONNECTION; 3].join(",");
    for i in 0..count {
        let head = format!(r#"{{"id":"alert-{i:03}","description":""#);
        let tail = format!(r#"","networkConnections":[{connections}]}}"#);
        let fill = size - head.len() - tail.len();
        out.write_all(if i == 0 { b"" } else { b"," })?;
        out.write_all(head.as_bytes())?;
        out.write_all(&vec![b'x'; fill])?;
        out.write_all(tail.as_bytes())?;
    }
    out.write_all(b"]}\n")
}

/// One alert of `count` empty connections (three bytes each).
fn alert_of_many_connections(out: &mut dyn Write, count: usize) -> std::io::Result<()> {
    out.write_all(br#"{"id":"huge","networkConnections":[{}"#)?;
    let many = b",{}".repeat(64 * 1024);
    let mut left = count - 1;
    while left > 0 {
        let n = left.min(64 * 1024);
        out.write_all(&many[..n * 3])?;
        left -= n;
    }
    out.write_all(b"]}\n")
}

/// How a child ended: its exit code (`None` when a signal ended it), and
/// what it wrote.
struct Ended {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `command` with `input` written to its standard input, killing it
/// after `limit`.
fn run(
    mut command: Command,
    input: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'static,
    limit: Duration,
) -> Ended {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the command starts");
    let mut stdin = child.stdin.take().expect("piped");
    let writer = std::thread::spawn(move || {
        // The child may end early (a failed test); what it wrote says why.
        let _ = input(&mut std::io::BufWriter::new(&mut stdin));
    });
    let text = |mut out: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = out.read_to_string(&mut text);
            text
        })
    };
    let stdout = text(Box::new(child.stdout.take().expect("piped")));
    let stderr = text(Box::new(child.stderr.take().expect("piped")));
    let deadline = Instant::now() + limit;
    let status = loop {
        if let Some(status) = child.try_wait().expect("waits") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    writer.join().expect("the writer ends");
    Ended {
        code: status.code(),
        stdout: stdout.join().expect("read"),
        stderr: stderr.join().expect("read"),
    }
}

/// Runs the program and arguments given after it, prints its peak RSS in
/// KiB, and exits as it did. The kernel's count of a process's peak
/// (`ru_maxrss`) takes in the memory of the process it was started from,
/// up to its `exec`: started from this test's process, it would count the
/// test's; started from a small Python process, it counts that one's
/// (about 10 MiB) at most.
const PEAK_OF: &str = r#"
import os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.argv[1], sys.argv[1:])
_, status, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
sys.exit(os.waitstatus_to_exitcode(status) % 256)
"#;

/// The rows of the Parquet file `path`.
fn rows_of(path: &Path) -> i64 {
    let file = std::fs::File::open(path).expect("the file is written");
    let reader = parquet::file::reader::SerializedFileReader::new(file).expect("Parquet");
    parquet::file::reader::FileReader::metadata(&reader)
        .file_metadata()
        .num_rows()
}

/// Exports what `input` writes on `threads` threads to `out`, with `more`
/// arguments; checks that it ends with exit 0 and says nothing, and
/// returns its peak RSS in bytes.
fn peak_of_export(
    what: &str,
    threads: usize,
    input: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'static,
    out: &Path,
    more: &[&str],
) -> u64 {
    let mut command = Command::new("python3");
    command.args(["-c", PEAK_OF, env!("CARGO_BIN_EXE_msgraph-connections")]);
    command.args(["export", "-", "--quiet", "--threads", &threads.to_string()]);
    command.args(more).arg("-o").arg(out);
    let ended = run(command, input, Duration::from_secs(600));
    let peak_kib: Option<u64> = ended.stdout.trim().parse().ok();
    let peak = peak_kib.map_or(u64::MAX, |kib| kib * 1024);
    eprintln!(
        "{what}, {threads} threads: peak RSS {:.1} MiB",
        peak as f64 / MIB as f64
    );
    assert_eq!((ended.code, ended.stderr.as_str()), (Some(0), ""), "{what}");
    peak
}

/// Exports what `input` writes on `threads` threads; checks the file's row
/// count and the export's peak RSS.
fn export_within(
    what: &str,
    threads: usize,
    input: impl FnOnce(&mut dyn Write) -> std::io::Result<()> + Send + 'static,
    rows: i64,
    peak_mib: u64,
) {
    let out = std::env::temp_dir().join(format!(
        "export-memory-{}-{threads}-{rows}.parquet",
        std::process::id()
    ));
    let peak = peak_of_export(what, threads, input, &out, &[]);
    let written = rows_of(&out);
    std::fs::remove_file(&out).expect("removed");
    assert_eq!(written, rows, "{what}");
    assert!(peak < peak_mib * MIB, "{what}: peak RSS {peak} bytes");
}

#[test]
fn a_page_of_25_alerts_of_4_mb_is_exported_in_bounded_memory() {
    let input = |out: &mut dyn Write| page_of_large_alerts(out, 25, 4_000_000);
    export_within("a page of 25 alerts of 4 MB", 2, input, 75, 64);
}

#[test]
#[ignore = "exports 400 MB; run with --ignored"]
fn a_page_of_100_alerts_of_4_mb_is_exported_in_bounded_memory() {
    for threads in [1, 2] {
        let input = |out: &mut dyn Write| page_of_large_alerts(out, 100, 4_000_000);
        export_within("a page of 100 alerts of 4 MB", threads, input, 300, 64);
    }
}

#[test]
fn an_alert_of_a_million_connections_is_exported_in_bounded_memory() {
    let input = |out: &mut dyn Write| alert_of_many_connections(out, 1_000_000);
    export_within("one alert of 1M connections", 2, input, 1_000_000, 64);
}

#[test]
#[ignore = "exports 10 million rows; run with --ignored"]
fn an_alert_of_ten_million_connections_is_exported_in_bounded_memory() {
    for threads in [1, 2] {
        let input = |out: &mut dyn Write| alert_of_many_connections(out, 10_000_000);
        export_within(
            "one alert of 10M connections",
            threads,
            input,
            10_000_000,
            512,
        );
    }
}

/// This binary's allocator: the system's, refusing allocations of one
/// size when a test asks, as an allocator out of memory would.
struct Refusing;

/// The size refused; 0 for none (nothing asks for 0 bytes).
static REFUSED: AtomicUsize = AtomicUsize::new(0);

// SAFETY: the system allocator's own, or a null pointer (a refusal).
unsafe impl GlobalAlloc for Refusing {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match layout.size() == REFUSED.load(Ordering::Relaxed) {
            true => std::ptr::null_mut(),
            false => unsafe { System.alloc(layout) },
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        match new_size == REFUSED.load(Ordering::Relaxed) {
            true => std::ptr::null_mut(),
            false => unsafe { System.realloc(ptr, layout, new_size) },
        }
    }
}

#[global_allocator]
static ALLOCATOR: Refusing = Refusing;

/// What `read_chunks` gives for `input` on `threads` threads while
/// allocations of `refused` bytes are refused: alerts, rows, rejects.
fn read_refusing(input: &[u8], refused: usize, threads: usize) -> (usize, usize, Vec<String>) {
    let (mut alerts, mut rows, mut rejects) = (0, 0, Vec::new());
    REFUSED.store(refused, Ordering::Relaxed);
    read_chunks(AlertReader::new(input), threads, |chunk| {
        alerts += chunk.alerts;
        rows += chunk.batch.num_rows();
        for reject in chunk.rejected {
            let text = reject.text.map(|text| text.len());
            rejects.push(format!("{} (text: {text:?})", reject.error));
        }
        Ok::<(), ()>(())
    })
    .expect("the sink takes every chunk");
    REFUSED.store(0, Ordering::Relaxed);
    (alerts, rows, rejects)
}

/// An alert of exactly `size` bytes with one connection, its `id` written
/// as `id`.
fn alert_of(size: usize, id: &str) -> String {
    let head = format!(r#"{{"id":{id},"networkConnections":[{{}}],"description":""#);
    format!("{head}{}\"}}", "x".repeat(size - head.len() - 2))
}

#[test]
fn a_refused_allocation_for_an_alert_is_an_error_that_ends_the_reading() {
    let (a, c) = (alert_of(100, r#""a""#), alert_of(100, r#""c""#));
    // A page over 8 MB is read in order, each alert copied out of the
    // reader as it is found; an NDJSON line under 8 MB is read in a block,
    // and copied out of the block's reader only when the typed path reads
    // it (here for its `id` of the wrong type).
    let (page, ndjson) = (9_000_001, 3_000_001);
    let inputs = [
        (
            format!(r#"{{"value":[{a},{},{c}]}}"#, alert_of(page, r#""b""#)),
            page,
        ),
        (format!("{a}\n{}\n{c}\n", alert_of(ndjson, "1")), ndjson),
    ];
    for (input, big) in inputs {
        let expected = format!("I/O error: cannot hold {big} bytes of input (text: None)");
        for threads in [1, 2] {
            let read = read_refusing(input.as_bytes(), big, threads);
            assert_eq!(read, (1, 1, vec![expected.clone()]), "{threads} threads");
        }
    }
}

/// Set in the child process of the test below.
const CHILD: &str = "EXPORT_MEMORY_THREADS_CHILD";

/// A field of this process's `/proc/self/status`, a number.
fn status(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("status");
    let line = status.lines().find(|l| l.starts_with(field)).expect(field);
    let value = line[field.len()..].split_whitespace().next().expect(field);
    value.parse().expect("a number")
}

unsafe extern "C" {
    fn setrlimit(resource: i32, limit: *const [u64; 2]) -> i32;
}

/// Leaves this process room for `bytes` more of address space: thread
/// stacks are mapped there, and a thread that finds no room is not started.
/// Allocations are served by memory the allocator already holds: run with
/// one arena, no trimming and no mapping of blocks under 32 MiB, after
/// [`HEAP`] was allocated and freed.
fn limit_address_space(bytes: u64) {
    const RLIMIT_AS: i32 = 9;
    let limit = status("VmSize:") * 1024 + bytes;
    // SAFETY: a pointer to a live `struct rlimit` (soft and hard limits).
    assert_eq!(unsafe { setrlimit(RLIMIT_AS, &[limit, limit]) }, 0);
}

/// Memory the allocator is made to hold before the address space is
/// limited.
const HEAP: usize = 64 << 20;

#[test]
fn threads_that_cannot_start_are_done_without() {
    const NAME: &str = "threads_that_cannot_start_are_done_without";
    if std::env::var_os(CHILD).is_some() {
        drop((0..64).map(|_| vec![0u8; HEAP / 64]).collect::<Vec<_>>());
        // Several blocks of NDJSON, asked of a thousand threads with room
        // for the stacks (2 MiB each) of about thirty.
        let line = format!(
            "{{\"id\":\"a\",\"networkConnections\":[{}]}}\n",
            [CONNECTION; 3].join(",")
        );
        let input = line.repeat(2000);
        limit_address_space(64 << 20);
        let (mut alerts, mut rows, mut threads) = (0, 0, 0);
        read_chunks(AlertReader::new(input.as_bytes()), 1000, |chunk| {
            (alerts, rows) = (alerts + chunk.alerts, rows + chunk.batch.num_rows());
            threads = threads.max(status("Threads:"));
            Ok::<(), ()>(())
        })
        .expect("the sink takes every chunk");
        eprintln!("read {alerts} alerts, {rows} rows");
        eprintln!("threads {threads}");
        return;
    }
    let mut command = Command::new(std::env::current_exe().expect("this test's binary"));
    command
        .args(["--exact", NAME, "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .env("MALLOC_ARENA_MAX", "1")
        .env("MALLOC_TRIM_THRESHOLD_", "1073741824")
        .env("MALLOC_MMAP_THRESHOLD_", "33554432");
    let ended = run(command, |_| Ok(()), Duration::from_secs(120));
    let threads: Option<usize> = ended
        .stderr
        .lines()
        .find_map(|line| line.strip_prefix("threads ")?.parse().ok());
    assert!(
        ended
            .stderr
            .lines()
            .any(|line| line == "read 2000 alerts, 6000 rows"),
        "{}",
        ended.stderr
    );
    assert_eq!(ended.code, Some(0), "{}", ended.stderr);
    assert!(
        // This test's two threads, the splitter's, workers, not all.
        threads.is_some_and(|n| n > 3 && n < 1000),
        "{}",
        ended.stderr
    );
}
