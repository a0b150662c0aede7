//! Peak memory of the streaming reader on generated inputs: pages and
//! NDJSON, whitespace runs, huge page properties, alerts over the limit and
//! one huge alert read as connections. Each test comes at the full size of
//! 150 to 400 MB and at a quarter of it (`..._reduced`, with bounds that
//! holding the input would break), which `.ci/run` runs; both are ignored
//! by default (they take a while):
//!
//! ```sh
//! cargo test --release --test memory -- --ignored --test-threads 1
//! cargo test --test memory -- --ignored _reduced
//! ```
//!
//! Each test resets the peak before it starts, and they run one at a time
//! (the peak is the process's).

use msgraph_network_connection::AlertReader;
use std::io::Read;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Held by each measured test.
static MEASURING: Mutex<()> = Mutex::new(());

fn measuring() -> MutexGuard<'static, ()> {
    MEASURING.lock().unwrap_or_else(PoisonError::into_inner)
}

/// One alert, as Graph writes it: every connection property, mostly null.
const ALERT: &str = r#"{"id":"ID","azureTenantId":"b8e1599d-b418-4be9-8f39-df03c3abe27a","category":"Network_TrafficFromUnrecommendedIP","createdDateTime":"2022-04-11T17:03:34.0185371Z","description":"Traffic from IP addresses that are not recommended","severity":"medium","status":"newAlert","title":"Traffic from unrecommended IP addresses was detected","vendorInformation":{"provider":"ASC","providerVersion":null,"subProvider":null,"vendor":"Microsoft"},"networkConnections":[CONNECTION,CONNECTION,CONNECTION]}"#;
const CONNECTION: &str = r#"{"applicationName":null,"destinationAddress":"10.0.0.4","destinationDomain":null,"destinationLocation":null,"destinationPort":"514","destinationUrl":null,"direction":"inbound","domainRegisteredDateTime":"2017-01-01T00:01:30.7098297Z","localDnsName":null,"natDestinationAddress":null,"natDestinationPort":null,"natSourceAddress":null,"natSourcePort":null,"protocol":"tcp","riskScore":"0.83","sourceAddress":"52.214.204.49","sourceLocation":"Dublin, Dublin, IE","sourcePort":"49152","status":"blocked","urlParameters":null}"#;

/// Generates `count` alerts as a page or NDJSON without holding them.
struct Generated {
    alert: Vec<u8>,
    count: usize,
    page: bool,
    emitted: usize,
    pending: Vec<u8>,
    offset: usize,
}

impl Generated {
    fn new(count: usize, page: bool) -> Self {
        let alert = ALERT.replace("CONNECTION", CONNECTION).into_bytes();
        let head = if page {
            br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/alerts","value":["#.to_vec()
        } else {
            Vec::new()
        };
        Generated {
            alert,
            count,
            page,
            emitted: 0,
            pending: head,
            offset: 0,
        }
    }

    fn refill(&mut self) -> bool {
        self.pending.clear();
        self.offset = 0;
        if self.emitted == self.count {
            if self.page {
                self.page = false;
                self.pending.extend_from_slice(b"]}");
                return true;
            }
            return false;
        }
        if self.emitted > 0 && self.page {
            self.pending.push(b',');
        }
        let id = format!("alert-{}", self.emitted);
        let alert = String::from_utf8_lossy(&self.alert).replacen("ID", &id, 1);
        self.pending.extend_from_slice(alert.as_bytes());
        if !self.page {
            self.pending.push(b'\n');
        }
        self.emitted += 1;
        true
    }

    fn total_len(count: usize, page: bool) -> usize {
        let mut generated = Generated::new(count, page);
        let mut total = 0;
        let mut buf = vec![0; 1 << 16];
        while let Ok(n @ 1..) = generated.read(&mut buf) {
            total += n;
        }
        total
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.offset == self.pending.len() && !self.refill() {
            return Ok(0);
        }
        let n = buf.len().min(self.pending.len() - self.offset);
        buf[..n].copy_from_slice(&self.pending[self.offset..self.offset + n]);
        self.offset += n;
        Ok(n)
    }
}

/// Input made of parts, each repeated, generated as it is read.
struct Parts {
    parts: Vec<(Vec<u8>, usize)>,
    part: usize,
    repeated: usize,
    offset: usize,
}

