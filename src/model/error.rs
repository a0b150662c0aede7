//! What the model adds to the crate's error: the property it is about, as
//! a [`Property`], and the errors of parsing a property's text.

use crate::{Error, Property};

impl Error {
    /// The connection property the error is about: the property of a
    /// malformed value, address, port or risk score.
    pub fn property(&self) -> Option<Property> {
        self.property_name().and_then(Property::from_name)
    }

    /// `text` of `property` is not what the property holds; `what` says
    /// what it must be (`an IP address`).
    #[cold]
    pub(crate) fn invalid_property(property: Property, text: &str, what: &str) -> Self {
        Error::invalid_value(
            format!("{property}: `{text}` is not {what}"),
            Some(property.name()),
        )
    }
}
