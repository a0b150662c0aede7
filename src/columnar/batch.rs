//! Connections into Arrow record batches.

use super::alert_table::AlertTable;
use super::capture::Capture;
use super::context::{AlertValues, ContextBuilders};
use super::layout::{AlertColumnError, Layout};
use super::options::ExportOptions;
use super::room::Room;
use super::schema::{Kind, kind};
use crate::{
    Alert, ConnectionDirection, ConnectionStatus, NetworkConnection, Property,
    SecurityNetworkProtocol,
};
use arrow_array::builder::{
    Float64Builder, Int32Builder, StringBuilder, TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch};
use arrow_schema::Schema;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;

/// How many properties the model knows, `@odata.type` included.
pub(super) const PROPERTIES: usize = Property::ALL.len();

/// One connection's properties as text, indexed by `Property as usize`.
pub(super) type Texts<'a> = [Option<&'a str>; PROPERTIES];

/// Builds [`RecordBatch`]es of connections, one row per connection, in the
/// schema of [`connection_schema`](super::connection_schema).
///
/// ```
/// use msgraph_network_connection::{AlertReader, columnar::ConnectionBatchBuilder};
///
/// let export = br#"{"id":"a1","networkConnections":[{"protocol":"tcp","sourcePort":"443"}]}"#;
/// let mut batch = ConnectionBatchBuilder::new();
/// for item in AlertReader::new(&export[..]).connections() {
///     let item = item?;
///     batch.append(item.alert_id.as_deref(), &item.connection);
/// }
/// let batch = batch.finish();
/// assert_eq!(batch.num_rows(), 1);
/// assert_eq!(batch.schema().field(0).name(), "alertId");
/// # Ok::<(), msgraph_network_connection::Error>(())
/// ```
pub struct ConnectionBatchBuilder {
    schema: Arc<Schema>,
    alert_id: StringBuilder,
    /// The alert's context columns, after `alertId`.
    pub(super) context: ContextBuilders,
    /// The context of the alert whose rows are being appended; null
    /// between alerts.
    pub(super) alert: AlertValues,
    columns: Vec<(Property, Column)>,
    /// The alerts table, one row per alert appended whole, when asked for
    /// (boxed: the builder is no larger without it).
    pub(super) table: Option<Box<AlertTable>>,
}

/// The builders of one property's columns.
enum Column {
    Text(StringBuilder),
    Port(Int32Builder, StringBuilder),
    Member(StringBuilder, Int32Builder),
    Timestamp(TimestampMicrosecondBuilder, StringBuilder),
    Score(Float64Builder, StringBuilder),
}

impl Default for ConnectionBatchBuilder {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ConnectionBatchBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConnectionBatchBuilder")
            .field("rows", &self.len())
            .finish_non_exhaustive()
    }
}

impl ConnectionBatchBuilder {
    /// An empty builder.
    pub fn new() -> Self {
        Self::with_layout(Layout::standard())
    }

