//! What an object without `id` or `networkConnections` is, said in the
//! error that refuses it as an alert: a Graph error response, a `$batch`
//! response, a page where an alert was expected, or an object of no
//! known kind. Read as an alert it would be an alert without connections,
//! and the connections inside the last two would be lost without a word.

use serde_json::{Map, Value};

/// The properties that tell what an object that is not an alert is: they
/// are kept while it is read, even when other unknown properties are not.
pub(crate) const TELLING: [&str; 3] = ["error", "responses", "value"];

/// Why an object with neither `id` nor `networkConnections` is not an
/// alert, from its [`TELLING`] properties in `kept`.
pub(crate) fn message(kept: &Map<String, Value>) -> String {
    if let Some(Value::Object(error)) = kept.get("error") {
        return format!(
            "a Graph error response, not an alert: {}: {}",
            text(error, "code"),
            text(error, "message")
        );
    }
    if let Some(Value::Array(_)) = kept.get("responses") {
        return "a `$batch` response, not an alert: read each response's `body` on its own"
            .to_owned();
    }
    if let Some(Value::Array(_)) = kept.get("value") {
        return "a page, not an alert: an object with `value` and neither `id` nor \
                `networkConnections` (pages inside a page's `value` or a `$batch` \
                response are not read)"
            .to_owned();
    }
    "not an alert: an object with neither `id` nor `networkConnections`".to_owned()
}

/// A property of a Graph error as text: a string as it is, anything else
/// as JSON (absent: `-`).
fn text(error: &Map<String, Value>, name: &str) -> String {
    match error.get(name) {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => "-".to_owned(),
    }
}