impl Parts {
    fn new(parts: &[(&[u8], usize)]) -> Self {
        Parts {
            parts: parts.iter().map(|(b, n)| (b.to_vec(), *n)).collect(),
            part: 0,
            repeated: 0,
            offset: 0,
        }
    }
}

impl Read for Parts {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let mut written = 0;
        while written < buf.len() && self.part < self.parts.len() {
            let (bytes, times) = &self.parts[self.part];
            if self.repeated == *times {
                (self.part, self.repeated, self.offset) = (self.part + 1, 0, 0);
                continue;
            }
            let n = (buf.len() - written).min(bytes.len() - self.offset);
            buf[written..written + n].copy_from_slice(&bytes[self.offset..self.offset + n]);
            (written, self.offset) = (written + n, self.offset + n);
            if self.offset == bytes.len() {
                (self.repeated, self.offset) = (self.repeated + 1, 0);
            }
        }
        Ok(written)
    }
}

/// Forgets the peak so far, so that each test measures its own; returns
/// the resident memory now, which what an earlier test left behind in
/// the allocator counts in.
fn reset_peak_rss() -> usize {
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    status_kib("VmRSS:") * 1024
}

fn status_kib(field: &str) -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with(field)).unwrap();
    line.split_whitespace().nth(1).unwrap().parse().unwrap()
}

/// Reads `input` as alerts (or connections), and checks what came out and
/// the peak resident memory while reading.
fn read_within(
    what: &str,
    reader: AlertReader<Parts>,
    connections: bool,
    expected: &[&str],
    peak_mib: usize,
) {
    let _alone = measuring();
    let before = reset_peak_rss();
    let items: Vec<String> = if connections {
        let mut count = 0;
        let mut out = Vec::new();
        for item in reader.connections() {
            match item {
                Ok(c) => {
                    count += 1;
                    if count == 1 {
                        out.push(format!("first of {}", c.alert_id.unwrap_or_default()));
                    }
                }
                Err(e) => out.push(format!("error: {e}")),
            }
        }
        out.push(format!("{count} connections"));
        out
    } else {
        reader
            .map(|item| match item {
                Ok(alert) => format!("alert {}", alert.id.unwrap_or_default()),
                Err(e) => format!("error: {e}"),
            })
            .collect()
    };
    let peak = peak_rss().saturating_sub(before);
    eprintln!(
        "{what}: peak RSS {:.1} MiB over the start",
        peak as f64 / (1 << 20) as f64
    );
    assert_eq!(items, expected, "{what}");
    assert!(peak < peak_mib << 20, "{what}: peak RSS {peak} bytes");
}

const MB: usize = 1_000_000;

/// The full size, and the reduced one that runs by default.
const FULL: usize = 4;
const REDUCED: usize = 1;

