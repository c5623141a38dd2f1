//! Reading the API's JSON answers into their types: a serde `Deserializer` over the
//! response's text. It replaces `serde-wasm-bindgen`'s reading for size: serde's
//! default error messages describe the value that did not fit, floats included, which
//! brought the whole of Rust's float formatting (9.6 KB) into the main WASM module. Here a
//! failure is only "this answer does not fit" (the app treats any as a bad answer, and
//! never shows serde's words), so no message is formatted at all.
//!
//! It reads what the server writes (`serde_json` on the server): objects, arrays,
//! strings with every JSON escape, integers, booleans and null. The API has no fractions,
//! so a number with a fraction or an exponent does not fit.

use serde::de::{
    self, value::BorrowedStrDeserializer, Deserialize, DeserializeOwned, DeserializeSeed,
    IntoDeserializer, Visitor,
};

/// The answer does not fit the type it was read as: bad JSON, or the wrong shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unfit;

impl std::fmt::Display for Unfit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the answer does not fit its type")
    }
}

impl std::error::Error for Unfit {}

// Every constructor is overridden so that none formats what it is given.
impl de::Error for Unfit {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        Unfit
    }
    fn invalid_type(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Unfit
    }
    fn invalid_value(_: de::Unexpected, _: &dyn de::Expected) -> Self {
        Unfit
    }
    fn invalid_length(_: usize, _: &dyn de::Expected) -> Self {
        Unfit
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Self {
        Unfit
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Self {
        Unfit
    }
    fn missing_field(_: &'static str) -> Self {
        Unfit
    }
    fn duplicate_field(_: &'static str) -> Self {
        Unfit
    }
}

type Result<T> = std::result::Result<T, Unfit>;

mod text;
use text::{Number, Reader, Text};

/// `text` as a `T`: the whole of it, nothing but whitespace after the value.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T> {
    whole(text, |reader| T::deserialize(reader))
}

/// The text of the entry `key` of the object `text`, for `from_str`; `None` when the
/// object has no such entry. Not generic, so it adds no reading code per type.
pub fn entry_text<'t>(text: &'t str, key: &str) -> Result<Option<&'t str>> {
    whole(text, |reader| {
        reader.bracketed(b'{', b'}', |mut items| {
            let mut found = None;
            while items.more(b'}')? {
                let name = String::deserialize(&mut *items.reader)?;
                items.reader.expect(b':')?;
                items.reader.skip_space();
                let start = items.reader.position();
                de::IgnoredAny::deserialize(&mut *items.reader)?;
                if name == key && found.is_none() {
                    found = text.get(start..items.reader.position());
                }
            }
            Ok(found)
        })
    })
}

/// What `read` makes of `text`, which must hold nothing but whitespace after it.
fn whole<'de, T>(text: &'de str, read: impl FnOnce(&mut Reader<'de>) -> Result<T>) -> Result<T> {
    let mut reader = Reader::new(text);
    let value = read(&mut reader)?;
    reader.skip_space();
    if reader.at_end() {
        Ok(value)
    } else {
        Err(Unfit)
    }
}

impl<'de> Reader<'de> {
    /// An array or object: `open`, what `read` takes of its items, `close`.
    fn bracketed<T>(
        &mut self,
        open: u8,
        close: u8,
        read: impl FnOnce(Items<'_, 'de>) -> Result<T>,
    ) -> Result<T> {
        self.expect(open)?;
        let value = read(Items {
            reader: self,
            first: true,
        })?;
        self.expect(close)?;
        Ok(value)
    }
}

/// Methods that read as `$as`: every integer width as `i64`,
/// strings and identifiers as `str`.
macro_rules! read_as {
    ($($($method:ident)+ => $as:ident),+) => {
        $($(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
                self.$as(visitor)
            }
        )+)+
    };
}

