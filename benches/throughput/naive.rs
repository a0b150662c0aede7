//! What users would otherwise write: the naive structs, which of them
//! writes the same bytes as this crate on each mix, and the check of it.

use crate::support::mixes::{self, Mix};
use msgraph_network_connection::NetworkConnection;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The struct a user would write in five minutes.
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct Naive {
    #[serde(rename = "@odata.type")]
    odata_type: Option<String>,
    application_name: Option<String>,
    destination_address: Option<String>,
    destination_domain: Option<String>,
    destination_location: Option<String>,
    destination_port: Option<String>,
    destination_url: Option<String>,
    direction: Option<String>,
    domain_registered_date_time: Option<String>,
    local_dns_name: Option<String>,
    nat_destination_address: Option<String>,
    nat_destination_port: Option<String>,
    nat_source_address: Option<String>,
    nat_source_port: Option<String>,
    protocol: Option<String>,
    risk_score: Option<String>,
    source_address: Option<String>,
    source_location: Option<String>,
    source_port: Option<String>,
    status: Option<String>,
    url_parameters: Option<String>,
}

/// [`Naive`] leaving `None` out, as a user would write it for output
/// without nulls: `Naive` writes `null` for every `None`.
#[derive(Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct NaiveSkip {
    #[serde(rename = "@odata.type", skip_serializing_if = "Option::is_none")]
    odata_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    application_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_domain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    destination_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    direction: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    domain_registered_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    local_dns_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_destination_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_destination_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_source_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    nat_source_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    protocol: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    risk_score: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_location: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source_port: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    url_parameters: Option<String>,
}

/// The naive struct borrowing from the input where it can: the floor for
/// a zero-copy design (see the README).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
#[allow(dead_code)]
pub(crate) struct NaiveBorrowed<'a> {
    #[serde(rename = "@odata.type", borrow)]
    odata_type: Option<Cow<'a, str>>,
    #[serde(borrow)]
    application_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_domain: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_location: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_port: Option<Cow<'a, str>>,
    #[serde(borrow)]
    destination_url: Option<Cow<'a, str>>,
    #[serde(borrow)]
    direction: Option<Cow<'a, str>>,
    #[serde(borrow)]
    domain_registered_date_time: Option<Cow<'a, str>>,
    #[serde(borrow)]
    local_dns_name: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nat_destination_address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nat_destination_port: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nat_source_address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    nat_source_port: Option<Cow<'a, str>>,
    #[serde(borrow)]
    protocol: Option<Cow<'a, str>>,
    #[serde(borrow)]
    risk_score: Option<Cow<'a, str>>,
    #[serde(borrow)]
    source_address: Option<Cow<'a, str>>,
    #[serde(borrow)]
    source_location: Option<Cow<'a, str>>,
    #[serde(borrow)]
    source_port: Option<Cow<'a, str>>,
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
    #[serde(borrow)]
    url_parameters: Option<Cow<'a, str>>,
}

/// Which naive struct writes, for a mix, the bytes this crate writes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum NaiveWriter {
    /// [`Naive`]: where every property is there, with a value or `null`.
    Nulls,
    /// [`NaiveSkip`]: where there are no nulls.
    Skip,
}

/// The naive struct that writes the same bytes as this crate on each mix
/// (asserted at startup); `None` where neither can, and no serialize ratio
/// is reported. The corpus has both `null`s and absent properties, which
/// neither keeps apart.
pub(crate) fn naive_writer(mix: &str) -> Option<NaiveWriter> {
    match mix {
        "realistic" | "null-free" => Some(NaiveWriter::Nulls),
        "timestamps" | "sparse" => Some(NaiveWriter::Skip),
        _ => None,
    }
}

/// What `T` writes after reading `json`: the naive structs get the same
/// data as this crate.
pub(crate) fn rewritten<T: DeserializeOwned + Serialize>(json: &str) -> String {
    let parsed: Vec<T> = serde_json::from_str(json).unwrap();
    serde_json::to_string(&parsed).unwrap()
}

/// Checks a mix before it is measured: this crate writes it back byte for
/// byte; the sparse mix reads back as the builder built it; the naive
/// struct of [`naive_writer`] writes the same bytes, and where there is
/// none, neither does. Returns, for the table, what each naive struct
/// writes where neither matches.
pub(crate) fn check(mix: &Mix) -> Option<(usize, usize)> {
    let ours: Vec<NetworkConnection> = serde_json::from_str(&mix.json).unwrap();
    let written = serde_json::to_string(&ours).unwrap();
    assert!(
        written == mix.json,
        "{}: this crate must write the input back byte for byte",
        mix.name
    );
    if mix.name == "sparse" {
        assert!(
            ours == mixes::sparse_connections(),
            "sparse: reads back as built"
        );
    }
    let with_nulls = rewritten::<Naive>(&mix.json);
    let skipping = rewritten::<NaiveSkip>(&mix.json);
    match naive_writer(mix.name) {
        Some(NaiveWriter::Nulls) => {
            assert!(
                with_nulls == written,
                "{}: naive must write the same bytes",
                mix.name
            );
            None
        }
        Some(NaiveWriter::Skip) => {
            assert!(
                skipping == written,
                "{}: naive (skipping None) must write the same bytes",
                mix.name
            );
            None
        }
        None => {
            assert!(
                with_nulls != written && skipping != written,
                "{}: a naive struct writes the same bytes; claim it in naive_writer",
                mix.name
            );
            Some((with_nulls.len(), skipping.len()))
        }
    }
}
