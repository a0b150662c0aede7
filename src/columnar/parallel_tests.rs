//! Reading in blocks against reading in order: on generated NDJSON with
//! broken lines, documents over several lines, pages, arrays, long lines
//! and byte-order marks, cut into blocks of a few bytes to a few hundred,
//! the chunks hold exactly the rows and rejects of one reader reading the
//! whole input in order, and are the same on any number of threads; with
//! alert columns and the alerts table as without.

use super::{Chunk, read_in_blocks_of};
use crate::AlertReader;
use crate::columnar::ConnectionBatchBuilder;
use crate::columnar::ExportOptions;
use arrow_array::RecordBatch;

/// A reject as compared: the error's text and the text passed over.
type Reject = (String, Option<Vec<u8>>);

/// The options of every other seed: alert columns and the alerts table.
fn options_of(seed: u64) -> ExportOptions {
    match seed % 2 {
        0 => ExportOptions::new(),
        _ => with_table(),
    }
}

fn with_table() -> ExportOptions {
    let options = ExportOptions::new().with_alert_columns(["title", "x.k"]);
    options
        .expect("names that can be columns")
        .with_alerts_table(true)
}

/// What reading in order gives: the rows, the alerts table when asked
/// for, how many alerts parsed, and the rejects.
type InOrder = (RecordBatch, Option<RecordBatch>, usize, Vec<Reject>);

/// The whole input read in order by one reader, every alert parsed.
fn in_order(input: &[u8], options: &ExportOptions) -> InOrder {
    let mut reader = AlertReader::new(input);
    let mut batch = ConnectionBatchBuilder::with_options(options);
    let (mut alerts, mut rejects) = (0, Vec::new());
    while let Some(item) = reader.next_raw() {
        match item {
            Ok(raw) => match batch.append_raw(&raw) {
                Ok(_) => alerts += 1,
                Err(error) => rejects.push((error.to_string(), Some(raw.into_bytes()))),
            },
            Err(error) => {
                rejects.push((error.to_string(), reader.skipped_text().map(<[u8]>::to_vec)))
            }
        }
    }
    (batch.finish(), batch.finish_table(), alerts, rejects)
}

fn in_blocks(input: &[u8], block: usize, threads: usize, options: &ExportOptions) -> Vec<Chunk> {
    let mut chunks = Vec::new();
    read_in_blocks_of(AlertReader::new(input), block, threads, options, |chunk| {
        chunks.push(chunk);
        Ok::<(), ()>(())
    })
    .expect("the sink takes every chunk");
    chunks
}

fn rejects_of(chunks: &[Chunk]) -> Vec<Reject> {
    let rejects = chunks.iter().flat_map(|chunk| &chunk.rejected);
    rejects
        .map(|reject| (reject.error.to_string(), reject.text.clone()))
        .collect()
}

fn assert_agrees(
    input: &[u8],
    block: usize,
    threads: usize,
    options: &ExportOptions,
) -> Vec<Chunk> {
    let text = String::from_utf8_lossy(input);
    let (rows, table, alerts, rejects) = in_order(input, options);
    let chunks = in_blocks(input, block, threads, options);
    let (mut row, mut alert) = (0, 0);
    let mut bytes_read = 0;
    for chunk in &chunks {
        let length = chunk.batch.num_rows();
        assert!(
            row + length <= rows.num_rows(),
            "more rows than in order:\n{text}"
        );
        assert_eq!(
            chunk.batch,
            rows.slice(row, length),
            "rows {row}.. in:\n{text}"
        );
        assert!(
            chunk.bytes_read >= bytes_read,
            "bytes read go back:\n{text}"
        );
        let table = table.as_ref().map(|table| table.slice(alert, chunk.alerts));
        assert_eq!(chunk.alert_batch, table, "alerts {alert}.. in:\n{text}");
        row += length;
        alert += chunk.alerts;
        bytes_read = chunk.bytes_read;
    }
    assert_eq!(row, rows.num_rows(), "rows in:\n{text}");
    let read_alerts: usize = chunks.iter().map(|chunk| chunk.alerts).sum();
    assert_eq!(read_alerts, alerts, "alerts in:\n{text}");
    let read_rejects = rejects_of(&chunks);
    if let Some(at) =
        (0..read_rejects.len().max(rejects.len())).find(|&i| read_rejects.get(i) != rejects.get(i))
    {
        fn show(reject: Option<&Reject>) -> Option<(&str, Option<std::borrow::Cow<'_, str>>)> {
            reject.map(|(error, text)| (&error[..], text.as_deref().map(String::from_utf8_lossy)))
        }
        panic!(
            "block {block}, {threads} threads: reject {at} of {} (in order {}) is\n{:?}\nin order\n{:?}",
            read_rejects.len(),
            rejects.len(),
            show(read_rejects.get(at)),
            show(rejects.get(at))
        );
    }
    assert!(bytes_read <= input.len() as u64);
    chunks
}

