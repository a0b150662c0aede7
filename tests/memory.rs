//! Peak memory of the streaming reader on a generated input of 200 MB and
//! more, as a page and as NDJSON. Ignored by default (it takes a while):
//!
//! ```sh
//! cargo test --release --test memory -- --ignored --test-threads 1
//! ```

use msgraph_network_connection::AlertReader;
use std::io::Read;

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

/// Peak resident memory of this process so far, in bytes.
fn peak_rss() -> usize {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let line = status.lines().find(|l| l.starts_with("VmHWM:")).unwrap();
    let kib: usize = line.split_whitespace().nth(1).unwrap().parse().unwrap();
    kib * 1024
}

fn check(page: bool) {
    let alerts = 100_000;
    let bytes = Generated::total_len(alerts, page);
    assert!(bytes >= 200_000_000, "only {bytes} bytes");
    let mut connections = 0;
    for item in AlertReader::new(Generated::new(alerts, page)).connections() {
        let item = item.unwrap();
        assert!(item.alert_id.is_some());
        connections += 1;
    }
    assert_eq!(connections, alerts * 3);
    let peak = peak_rss();
    eprintln!(
        "{} of {bytes} bytes: peak RSS {:.1} MiB",
        if page { "page" } else { "NDJSON" },
        peak as f64 / (1 << 20) as f64
    );
    assert!(peak < 64 << 20, "peak RSS {peak} bytes");
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn a_200_mb_page_streams_in_small_memory() {
    check(true);
}

#[test]
#[ignore = "reads 400 MB; run with --ignored"]
fn a_200_mb_ndjson_file_streams_in_small_memory() {
    check(false);
}
