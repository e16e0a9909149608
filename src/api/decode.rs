//! A serde `Deserializer` over the JS object a page passes as options, made for
//! [`Options`] and nothing more: an object with string keys whose values are strings,
//! booleans, whole numbers in `u32` range, `null`/`undefined` (absent), or an object of
//! the same kind (`previous`).
//!
//! A general JS-to-serde bridge would do, but its error path describes an unexpected
//! number by formatting it, which links all of core's float formatting into the package.
//! Here every value is checked against what its field asks for and refused with a message
//! naming the option, so no float is ever formatted (`1.5`, `-1` and `NaN` for
//! `minVisibleMs` all read "`minVisibleMs` must be a whole number from 0 to 4294967295").

use std::fmt::{self, Display};

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeSeed, Deserializer, Expected, IntoDeserializer, MapAccess, Unexpected, Visitor};
use serde::forward_to_deserialize_any;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::errors::WidgetError;
use crate::options::Options;

/// Decodes `value` (a plain object) into [`Options`], with `deny_unknown_fields` and the
/// field types doing the checking. `validated()` is left to the caller.
pub fn options(value: &JsValue) -> Result<Options, WidgetError> {
    serde::Deserialize::deserialize(ObjectDeserializer(value)).map_err(|Error(message)| WidgetError::InvalidOption(message))
}

/// The decoder's complaint, in English, already worded for `invalid-option`.
#[derive(Debug)]
struct Error(String);

impl Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: Display>(message: T) -> Self {
        Error(message.to_string())
    }

    // serde's own wording of these two formats the unexpected value, a float included;
    // the value's kind is enough (and the paths below never get here for options).
    fn invalid_type(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Error(format!("invalid type: {}, expected {expected}", kind(unexpected)))
    }

    fn invalid_value(unexpected: Unexpected<'_>, expected: &dyn Expected) -> Self {
        Error(format!("invalid value: {}, expected {expected}", kind(unexpected)))
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        Error(if expected == crate::options::PREVIOUS_KEYS { crate::options::unknown_previous_key(field) } else { crate::options::unknown_option(field) })
    }

    // Only `previous` has required members.
    fn missing_field(field: &'static str) -> Self {
        Error(format!("`previous` needs `{field}`"))
    }
}

fn kind(unexpected: Unexpected<'_>) -> &'static str {
    match unexpected {
        Unexpected::Bool(_) => "a boolean",
        Unexpected::Unsigned(_) | Unexpected::Signed(_) | Unexpected::Float(_) => "a number",
        Unexpected::Char(_) | Unexpected::Str(_) => "a string",
        Unexpected::Bytes(_) => "bytes",
        Unexpected::Unit => "null",
        Unexpected::Seq => "an array",
        Unexpected::Map => "an object",
        Unexpected::Option
        | Unexpected::NewtypeStruct
        | Unexpected::Enum
        | Unexpected::UnitVariant
        | Unexpected::NewtypeVariant
        | Unexpected::TupleVariant
        | Unexpected::StructVariant
        | Unexpected::Other(_) => "a value of another kind",
    }
}

/// The options object itself: decodes as a map or a struct only.
struct ObjectDeserializer<'a>(&'a JsValue);

impl<'de> Deserializer<'de> for ObjectDeserializer<'_> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.0;
        if !value.is_object() || Array::is_array(value) {
            return Err(Error("the options must be an object".into()));
        }
        visitor.visit_map(Entries::new(value, ""))
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
        identifier ignored_any
    }
}

/// The object's own enumerable string keys (`Object.keys`), each with its value; `path`
/// names them in messages (`previous.` for the members of `previous`).
struct Entries<'a> {
    object: &'a JsValue,
    keys: Array,
    next: u32,
    key: String,
    path: &'a str,
}

impl<'a> Entries<'a> {
    fn new(object: &'a JsValue, path: &'a str) -> Self {
        Entries { object, keys: Object::keys(object.unchecked_ref::<Object>()), next: 0, key: String::new(), path }
    }
}

impl<'de> MapAccess<'de> for Entries<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        self.key = self.keys.get(self.next).as_string().unwrap_or_default();
        self.next += 1;
        seed.deserialize(self.key.as_str().into_deserializer()).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let key = [self.path, &self.key].concat();
        let value = Reflect::get(self.object, &JsValue::from_str(&self.key)).map_err(|_| Error(format!("`{key}` could not be read")))?;
        seed.deserialize(ValueDeserializer { key: &key, value })
    }

    fn size_hint(&self) -> Option<usize> {
        Some((self.keys.length() - self.next) as usize)
    }
}

/// One option's value; the field's type says what it must be.
struct ValueDeserializer<'a> {
    key: &'a str,
    value: JsValue,
}

impl ValueDeserializer<'_> {
    fn refuse(&self, must: &str) -> Error {
        Error(format!("`{}` must be {must}", self.key))
    }
}

impl<'de> Deserializer<'de> for ValueDeserializer<'_> {
    type Error = Error;

    /// Only reached for a field type options do not use.
    fn deserialize_any<V: Visitor<'de>>(self, _visitor: V) -> Result<V::Value, Error> {
        Err(self.refuse("a string, a boolean or a whole number"))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.value.is_undefined() || self.value.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.as_bool() {
            Some(flag) => visitor.visit_bool(flag),
            None => Err(self.refuse("true or false")),
        }
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        // NaN, infinities, fractions and negatives all fail the range or the trunc test.
        match self.value.as_f64() {
            Some(n) if (0.0..=f64::from(u32::MAX)).contains(&n) && n.trunc() == n => visitor.visit_u32(n as u32),
            _ => Err(self.refuse(&format!("a whole number from 0 to {}", u32::MAX))),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    /// `previous`: an object whose members are decoded like the options'.
    fn deserialize_struct<V: Visitor<'de>>(self, _name: &'static str, _fields: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        if !self.value.is_object() || Array::is_array(&self.value) {
            return Err(self.refuse("an object"));
        }
        let path = [self.key, "."].concat();
        visitor.visit_map(Entries::new(&self.value, &path))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.value.as_string() {
            Some(text) => visitor.visit_string(text),
            None => Err(self.refuse("a string")),
        }
    }

    forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct newtype_struct seq tuple tuple_struct map enum
        identifier ignored_any
    }
}
