//! What the benchmarks share.

/// Median time of a benchmark, from criterion's report: the median is
/// steadier than the mean on a shared machine.
pub fn median_ns(group: &str, id: &str) -> f64 {
    let dir = std::env::var("CARGO_TARGET_DIR")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/target").into());
    let path = format!("{dir}/criterion/{group}/{id}/new/estimates.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let estimates: serde_json::Value = serde_json::from_str(&text).unwrap();
    estimates["median"]["point_estimate"].as_f64().unwrap()
}

// Only the throughput benchmark (and the sonic-rs reference) use the mixes.
#[allow(dead_code)]
pub mod mixes;