#[test]
#[ignore = "reads 200 MB; run with --ignored"]
fn whitespace_between_alerts_is_not_held() {
    whitespace_between_alerts(FULL);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn whitespace_between_alerts_is_not_held_reduced() {
    whitespace_between_alerts(REDUCED);
}

fn whitespace_between_alerts(quarters: usize) {
    let input = Parts::new(&[
        (br#"{"id":"a"}"#, 1),
        (b" \n\t\r", quarters * 25 * MB / 2),
        (br#"{"id":"b"}"#, 1),
    ]);
    read_within(
        &format!("{} MB of whitespace", quarters * 50),
        AlertReader::new(input),
        false,
        &["alert a", "alert b"],
        16,
    );
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn a_huge_page_link_is_checked_without_holding_it() {
    a_huge_page_link(FULL);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn a_huge_page_link_is_checked_without_holding_it_reduced() {
    a_huge_page_link(REDUCED);
}

fn a_huge_page_link(quarters: usize) {
    let link: &[u8] = b"https://graph.microsoft.com/";
    let times = quarters * 7 * MB / 4;
    let mb = link.len() * times / MB;
    // After `value`, a link of any length streams past.
    let input = Parts::new(&[
        (br#"{"value":[{"id":"a"}],"@odata.nextLink":""#, 1),
        (link, times),
        (b"\"}\n{\"id\":\"b\"}", 1),
    ]);
    read_within(
        &format!("a {mb} MB nextLink after value"),
        AlertReader::new(input),
        false,
        &["alert a", "alert b"],
        16,
    );
    // Before `value` the object could still be an alert, so it is held up
    // to the limit, then let go with an error naming the limit.
    let input = Parts::new(&[
        (br#"{"@odata.nextLink":""#, 1),
        (link, times),
        (br#"","value":[{"id":"a"}]}"#, 1),
    ]);
    read_within(
        &format!("a {mb} MB nextLink before value"),
        AlertReader::new(input).with_max_alert_size(1 << 20),
        false,
        &[
            "error: the page's properties before `value` are over the limit of 1048576 bytes (max_alert_size) at line 1 column 1",
            "alert a",
        ],
        16,
    );
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn alerts_over_the_limit_are_refused_without_holding_them() {
    alerts_over_the_limit(FULL, 64 << 20, 96);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn alerts_over_the_limit_are_refused_without_holding_them_reduced() {
    alerts_over_the_limit(REDUCED, 16 << 20, 32);
}

fn alerts_over_the_limit(quarters: usize, limit: usize, peak_mib: usize) {
    let (big, endless) = (quarters * 5 * MB, quarters * 25 * MB);
    let input = Parts::new(&[
        (br#"{"id":"big","x":""#, 1),
        (b"0123456789", big),
        (b"\"}\n{\"id\":\"after\"}\n", 1),
        // An alert that never ends: cut off by the end of the input.
        (br#"{"id":"endless","x":["#, 1),
        (b"1,", endless),
    ]);
    read_within(
        &format!(
            "a {} MB alert and a {} MB unterminated one",
            big / MB * 10,
            endless / MB * 2
        ),
        AlertReader::new(input).with_max_alert_size(limit),
        false,
        &[
            &format!(
                "error: the alert is {} bytes, over the limit of {limit} (max_alert_size) at line 1 column 1",
                big * 10 + 19
            ),
            "alert after",
            &format!(
                "error: unexpected end of input at line 3 column {}, in the value that starts at line 3 column 1",
                endless * 2 + 22
            ),
        ],
        peak_mib,
    );
}

#[test]
#[ignore = "reads 150 MB; run with --ignored"]
fn a_huge_alert_hands_out_connections_one_at_a_time() {
    a_huge_alert(FULL, 400);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn a_huge_alert_hands_out_connections_one_at_a_time_reduced() {
    a_huge_alert(REDUCED, 100);
}

fn a_huge_alert(quarters: usize, peak_mib: usize) {
    let count = quarters * 1_000_000;
    let input = Parts::new(&[
        (
            br#"{"networkConnections":[{"protocol":"tcp","sourcePort":"443"}"#,
            1,
        ),
        (br#",{"protocol":"tcp","sourcePort":"443"}"#, count - 1),
        (br#"],"id":"huge"}"#, 1),
    ]);
    read_within(
        &format!("one {} MB alert with {count} connections", count * 38 / MB),
        AlertReader::new(input).with_max_alert_size(256 << 20),
        true,
        &["first of huge", &format!("{count} connections")],
        peak_mib,
    );
}

/// Peak resident memory of this process since the last reset, in bytes.
fn peak_rss() -> usize {
    status_kib("VmHWM:") * 1024
}

fn check(page: bool, alerts: usize, peak_mib: usize) {
    let _alone = measuring();
    let before = reset_peak_rss();
    let bytes = Generated::total_len(alerts, page);
    assert!(bytes >= alerts * 2000, "only {bytes} bytes");
    let mut connections = 0;
    for item in AlertReader::new(Generated::new(alerts, page)).connections() {
        let item = item.unwrap();
        assert!(item.alert_id.is_some());
        connections += 1;
    }
    assert_eq!(connections, alerts * 3);
    let peak = peak_rss().saturating_sub(before);
    eprintln!(
        "{} of {bytes} bytes: peak RSS {:.1} MiB over the start",
        if page { "page" } else { "NDJSON" },
        peak as f64 / (1 << 20) as f64
    );
    assert!(peak < peak_mib << 20, "peak RSS {peak} bytes");
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn a_200_mb_page_streams_in_small_memory() {
    check(true, 100_000, 64);
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn a_200_mb_ndjson_file_streams_in_small_memory() {
    check(false, 100_000, 64);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn a_200_mb_page_streams_in_small_memory_reduced() {
    check(true, 25_000, 16);
}

#[test]
#[ignore = "reduced size: .ci/run runs it"]
fn a_200_mb_ndjson_file_streams_in_small_memory_reduced() {
    check(false, 25_000, 16);
}
