//! The fast reader checked against the serde path on one text: wherever
//! the fast reader reads an alert, the serde path must read it to the same
//! `id`, shape, rows and context. For the tests and the fuzz target `fast`.

use super::append::HELD_ROWS;
use super::capture::Capture;
use super::direct::{Row, read_capturing};
use super::fast::read_alert;
use super::layout::Layout;

/// What a path read of an alert.
#[derive(Debug, PartialEq)]
pub(super) struct Reading {
    pub(super) id: Option<String>,
    alert_shaped: bool,
    rows: Vec<(Vec<Option<String>>, Option<i64>)>,
    /// The captured context, as `Debug` shows it.
    pub(super) context: String,
}

fn reading(id: Option<&str>, shaped: bool, rows: &[Row<'_>], capture: &Capture<'_>) -> Reading {
    let rows = rows.iter().map(|row| {
        let texts = row
            .texts()
            .iter()
            .map(|text| text.map(str::to_owned))
            .collect();
        (texts, row.instant)
    });
    Reading {
        id: id.map(str::to_owned),
        alert_shaped: shaped,
        rows: rows.collect(),
        context: format!("{:?}", capture.values),
    }
}

pub(super) fn fast(text: &str, layout: &Layout) -> Option<Reading> {
    let (mut rows, mut capture) = (Vec::new(), Capture::new(layout));
    let read = read_alert(text, layout, HELD_ROWS, &mut rows, &mut capture)?;
    Some(reading(
        read.id.as_deref(),
        read.alert_shaped,
        &rows,
        &capture,
    ))
}

pub(super) fn serde(text: &str, layout: &Layout) -> Option<Reading> {
    let (mut rows, mut capture) = (Vec::new(), Capture::new(layout));
    let on_row = &mut |row| {
        rows.push(row);
        true
    };
    let read = read_capturing(text, on_row, Some((layout, &mut capture))).ok()?;
    Some(reading(
        read.id.as_deref(),
        read.alert_shaped,
        &rows,
        &capture,
    ))
}

/// The layouts read with: the standard one, and one asking for an alert
/// column below `vendorInformation` and whole ones.
pub(super) fn layouts() -> [Layout; 2] {
    let columns = ["vendorInformation.subProvider", "@odata.type", "comments"];
    let none: [&str; 0] = [];
    [
        Layout::with_alert_columns(none).unwrap(),
        Layout::with_alert_columns(columns).unwrap(),
    ]
}

/// Whether the fast reader read `text`, having checked that the serde path
/// reads it the same, on every layout.
pub fn agree(text: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(text) else {
        return false;
    };
    let mut read = false;
    for layout in layouts() {
        if let Some(fast) = fast(text, &layout) {
            assert_eq!(Some(fast), serde(text, &layout), "{text}");
            read = true;
        }
    }
    read
}
