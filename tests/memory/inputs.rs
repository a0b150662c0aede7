//! Inputs generated as they are read, so that only the reader's own
//! memory counts: Graph-shaped alerts as a page or NDJSON, and parts
//! repeated many times.

use std::io::Read;

/// One alert, as Graph writes it: every connection property, mostly null.
const ALERT: &str = r#"{"id":"ID","azureTenantId":"b8e1599d-b418-4be9-8f39-df03c3abe27a","category":"Network_TrafficFromUnrecommendedIP","createdDateTime":"2022-04-11T17:03:34.0185371Z","description":"Traffic from IP addresses that are not recommended","severity":"medium","status":"newAlert","title":"Traffic from unrecommended IP addresses was detected","vendorInformation":{"provider":"ASC","providerVersion":null,"subProvider":null,"vendor":"Microsoft"},"networkConnections":[CONNECTION,CONNECTION,CONNECTION]}"#;
const CONNECTION: &str = r#"{"applicationName":null,"destinationAddress":"10.0.0.4","destinationDomain":null,"destinationLocation":null,"destinationPort":"514","destinationUrl":null,"direction":"inbound","domainRegisteredDateTime":"2017-01-01T00:01:30.7098297Z","localDnsName":null,"natDestinationAddress":null,"natDestinationPort":null,"natSourceAddress":null,"natSourcePort":null,"protocol":"tcp","riskScore":"0.83","sourceAddress":"52.214.204.49","sourceLocation":"Dublin, Dublin, IE","sourcePort":"49152","status":"blocked","urlParameters":null}"#;

/// Generates `count` alerts as a page or NDJSON without holding them.
pub(crate) struct Generated {
    alert: Vec<u8>,
    count: usize,
    page: bool,
    emitted: usize,
    pending: Vec<u8>,
    offset: usize,
}

impl Generated {
    pub(crate) fn new(count: usize, page: bool) -> Self {
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

    pub(crate) fn total_len(count: usize, page: bool) -> usize {
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
        Ok(serve(&self.pending, &mut self.offset, buf))
    }
}

/// Copies what `buf` takes of `pending` from `offset` on, moving it on.
fn serve(pending: &[u8], offset: &mut usize, buf: &mut [u8]) -> usize {
    let n = buf.len().min(pending.len() - *offset);
    buf[..n].copy_from_slice(&pending[*offset..*offset + n]);
    *offset += n;
    n
}

/// Input made of parts, each repeated, generated as it is read.
pub(crate) struct Parts {
    parts: Vec<(Vec<u8>, usize)>,
    part: usize,
    repeated: usize,
    offset: usize,
}

impl Parts {
    pub(crate) fn new(parts: &[(&[u8], usize)]) -> Self {
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

/// A page of `count` alerts of about `size` bytes each, generated as it is
/// read: three connections and a description of random letters, which no
/// compression shrinks much, so that what a writer holds is what it is
/// given.
#[cfg(feature = "parquet")]
pub(crate) struct RandomAlerts {
    count: usize,
    size: usize,
    emitted: usize,
    pending: Vec<u8>,
    offset: usize,
    state: u64,
}

#[cfg(feature = "parquet")]
impl RandomAlerts {
    pub(crate) fn new(count: usize, size: usize) -> Self {
        let head = br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/alerts","value":["#;
        RandomAlerts {
            count,
            size,
            emitted: 0,
            pending: head.to_vec(),
            offset: 0,
            state: 0x9e37_79b9_7f4a_7c15,
        }
    }

    fn refill(&mut self) -> bool {
        self.pending.clear();
        self.offset = 0;
        if self.emitted > self.count {
            return false;
        }
        if self.emitted == self.count {
            self.pending.extend_from_slice(b"]}\n");
            self.emitted += 1;
            return true;
        }
        let connections = [CONNECTION; 3].join(",");
        let comma = if self.emitted == 0 { "" } else { "," };
        let head = format!(r#"{comma}{{"id":"alert-{}","description":""#, self.emitted);
        let tail = format!(r#"","severity":"high","networkConnections":[{connections}]}}"#);
        self.pending.extend_from_slice(head.as_bytes());
        let letters = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for _ in 0..self.size.saturating_sub(head.len() + tail.len()) {
            self.state ^= self.state << 13;
            self.state ^= self.state >> 7;
            self.state ^= self.state << 17;
            self.pending.push(letters[(self.state >> 58) as usize]);
        }
        self.pending.extend_from_slice(tail.as_bytes());
        self.emitted += 1;
        true
    }
}

#[cfg(feature = "parquet")]
impl Read for RandomAlerts {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.offset == self.pending.len() && !self.refill() {
            return Ok(0);
        }
        Ok(serve(&self.pending, &mut self.offset, buf))
    }
}