impl<'de> de::Deserializer<'de> for &mut Reader<'de> {
    type Error = Unfit;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.peek()? {
            b'n' => {
                self.keyword(b"null")?;
                visitor.visit_unit()
            }
            b't' | b'f' => self.deserialize_bool(visitor),
            b'"' => self.deserialize_str(visitor),
            b'[' => self.deserialize_seq(visitor),
            b'{' => self.deserialize_map(visitor),
            _ => self.deserialize_i64(visitor),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        if self.peek()? == b'n' {
            self.keyword(b"null")?;
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is its name as a string; any other, `{"name": content}`.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        match self.take()? {
            b'"' => match self.string()? {
                Text::Borrowed(s) => visitor.visit_enum(BorrowedStrDeserializer::new(s)),
                Text::Owned(s) => visitor.visit_enum(s.into_deserializer()),
            },
            b'{' => {
                let value = visitor.visit_enum(Variant { reader: self })?;
                self.expect(b'}')?;
                Ok(value)
            }
            _ => Err(Unfit),
        }
    }

    // What a type asks for is read as that alone: a struct's visitor is then only ever
    // given an object, and the code for the other shapes is not built for it.
    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        let value = self.peek()? == b't';
        self.keyword(if value { b"true" } else { b"false" })?;
        visitor.visit_bool(value)
    }

    fn deserialize_i64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        match self.integer()? {
            Number::Positive(n) => visitor.visit_u64(n),
            Number::Negative(n) => visitor.visit_i64(n),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.expect(b'"')?;
        match self.string()? {
            Text::Borrowed(s) => visitor.visit_borrowed_str(s),
            Text::Owned(s) => visitor.visit_string(s),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.bracketed(b'[', b']', |items| visitor.visit_seq(items))
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value> {
        self.bracketed(b'{', b'}', |items| visitor.visit_map(items))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        self.deserialize_map(visitor)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 f32 f64 char bytes byte_buf unit unit_struct tuple tuple_struct
        ignored_any
    }

    read_as! {
        deserialize_i8 deserialize_i16 deserialize_i32 deserialize_u8 deserialize_u16
            deserialize_u32 deserialize_u64 => deserialize_i64,
        deserialize_string deserialize_identifier => deserialize_str
    }
}

/// An array's items or an object's entries, comma-separated (the opening bracket taken;
/// the caller takes the closing one).
struct Items<'a, 'de> {
    reader: &'a mut Reader<'de>,
    first: bool,
}

impl Items<'_, '_> {
    /// Whether another item follows before `close`.
    fn more(&mut self, close: u8) -> Result<bool> {
        if self.reader.peek()? == close {
            return Ok(false);
        }
        if !std::mem::replace(&mut self.first, false) {
            self.reader.expect(b',')?;
        }
        Ok(true)
    }
}

impl<'de> de::SeqAccess<'de> for Items<'_, 'de> {
    type Error = Unfit;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>> {
        if !self.more(b']')? {
            return Ok(None);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }
}

impl<'de> de::MapAccess<'de> for Items<'_, 'de> {
    type Error = Unfit;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>> {
        if !self.more(b'}')? {
            return Ok(None);
        }
        if self.reader.peek()? != b'"' {
            return Err(Unfit);
        }
        seed.deserialize(&mut *self.reader).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value> {
        self.reader.expect(b':')?;
        seed.deserialize(&mut *self.reader)
    }
}

/// The variant of `{"name": content}` (its opening brace taken).
struct Variant<'a, 'de> {
    reader: &'a mut Reader<'de>,
}

impl<'a, 'de> de::EnumAccess<'de> for Variant<'a, 'de> {
    type Error = Unfit;
    type Variant = Self;

    fn variant_seed<V: DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Self)> {
        let name = seed.deserialize(&mut *self.reader)?;
        self.reader.expect(b':')?;
        Ok((name, self))
    }
}

impl<'de> de::VariantAccess<'de> for Variant<'_, 'de> {
    type Error = Unfit;

    fn unit_variant(self) -> Result<()> {
        de::Deserialize::deserialize(&mut *self.reader)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value> {
        seed.deserialize(&mut *self.reader)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _: usize, visitor: V) -> Result<V::Value> {
        de::Deserializer::deserialize_any(&mut *self.reader, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value> {
        de::Deserializer::deserialize_any(&mut *self.reader, visitor)
    }
}

#[cfg(test)]
mod tests;
