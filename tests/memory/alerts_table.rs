//! Peak memory of exporting both tables, the alerts table holding each
//! alert's text: a page of alerts of 4 MB of random letters, written to
//! files that are not kept. The alerts table's row groups end by bytes,
//! so the writer holds about 32 MiB of them, not the whole input.

use crate::inputs::RandomAlerts;
use crate::measure::within;
use msgraph_network_connection::AlertReader;
use msgraph_network_connection::columnar::{
    AlertsExport, ExportOptions, ParquetExport, read_chunks_with,
};
use std::io::{self, Write};

/// What is written, counted and let go.
#[derive(Default)]
struct Counted(u64);

impl Write for &mut Counted {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Exports `count` alerts of 4 MB on `threads` threads within `peak_mib`.
pub(crate) fn both_tables(count: usize, threads: usize, peak_mib: usize) {
    let size = 4_000_000;
    let what = format!("both tables of {count} alerts of 4 MB, {threads} threads");
    let options = ExportOptions::new()
        .with_alert_columns(["severity"])
        .expect("a name that can be a column")
        .with_alerts_table(true);
    let (mut connections_out, mut alerts_out) = (Counted::default(), Counted::default());
    let (alerts, rows) = within(&what, peak_mib, || {
        let mut connections = ParquetExport::with_options(&mut connections_out, &options)?;
        let mut alerts = AlertsExport::with_options(&mut alerts_out, &options)?;
        let (mut alert_rows, mut rows) = (0, 0);
        let reader = AlertReader::new(RandomAlerts::new(count, size));
        read_chunks_with(reader, threads, &options, |chunk| {
            assert!(chunk.rejected.is_empty(), "{:?}", chunk.rejected);
            connections.write_batch(&chunk.batch)?;
            let table = chunk.alert_batch.as_ref().expect("asked for");
            alerts.write_batch(table)?;
            (alert_rows, rows) = (alert_rows + table.num_rows(), rows + chunk.batch.num_rows());
            Ok::<(), msgraph_network_connection::Error>(())
        })?;
        connections.finish()?;
        alerts.finish()?;
        Ok::<_, msgraph_network_connection::Error>((alert_rows, rows))
    })
    .expect("the export writes");
    assert_eq!((alerts, rows), (count, count * 3), "{what}");
    // The alerts' text is in the file, hardly compressed.
    assert!(
        alerts_out.0 > (count * size) as u64 * 7 / 10,
        "{} bytes",
        alerts_out.0
    );
}
