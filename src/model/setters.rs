//! The setters of each property, on the builder and on a connection,
//! generated from the property table: `foo(T)` and `set_foo(Option<T>)`
//! take the same `T` (as aws-sdk builders do), the typed value where the
//! property has one (`u16` for a port, `IpAddr` for an address), with
//! `foo_text` and `set_foo_text` for any text.

/// One row of the property table: `Variant "name" field / set_field: Type`
/// and, for a property held as text with a typed value, `= Kind(Typed)
/// field_text / set_field_text`.
macro_rules! property_setters {
    ($variant:ident $name:literal $field:ident / $setter:ident: $ty:ty) => {
        impl crate::NetworkConnectionBuilder {
            #[doc = concat!("Sets `", $name, "`.")]
            pub fn $field(mut self, value: impl Into<$ty>) -> Self {
                self.connection.$setter(value.into());
                self
            }

            #[doc = concat!("Sets `", $name, "`, or leaves it out when `None`.")]
            pub fn $setter(mut self, value: Option<$ty>) -> Self {
                self.connection.$setter(value);
                self
            }
        }

        impl crate::NetworkConnection {
            #[doc = concat!("Sets `", $name, "` (a value, or `None` to remove it: use [`set_null`](Self::set_null) to write `null`).")]
            pub fn $setter(&mut self, value: impl Into<Option<$ty>>) {
                self.remove(crate::Property::$variant);
                self.$field = value.into();
            }
        }
    };
    ($variant:ident $name:literal $field:ident / $setter:ident: $ty:ty
        = Score($typed:ty) $text:ident / $set_text:ident) => {
        $crate::model::setters::property_setters!(@text $variant $name $field $text $set_text);
    };
    ($variant:ident $name:literal $field:ident / $setter:ident: $ty:ty
        = $kind:ident($typed:ty) $text:ident / $set_text:ident) => {
        impl crate::NetworkConnectionBuilder {
            #[doc = concat!("Sets `", $name, "`, written as Graph writes it (`", stringify!($kind), "`).")]
            pub fn $field(mut self, value: $typed) -> Self {
                self.connection.$setter(value);
                self
            }

            #[doc = concat!("Sets `", $name, "`, or leaves it out when `None`.")]
            pub fn $setter(mut self, value: Option<$typed>) -> Self {
                self.connection.$setter(value);
                self
            }
        }

        impl crate::NetworkConnection {
            #[doc = concat!("Sets `", $name, "` in its standard text form, or removes it when `None`.")]
            pub fn $setter(&mut self, value: impl Into<Option<$typed>>) {
                self.$set_text(value.into().map(|value| value.to_string()));
            }
        }

        $crate::model::setters::property_setters!(@text $variant $name $field $text $set_text);
    };
    (@text $variant:ident $name:literal $field:ident $text:ident $set_text:ident) => {
        impl crate::NetworkConnectionBuilder {
            #[doc = concat!("Sets `", $name, "` as text, as given (it need not parse).")]
            pub fn $text(mut self, text: impl Into<String>) -> Self {
                self.connection.$set_text(text.into());
                self
            }

            #[doc = concat!("Sets `", $name, "` as text, or leaves it out when `None`.")]
            pub fn $set_text(mut self, text: Option<String>) -> Self {
                self.connection.$set_text(text);
                self
            }
        }

        impl crate::NetworkConnection {
            #[doc = concat!("Sets `", $name, "` as text, as given, or removes it when `None`.")]
            pub fn $set_text(&mut self, text: impl Into<Option<String>>) {
                self.remove(crate::Property::$variant);
                self.$field = text.into();
            }
        }
    };
}

pub(crate) use property_setters;
