//! `NetworkConnection` and `Property`, both generated from one table of
//! Graph's properties so that names, order and fields cannot drift apart.

use super::AdditionalData;
use super::state::{PropertyValue, WireState};
use crate::{ConnectionDirection, ConnectionStatus, SecurityNetworkProtocol};
use chrono::{DateTime, Utc};
use std::fmt;

/// Defines `NetworkConnection`, `Property` and every property's setters
/// from rows of `Variant "wireName" field / set_field: Type`, in Graph's
/// order; a property held as text that has a typed value adds `=
/// Kind(Typed) field_text / set_field_text` (see `setters`).
macro_rules! network_connection {
    ($( $(#[doc = $doc:literal])* $variant:ident $name:literal $field:ident / $setter:ident: $ty:ty
        $(= $kind:ident($typed:ty) $text:ident / $set_text:ident)?, )+) => {
        /// One entry of a Graph alert's `networkConnections`: Graph's
        /// `microsoft.graph.networkConnection`, losslessly.
        ///
        /// Every property is an `Option`: `None` when the property was absent
        /// or `null`. Which of the two it was is kept (see [`is_null`]) and
        /// written back, as is the exact text of `domainRegisteredDateTime`,
        /// and every property the model does not know lands in
        /// [`additional_data`].
        ///
        /// Equality compares everything that is written: equal connections
        /// serialize to the same JSON value (objects compare regardless of
        /// key order, as `serde_json::Value` does). So a connection read with
        /// `null`s is not equal to one built with the same values and no
        /// `null`s, and `...T00:00:00Z` is not equal to `...T00:00:00+00:00`.
        ///
        /// Construct one with [`NetworkConnection::builder`], or with
        /// `Default` and field assignment.
        ///
        /// [`is_null`]: NetworkConnection::is_null
        /// [`additional_data`]: NetworkConnection::additional_data
        #[derive(Clone, Default)]
        #[non_exhaustive]
        pub struct NetworkConnection {
            $(
                $(#[doc = $doc])*
                #[doc = concat!("\n\nWire property `", $name, "`.")]
                pub $field: Option<$ty>,
            )+
            /// Every property and instance annotation the model does not know,
            /// in input order; written after the known properties.
            pub additional_data: AdditionalData,
            pub(crate) wire: WireState,
        }

        /// A property of `networkConnection` that the model knows, in Graph's
        /// order.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Property {
            $(
                #[doc = concat!("`", $name, "`")]
                $variant,
            )+
        }

        impl Property {
            /// Every property, in the order Graph writes them.
            pub const ALL: &'static [Property] = &[$(Property::$variant),+];

            /// The property's name on the wire.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Property::$variant => $name,)+
                }
            }

            /// The property with this exact (case-sensitive) wire name.
            // Inlined into key decoding: 1% fewer instructions per connection.
            #[inline(always)]
            pub fn from_name(name: &str) -> Option<Property> {
                match name {
                    $($name => Some(Property::$variant),)+
                    _ => None,
                }
            }
        }

        /// Shows the properties that are set, those written as `null`, and
        /// the additional data.
        impl fmt::Debug for NetworkConnection {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let mut out = f.debug_struct("NetworkConnection");
                $(if let Some(value) = &self.$field {
                    out.field(stringify!($field), value);
                })+
                if self.nulls().next().is_some() {
                    out.field("nulls", &self.nulls().collect::<Vec<_>>());
                }
                if self.kept_texts().next().is_some() {
                    out.field("kept_texts", &self.kept_texts().collect::<Vec<_>>());
                }
                if !self.additional_data.is_empty() {
                    out.field("additional_data", &self.additional_data);
                }
                out.finish()
            }
        }

        impl PartialEq for NetworkConnection {
            fn eq(&self, other: &Self) -> bool {
                $(self.$field == other.$field &&)+
                self.additional_data == other.additional_data
                    && self.nulls().eq(other.nulls())
                    && self.kept_texts().eq(other.kept_texts())
            }
        }

        impl Eq for NetworkConnection {}

        /// Agrees with `Eq`: hashes what equality compares (unknown
        /// properties regardless of their order, as `serde_json::Map`
        /// hashes them), so connections can be deduplicated in a `HashSet`.
        impl std::hash::Hash for NetworkConnection {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                $(self.$field.hash(state);)+
                self.additional_data.hash(state);
                for null in self.nulls() {
                    null.hash(state);
                }
                for kept in self.kept_texts() {
                    kept.hash(state);
                }
            }
        }

        impl NetworkConnection {
            /// The property's text as it is written: a string as it is,
            /// an enum member's name (unrecognized ones included), the
            /// timestamp's text (see
            /// [`domain_registered_date_time_text`](Self::domain_registered_date_time_text));
            /// `None` when the property is absent or `null`.
            ///
            /// ```
            /// use msgraph_network_connection::{NetworkConnection, Property};
            ///
            /// let c: NetworkConnection = serde_json::from_str(r#"{"protocol":"quic","sourcePort":"443"}"#)?;
            /// assert_eq!(c.text(Property::Protocol).as_deref(), Some("quic"));
            /// assert_eq!(c.text(Property::SourcePort).as_deref(), Some("443"));
            /// assert_eq!(c.text(Property::Status), None);
            /// # Ok::<(), serde_json::Error>(())
            /// ```
            pub fn text(&self, property: Property) -> Option<std::borrow::Cow<'_, str>> {
                match property {
                    $(Property::$variant => self.$field.as_ref().map(|v| v.text(property, &self.wire)),)+
                }
            }

            /// Whether the property holds a value.
            pub fn is_set(&self, property: Property) -> bool {
                match property {
                    $(Property::$variant => self.$field.is_some(),)+
                }
            }

            /// Sets the property to `null`: the field becomes `None` and the
            /// property is written as `null`, as Graph writes what it does
            /// not know.
            pub fn set_null(&mut self, property: Property) {
                self.clear_field(property);
                self.wire.nulls.insert(property);
            }

            /// Removes the property: the field becomes `None` and the property
            /// is not written at all.
            pub fn remove(&mut self, property: Property) {
                self.clear_field(property);
                self.wire.nulls.remove(property);
            }

            fn clear_field(&mut self, property: Property) {
                match property {
                    $(Property::$variant => self.$field = None,)+
                }
                self.wire.forget_text_of(property);
            }

        }

        $(super::setters::property_setters!(
            $variant $name $field / $setter: $ty $(= $kind($typed) $text / $set_text)?
        );)+

        impl NetworkConnection {
            /// The texts kept from the input that are written back, in
            /// Graph's order of properties.
            fn kept_texts(&self) -> impl Iterator<Item = (Property, &str)> {
                [$((Property::$variant, self.$field.as_ref().and_then(|v| v.kept_text(Property::$variant, &self.wire))),)+]
                    .into_iter()
                    .filter_map(|(property, text)| Some((property, text?)))
            }

            /// How many known properties are written.
            pub(crate) fn written_count(&self) -> usize {
                // A bit per property set, joined with the nulls: branch-free.
                let mut set = 0;
                $(set |= u32::from(self.$field.is_some()) << Property::$variant as u32;)+
                self.wire.nulls.with(set).len()
            }
        }
    };
}

