//! Enums stored as text, mapped in one place. The text is the enum's API name (its serde
//! snake_case code, e.g. `clawed_back`, `under_review`), so the database, the JSON and
//! the app agree; a value the code does not know is a decode error, never a default.

use serde::{de::DeserializeOwned, Serialize};
use sqlx::{any::AnyTypeInfo, error::BoxDynError, Any, Decode, Type};

/// A column holding an enum as text, decoded by `parse` (for `FromRow` structs).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stored<T>(pub T);

impl<T> Type<Any> for Stored<T> {
    fn type_info() -> AnyTypeInfo {
        <String as Type<Any>>::type_info()
    }

    fn compatible(ty: &AnyTypeInfo) -> bool {
        <String as Type<Any>>::compatible(ty)
    }
}

impl<'r, T: DeserializeOwned> Decode<'r, Any> for Stored<T> {
    fn decode(value: <Any as sqlx::Database>::ValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <String as Decode<'r, Any>>::decode(value)?;
        Ok(Stored(parse(&text)?))
    }
}

/// The stored text of a value.
pub fn name<T: Serialize>(value: T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        // Every enum we store serializes as a plain string; anything else is a bug here.
        other => unreachable!("not a text enum: {other:?}"),
    }
}

/// The value stored as `text`; unknown text is an error.
pub fn parse<T: DeserializeOwned>(text: &str) -> sqlx::Result<T> {
    use serde::de::{value::StrDeserializer, IntoDeserializer};
    let de: StrDeserializer<'_, serde::de::value::Error> = text.into_deserializer();
    T::deserialize(de)
        .map_err(|e| sqlx::Error::Decode(format!("unknown stored value {text:?}: {e}").into()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use circle_api::{CommissionStatus, OrderStatus, ProductStatus};

    #[test]
    fn stored_names_round_trip() {
        assert_eq!(name(CommissionStatus::ClawedBack), "clawed_back");
        assert_eq!(name(ProductStatus::UnderReview), "under_review");
        let back: OrderStatus = parse("delivered").expect("known");
        assert_eq!(back, OrderStatus::Delivered);
    }

    #[test]
    fn unknown_stored_text_is_an_error_not_a_default() {
        assert!(parse::<OrderStatus>("lost").is_err());
    }
}
