//! The inputs: exports of alerts for streaming, and the mixes by name.

use crate::support::mixes;

/// An alert around three connections, for the streaming inputs.
fn alert(i: usize) -> String {
    format!(
        concat!(
            r#"{{"id":"alert-{}","azureTenantId":"b8e1599d-b418-4be9-8f39-df03c3abe27a","category":"Network_TrafficFromUnrecommendedIP","#,
            r#""createdDateTime":"2022-04-11T17:03:34.0185371Z","severity":"medium","status":"newAlert","tags":[],"#,
            r#""title":"Traffic from unrecommended IP addresses was detected","vendorInformation":{{"provider":"ASC","#,
            r#""providerVersion":null,"subProvider":null,"vendor":"Microsoft"}},"networkConnections":[{},{},{}]}}"#
        ),
        i,
        mixes::connection(3 * i, true),
        mixes::connection(3 * i + 1, true),
        mixes::connection(3 * i + 2, false),
    )
}

/// About 200 MB of alerts: as one page, and as NDJSON.
pub(crate) fn exports(size: usize) -> (Vec<u8>, Vec<u8>) {
    let mut page = br#"{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#security/alerts","value":["#.to_vec();
    let mut ndjson = Vec::new();
    let mut i = 0;
    while ndjson.len() < size {
        let alert = alert(i);
        if i > 0 {
            page.push(b',');
        }
        page.extend_from_slice(alert.as_bytes());
        ndjson.extend_from_slice(alert.as_bytes());
        ndjson.push(b'\n');
        i += 1;
    }
    page.extend_from_slice(b"]}");
    (page, ndjson)
}

pub(crate) fn data_dir() -> &'static std::path::Path {
    std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data"))
}

/// The JSON of one mix, reading the data files only for the corpus.
pub(crate) fn mix_json(name: &str) -> String {
    let data = if name == "corpus" {
        mixes::read_data_files(data_dir())
    } else {
        Vec::new()
    };
    mixes::mix(name, &data).json
}