/// A small generator, so that every failure comes with its seed.
struct Dice(u64);

impl Dice {
    fn roll(&mut self, sides: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % sides as u64) as usize
    }
}

fn alert(i: usize) -> String {
    format!(
        r#"{{"id":"a{i}","networkConnections":[{{"protocol":"tcp","sourcePort":"{i}"}},{{"destinationAddress":"10.0.0.{i}","riskScore":"0.5"}}],"title":"t\n{i}"}}"#,
    )
}

/// One line or more of input, of the kinds an archive holds.
fn piece(dice: &mut Dice, i: usize, block: usize) -> String {
    match dice.roll(14) {
        0 => format!(
            r#"{{"value":[{},{}],"@odata.nextLink":"n"}}"#,
            alert(i),
            alert(i + 1)
        ),
        1 => format!(
            "{{\n  \"id\": \"p{i}\",\n  \"networkConnections\": [\n    {{\"protocol\": \"udp\"}}\n  ]\n}}"
        ),
        2 => format!("[\n{},\n{}\n]", alert(i), alert(i + 1)),
        3 => {
            let mut cut = alert(i);
            cut.truncate(dice.roll(cut.len()));
            cut
        }
        4 => "this is not JSON".to_string(),
        5 => format!(r#"{{"id":"u{i}","title":"unterminated"#),
        6 => format!(r#"{{"id":{i},"networkConnections":[]}}"#),
        7 => format!(r#"{{"id":"d{i}","x":{{"k":1,"k":2}}}}"#),
        8 => String::new(),
        // A page on one line, longer than the longest line waited for.
        9 => {
            let alerts: Vec<String> = (0..block / 8 + 2).map(|k| alert(i + k)).collect();
            format!(r#"{{"value":[{}]}}"#, alerts.join(","))
        }
        10 => format!("{{\"id\":\"s{i}\",\n\"networkConnections\":[{{\"protocol\":\"tcp\"}}],"),
        _ => alert(i),
    }
}

fn generated(seed: u64, block: usize) -> Vec<u8> {
    let mut dice = Dice(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1);
    let mut input = String::new();
    if dice.roll(8) == 0 {
        input.push('\u{feff}');
    }
    for i in 0..5 + dice.roll(30) {
        input.push_str(&piece(&mut dice, i * 10, block));
        input.push_str(["\n", "\r\n", " \n\n", "\n  "][dice.roll(4)]);
    }
    if dice.roll(3) == 0 {
        input.pop();
    }
    let mut input = input.into_bytes();
    // Half the inputs get bytes that matter to the grammar put anywhere.
    for _ in 0..dice.roll(2) * (1 + dice.roll(4)) {
        let at = dice.roll(input.len().max(1));
        let byte = b"{}[],:\"\\\n x\xff"[dice.roll(12)];
        match dice.roll(3) {
            0 if at < input.len() => input[at] = byte,
            1 if at < input.len() => drop(input.remove(at)),
            _ => input.insert(at.min(input.len()), byte),
        }
    }
    input
}

/// `BLOCK_SEEDS=20000 cargo test --release --features arrow --lib blocks`
/// runs more seeds than the default.
#[test]
fn blocks_read_what_one_reader_reads_in_order() {
    let seeds = std::env::var("BLOCK_SEEDS").map_or(150, |n| n.parse().expect("a number"));
    for seed in 0..seeds {
        for block in [1, 16, 64, 300, 2000] {
            eprintln!("seed {seed} block {block}");
            let input = generated(seed, block);
            let options = options_of(seed);
            let one = assert_agrees(&input, block, 1, &options);
            for threads in [2, 3]
                .into_iter()
                .filter(|_| std::env::var_os("ONE_THREAD").is_none())
            {
                let many = assert_agrees(&input, block, threads, &options);
                assert_eq!(many.len(), one.len(), "seed {seed} block {block}");
                for (a, b) in many.iter().zip(&one) {
                    assert_eq!(a.batch, b.batch, "seed {seed} block {block}");
                    assert_eq!(a.alert_batch, b.alert_batch, "seed {seed} block {block}");
                    assert_eq!(a.bytes_read, b.bytes_read, "seed {seed} block {block}");
                }
            }
        }
    }
}

/// NDJSON that is all sound lines is read in blocks throughout: a chunk
/// per block, none read again.
#[test]
fn sound_lines_are_read_in_blocks() {
    let lines: Vec<String> = (0..100).map(alert).collect();
    let input = (lines.join("\n") + "\n").into_bytes();
    let block = 1000;
    let chunks = assert_agrees(&input, block, 2, &ExportOptions::new());
    assert!(
        chunks.len() >= input.len() / (2 * block),
        "{} chunks",
        chunks.len()
    );
    assert!(
        chunks
            .iter()
            .all(|chunk| chunk.alerts < 100 && chunk.rejected.is_empty())
    );
    assert_eq!(
        chunks.last().map(|chunk| chunk.bytes_read),
        Some(input.len() as u64)
    );
}

/// Documents over several lines throughout: every block runs over a
/// document's end, and reading in order takes ever longer stretches.
#[test]
fn pretty_printed_documents_are_read_in_order() {
    let documents: Vec<String> = (0..80)
        .map(|i| {
            let value: serde_json::Value = serde_json::from_str(&alert(i)).expect("JSON");
            serde_json::to_string_pretty(&value).expect("JSON")
        })
        .collect();
    let input = documents.join("\n").into_bytes();
    for block in [16, 100, 700] {
        let one = assert_agrees(&input, block, 1, &with_table());
        let two = assert_agrees(&input, block, 2, &with_table());
        assert_eq!(one.len(), two.len(), "block {block}");
        for (a, b) in one.iter().zip(&two) {
            assert_eq!(
                (&a.batch, &a.alert_batch, a.bytes_read),
                (&b.batch, &b.alert_batch, b.bytes_read),
                "block {block}"
            );
        }
    }
}

/// A reader that has handed out alerts already is read on from where it
/// is: in order to the end of its document, then in blocks.
#[test]
fn a_reader_already_read_from_goes_on_where_it_is() {
    let lines: Vec<String> = (0..40).map(alert).collect();
    let input = format!("[{},\n{}]\n{}\n", lines[0], lines[1], lines[2..].join("\n")).into_bytes();
    for threads in [1, 2] {
        let mut expected = AlertReader::new(&input[..]);
        let mut reader = AlertReader::new(&input[..]);
        assert!(expected.next_raw().expect("an alert").is_ok());
        assert!(reader.next_raw().expect("an alert").is_ok());
        let mut rows = ConnectionBatchBuilder::new();
        let mut alerts = 0;
        while let Some(item) = expected.next_raw() {
            alerts += usize::from(rows.append_raw(&item.expect("sound")).is_ok());
        }
        let rows = rows.finish();
        let mut chunks = Vec::new();
        read_in_blocks_of(reader, 300, threads, &ExportOptions::new(), |chunk| {
            chunks.push(chunk);
            Ok::<(), ()>(())
        })
        .expect("the sink takes every chunk");
        assert!(
            chunks.len() > 2,
            "{} chunks: in blocks after the array",
            chunks.len()
        );
        let mut row = 0;
        for chunk in &chunks {
            assert_eq!(chunk.batch, rows.slice(row, chunk.batch.num_rows()));
            row += chunk.batch.num_rows();
        }
        assert_eq!(
            (row, chunks.iter().map(|c| c.alerts).sum::<usize>()),
            (rows.num_rows(), alerts)
        );
        assert_eq!(alerts, 39);
    }
}