super::table::property_table!(network_connection);

impl Property {
    pub(crate) const fn bit(self) -> u32 {
        1 << self as u32
    }
}

impl fmt::Display for Property {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Parses a wire name (case-sensitive): `"sourcePort".parse::<Property>()`.
impl std::str::FromStr for Property {
    type Err = crate::Error;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Property::from_name(name).ok_or_else(|| {
            crate::Error::invalid_value(
                format!("`{name}` is not a networkConnection property"),
                None,
            )
        })
    }
}

impl NetworkConnection {
    /// Starts building a connection in code.
    pub fn builder() -> crate::NetworkConnectionBuilder {
        crate::NetworkConnectionBuilder::default()
    }

    /// Whether the property is `null`: it came in as `null` (or was set so
    /// with [`set_null`](Self::set_null)) and its field is still `None`.
    pub fn is_null(&self, property: Property) -> bool {
        !self.is_set(property) && self.wire.nulls.contains(property)
    }

    /// Writes `domainRegisteredDateTime` in Graph's own form from now on
    /// (`2019-04-16T09:27:45.12Z`), forgetting the text it came in with.
    ///
    /// ```
    /// use msgraph_network_connection::NetworkConnection;
    ///
    /// let mut c: NetworkConnection =
    ///     serde_json::from_str(r#"{"domainRegisteredDateTime":"2017-01-01T00:01:30.500+00:00"}"#)?;
    /// c.use_graph_timestamp_form();
    /// assert_eq!(serde_json::to_string(&c)?, r#"{"domainRegisteredDateTime":"2017-01-01T00:01:30.5Z"}"#);
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn use_graph_timestamp_form(&mut self) {
        self.wire.forget_text_of(Property::DomainRegisteredDateTime);
    }

    /// The text written for `domainRegisteredDateTime`: the text it came
    /// in with while the field still holds that instant, otherwise Graph's
    /// form of the instant (`2019-04-16T09:27:45.12Z`).
    ///
    /// ```
    /// use msgraph_network_connection::NetworkConnection;
    ///
    /// let c: NetworkConnection =
    ///     serde_json::from_str(r#"{"domainRegisteredDateTime":"2017-01-01T00:01:30.7098297+00:00"}"#)?;
    /// assert_eq!(c.domain_registered_date_time_text().as_deref(), Some("2017-01-01T00:01:30.7098297+00:00"));
    /// # Ok::<(), serde_json::Error>(())
    /// ```
    pub fn domain_registered_date_time_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        self.text(Property::DomainRegisteredDateTime)
    }

    /// The properties written as `null`.
    fn nulls(&self) -> impl Iterator<Item = Property> + '_ {
        Property::ALL.iter().copied().filter(|p| self.is_null(*p))
    }
}
