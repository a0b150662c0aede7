//! Graph enum members: the table-driven macro behind the three enum types and
//! the opaque holder of member names this version does not know.

use std::fmt;

/// A member name the enum does not define, as it came in on the wire.
///
/// Graph adds members to its evolvable enums over time; a payload written by a
/// newer service (or a sample using the placeholder `"String"`) carries names
/// this version does not know. They are kept here and written back unchanged.
///
/// Only deserialization creates one, and only for a name that is not a known
/// member, so a known name always maps to its own variant.
#[derive(Clone, PartialEq, Eq, Hash)]
// Boxed twice so that the enums holding it are two words, not three: a
// connection holds three of them, and unknown members are rare.
pub struct UnrecognizedMember(pub(crate) Box<Box<str>>);

impl UnrecognizedMember {
    /// The member name as it appeared on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for UnrecognizedMember {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&self.0, f)
    }
}

/// Defines a Graph enum from one table of `Variant = code => "wireName"` rows:
/// the type, its list of members, names, codes, parsing and `Display` (its
/// JSON form is `json::members`').
macro_rules! graph_enum {
    (
        $(#[$meta:meta])*
        $type:ident, $graph_name:literal, {
            $( $(#[doc = $doc:literal])* $variant:ident = $code:literal => $wire:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $type {
            $( $(#[doc = $doc])* #[doc = concat!("\n\nWire name `", $wire, "`, code ", stringify!($code), ".")] $variant, )+
            /// A member name this version does not know, kept as it came in.
            Unrecognized($crate::UnrecognizedMember),
        }

        impl $type {
            #[doc = concat!("Graph's name of this enum type: `", $graph_name, "`.")]
            pub const GRAPH_NAME: &'static str = $graph_name;

            /// Every member Graph defines, in the order of Graph's metadata.
            pub const ALL: &'static [$type] = &[$($type::$variant),+];

            /// The member name as Graph writes it on the wire.
            pub fn as_str(&self) -> &str {
                // A table indexed by the member's position, rather than a
                // `match` returning each name: that compiled to a jump table
                // whose mispredictions cost serialization 5-10% (callgrind
                // branch simulation, builder-made connections).
                #[allow(dead_code)]
                enum Position { $($variant),+ }
                const NAMES: &[&str] = &[$($wire),+];
                let position = match self {
                    $($type::$variant => Position::$variant as usize,)+
                    $type::Unrecognized(member) => return member.as_str(),
                };
                NAMES[position]
            }

            /// The member's numeric value in Graph's metadata; `None` for an
            /// unrecognized member.
            pub const fn code(&self) -> Option<i32> {
                match self {
                    $($type::$variant => Some($code),)+
                    $type::Unrecognized(_) => None,
                }
            }

            /// The member with this numeric value, if Graph defines one.
            pub const fn from_code(code: i32) -> Option<Self> {
                match code {
                    $($code => Some($type::$variant),)+
                    _ => None,
                }
            }

            /// The known member with this exact (case-sensitive) name.
            pub(crate) fn from_known_name(name: &str) -> Option<Self> {
                match name {
                    $($wire => Some($type::$variant),)+
                    _ => None,
                }
            }

            /// The member for a name read from the wire: a known member, or
            /// `Unrecognized` holding the name.
            pub(crate) fn from_wire_name(name: &str) -> Self {
                Self::from_known_name(name).unwrap_or_else(|| {
                    $type::Unrecognized($crate::UnrecognizedMember(Box::new(name.into())))
                })
            }

            /// Whether this is a member this version knows.
            pub const fn is_known(&self) -> bool {
                !matches!(self, $type::Unrecognized(_))
            }
        }

        /// Members in the order of Graph's codes, then unrecognized members
        /// by name. Graph's codes are its own order (the metadata lists
        /// members by code), and a member this version does not know has no
        /// code, so it sorts after every known one; among themselves,
        /// unknown names sort as text so that the order is total and
        /// agrees with `Eq`.
        impl ::std::cmp::Ord for $type {
            fn cmp(&self, other: &Self) -> ::std::cmp::Ordering {
                match (self.code(), other.code()) {
                    (Some(a), Some(b)) => a.cmp(&b),
                    (Some(_), None) => ::std::cmp::Ordering::Less,
                    (None, Some(_)) => ::std::cmp::Ordering::Greater,
                    (None, None) => self.as_str().cmp(other.as_str()),
                }
            }
        }

        impl ::std::cmp::PartialOrd for $type {
            fn partial_cmp(&self, other: &Self) -> Option<::std::cmp::Ordering> {
                Some(self.cmp(other))
            }
        }

        impl ::std::fmt::Display for $type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        /// Strict: only member names Graph defines parse (case-sensitive).
        impl ::std::str::FromStr for $type {
            type Err = $crate::Error;

            fn from_str(name: &str) -> Result<Self, Self::Err> {
                Self::from_known_name(name).ok_or_else(|| {
                    $crate::Error::invalid_value(
                        format!(concat!("`{}` is not a ", $graph_name, " member"), name),
                        None,
                    )
                })
            }
        }

        impl ::std::convert::TryFrom<i32> for $type {
            type Error = $crate::Error;

            fn try_from(code: i32) -> Result<Self, Self::Error> {
                Self::from_code(code).ok_or_else(|| {
                    $crate::Error::invalid_value(
                        format!(concat!("{} is not a ", $graph_name, " code"), code),
                        None,
                    )
                })
            }
        }

        impl $crate::model::PropertyValue for $type {
            #[inline]
            fn text<'a>(
                &'a self,
                _property: $crate::Property,
                _state: &'a $crate::model::WireState,
            ) -> ::std::borrow::Cow<'a, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }
    };
}

pub(crate) use graph_enum;
