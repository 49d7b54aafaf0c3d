//! Serde helpers that write timestamps as RFC 3339 strings in UTC with millisecond precision
//! (`2024-05-01T09:30:00.000Z`), the form py-fsrs's `datetime.fromisoformat` reads back.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Formats a timestamp the way every stagecraft file writes it.
pub(crate) fn to_string(time: &DateTime<Utc>) -> String {
    time.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn parse<E: serde::de::Error>(text: &str) -> Result<DateTime<Utc>, E> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|err| E::custom(format!("invalid RFC 3339 timestamp `{text}`: {err}")))
}

/// Required timestamp field.
pub(crate) mod required {
    use super::*;

    /// Serializes as an RFC 3339 string.
    pub(crate) fn serialize<S: Serializer>(time: &DateTime<Utc>, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&to_string(time))
    }

    /// Parses an RFC 3339 string.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<Utc>, D::Error> {
        let text = String::deserialize(d)?;
        parse(&text)
    }
}

/// Optional timestamp field (`null` when absent).
pub(crate) mod optional {
    use super::*;

    /// Serializes as an RFC 3339 string or `null`.
    pub(crate) fn serialize<S: Serializer>(
        time: &Option<DateTime<Utc>>,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        match time {
            Some(time) => s.serialize_str(&to_string(time)),
            None => s.serialize_none(),
        }
    }

    /// Parses an RFC 3339 string or `null`.
    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<DateTime<Utc>>, D::Error> {
        let text = Option::<String>::deserialize(d)?;
        text.map(|text| parse(&text)).transpose()
    }
}