    /// An empty builder that also writes, after the alert's context, a
    /// Utf8 column for each of `names` (repeats refused): the alert
    /// property of that name as it is when it is a string, as compact JSON
    /// text otherwise, null when `null` or absent. A name is looked up
    /// whole first (`@odata.type` is one property); when the alert has no
    /// property of that name and the name has a dot, the property after the
    /// first dot of the object before it is taken, one level down
    /// (`vendorInformation.subProvider`). Refused: a repeat, the empty name,
    /// `id` and `networkConnections`, and the name of a column of either
    /// table (`alertSeverity`, `sourcePort`, the alerts table's
    /// `connectionCount` and `json`).
    ///
    /// ```
    /// use msgraph_network_connection::arrow::array::{Array, StringArray};
    /// use msgraph_network_connection::columnar::ConnectionBatchBuilder;
    /// use msgraph_network_connection::AlertReader;
    ///
    /// let export = br##"{"id":"a1","@odata.type":"#microsoft.graph.alert","vendorInformation":{"subProvider":"MDATP"},"comments":["x"],"networkConnections":[{}]}"##;
    /// let columns = ["vendorInformation.subProvider", "@odata.type", "comments", "assignedTo"];
    /// let mut builder = ConnectionBatchBuilder::with_alert_columns(columns)?;
    /// builder.append_raw(&AlertReader::new(&export[..]).next_raw().unwrap()?)?;
    /// let batch = builder.finish();
    /// let text = |name: &str| {
    ///     let column = batch.column_by_name(name).unwrap();
    ///     let column = column.as_any().downcast_ref::<StringArray>().unwrap();
    ///     column.is_valid(0).then(|| column.value(0).to_string())
    /// };
    /// assert_eq!(text("vendorInformation.subProvider").as_deref(), Some("MDATP"));
    /// assert_eq!(text("@odata.type").as_deref(), Some("#microsoft.graph.alert"));
    /// assert_eq!(text("comments").as_deref(), Some(r#"["x"]"#));
    /// assert_eq!(text("assignedTo"), None);
    /// assert!(ConnectionBatchBuilder::with_alert_columns(["alertSeverity"]).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_alert_columns<S: AsRef<str>>(
        names: impl IntoIterator<Item = S>,
    ) -> Result<Self, AlertColumnError> {
        Ok(Self::with_layout(Arc::new(Layout::with_alert_columns(
            names,
        )?)))
    }

    /// An empty builder of the columns of `options`, which also builds
    /// the alerts table when they ask for it.
    pub(super) fn with_options(options: &ExportOptions) -> Self {
        Self::with_options_and_room(options, &Room::default())
    }

    /// [`with_options`](Self::with_options), with `room` made in the
    /// columns of connections.
    pub(super) fn with_options_and_room(options: &ExportOptions, room: &Room) -> Self {
        let mut builder = Self::with_room(options.layout.clone(), room);
        if options.alerts_table {
            builder.table = Some(Box::new(AlertTable::new(options.layout.clone())));
        }
        builder
    }

    fn with_layout(layout: Arc<Layout>) -> Self {
        Self::with_room(layout, &Room::default())
    }

    /// An empty builder of `layout`'s columns, with `room` made in them.
    pub(super) fn with_room(layout: Arc<Layout>, room: &Room) -> Self {
        let mut next = room.builders();
        let alert_id = next.text();
        let context = ContextBuilders::with_room(layout.clone(), &mut next);
        let columns = Property::ALL
            .iter()
            .filter_map(|&property| {
                let column = match kind(property) {
                    Kind::Skipped => return None,
                    Kind::Text => Column::Text(next.text()),
                    Kind::Port => Column::Port(next.int32(), next.text()),
                    Kind::Member => Column::Member(next.text(), next.int32()),
                    Kind::Timestamp => Column::Timestamp(next.timestamp(), next.text()),
                    Kind::Score => Column::Score(next.float64(), next.text()),
                };
                Some((property, column))
            })
            .collect();
        ConnectionBatchBuilder {
            schema: layout.schema(),
            alert_id,
            context,
            alert: AlertValues::default(),
            columns,
            table: None,
        }
    }

    /// The schema of the batches it builds:
    /// [`connection_schema`](super::connection_schema), and
    /// the columns asked for by
    /// [`with_alert_columns`](Self::with_alert_columns).
    pub fn schema(&self) -> Arc<Schema> {
        self.schema.clone()
    }

    /// How many rows are waiting in the builder.
    pub fn len(&self) -> usize {
        arrow_array::builder::ArrayBuilder::len(&self.alert_id)
    }

    /// Whether no row is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Appends every connection of `alert`, each row with the alert's `id`
    /// and its context (`alertSeverity`, `alertCreatedDateTime`, ...: see
    /// the README's schema); returns how many. These are the rows that
    /// [`append_raw`](Self::append_raw) gives for the alert's text.
    ///
    /// ```
    /// use msgraph_network_connection::{Alert, columnar::ConnectionBatchBuilder};
    /// use msgraph_network_connection::arrow::array::{Array, StringArray};
    ///
    /// let alert: Alert = serde_json::from_str(
    ///     r#"{"id":"a1","severity":"high","networkConnections":[{"protocol":"tcp"},{}]}"#,
    /// )?;
    /// let mut builder = ConnectionBatchBuilder::new();
    /// assert_eq!(builder.append_alert(&alert), 2);
    /// let batch = builder.finish();
    /// let severity = batch.column_by_name("alertSeverity").unwrap();
    /// let severity = severity.as_any().downcast_ref::<StringArray>().unwrap();
    /// assert_eq!((severity.value(0), severity.value(1)), ("high", "high"));
    /// assert!(batch.column_by_name("alertTitle").unwrap().is_null(0));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn append_alert(&mut self, alert: &Alert) -> usize {
        self.append_parsed(alert, None)
    }

    /// [`append_alert`](Self::append_alert), and the alert's row of the
    /// alerts table, when it is built, with its JSON text `json`.
    pub(super) fn append_parsed(&mut self, alert: &Alert, json: Option<&str>) -> usize {
        let capture = Capture::of_typed(&self.context.layout, &alert.additional_data);
        self.alert.set(&self.context.layout, &capture.values);
        for connection in &alert.network_connections {
            self.append(alert.id.as_deref(), connection);
        }
        let rows = alert.network_connections.len();
        self.append_table_row(alert.id.as_deref(), rows, json);
        self.alert.clear();
        rows
    }

    /// The row of the alert whose context is set, when the alerts table
    /// is built and the alert's text is known.
    pub(super) fn append_table_row(&mut self, id: Option<&str>, rows: usize, json: Option<&str>) {
        if let (Some(table), Some(json)) = (&mut self.table, json) {
            table.append(id, &self.alert, rows, json);
        }
    }

    /// The alerts table's rows appended so far, when it is built; empty
    /// after.
    pub(super) fn finish_table(&mut self) -> Option<RecordBatch> {
        self.table.as_mut().map(|table| table.finish())
    }

    /// Whether neither table has a row waiting.
    pub(super) fn has_no_rows(&self) -> bool {
        self.is_empty() && self.table.as_ref().is_none_or(|table| table.len() == 0)
    }

    /// Appends one connection of the alert with `alert_id`; the context
    /// columns are null (see [`append_alert`](Self::append_alert)).
    pub fn append(&mut self, alert_id: Option<&str>, connection: &NetworkConnection) {
        let owned: [Option<Cow<'_, str>>; PROPERTIES] =
            std::array::from_fn(|i| connection.text(Property::ALL[i]));
        let texts = std::array::from_fn(|i| owned[i].as_deref());
        let instant = connection.domain_registered_date_time;
        self.append_texts(alert_id, &texts, instant.map(|t| t.timestamp_micros()));
    }

    /// Appends one connection given as the text of each property (indexed
    /// by `Property as usize`, as [`NetworkConnection::text`] gives it) and
    /// the instant of `domainRegisteredDateTime` in microseconds. Both the
    /// typed path and the path straight from JSON come through here, so the
    /// typed columns follow one set of rules.
    pub(super) fn append_texts(
        &mut self,
        alert_id: Option<&str>,
        texts: &Texts<'_>,
        instant: Option<i64>,
    ) {
        self.alert_id.append_option(alert_id);
        self.context.append(&self.alert);
        for (property, column) in &mut self.columns {
            let text = texts[*property as usize];
            match column {
                Column::Text(texts) => texts.append_option(text),
                Column::Port(ports, texts) => {
                    let port = text.and_then(crate::model::port_from_text);
                    ports.append_option(port.map(i32::from));
                    texts.append_option(text);
                }
                Column::Member(names, codes) => {
                    names.append_option(text);
                    codes.append_option(text.and_then(|name| member_code(*property, name)));
                }
                Column::Timestamp(instants, texts) => {
                    instants.append_option(instant);
                    texts.append_option(text);
                }
                Column::Score(scores, texts) => {
                    scores.append_option(text.and_then(risk_score));
                    texts.append_option(text);
                }
            }
        }
    }

    /// The rows appended so far as a batch; the builder is empty after.
    pub fn finish(&mut self) -> RecordBatch {
        let mut arrays: Vec<ArrayRef> = vec![Arc::new(self.alert_id.finish())];
        self.context.finish(&mut arrays);
        for (_, column) in &mut self.columns {
            match column {
                Column::Text(texts) => arrays.push(Arc::new(texts.finish())),
                Column::Port(ports, texts) => {
                    arrays.push(Arc::new(ports.finish()));
                    arrays.push(Arc::new(texts.finish()));
                }
                Column::Member(names, codes) => {
                    arrays.push(Arc::new(names.finish()));
                    arrays.push(Arc::new(codes.finish()));
                }
                Column::Timestamp(instants, texts) => {
                    arrays.push(Arc::new(instants.finish()));
                    arrays.push(Arc::new(texts.finish()));
                }
                Column::Score(scores, texts) => {
                    arrays.push(Arc::new(scores.finish()));
                    arrays.push(Arc::new(texts.finish()));
                }
            }
        }
        RecordBatch::try_new(self.schema.clone(), arrays)
            .expect("the columns are built from the schema's own table")
    }
}

/// Graph's code of the member `name` of an enum property; `None` for a
/// name the enum does not define.
fn member_code(property: Property, name: &str) -> Option<i32> {
    match property {
        Property::Direction => ConnectionDirection::from_known_name(name)?.code(),
        Property::Protocol => SecurityNetworkProtocol::from_known_name(name)?.code(),
        Property::Status => ConnectionStatus::from_known_name(name)?.code(),
        _ => None,
    }
}

/// The risk score of a `riskScore` text: the rule of
/// [`NetworkConnection::risk_score_value`], without its error.
fn risk_score(text: &str) -> Option<f64> {
    // `contains` is false for NaN, so "NaN" and "inf" are null too.
    text.parse::<f64>()
        .ok()
        .filter(|score| (0.0..=1.0).contains(score))
}
