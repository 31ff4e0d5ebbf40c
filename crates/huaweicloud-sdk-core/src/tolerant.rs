//! Tolerant decoding: JSON that disagrees with the documented types in the ways reference
//! pages get wrong, decoded anyway.
//!
//! Generated types follow the reference pages, and the pages are not always right about
//! scalars: a field documented as `String` comes back as `5`, an `Integer` as `"5"`, a
//! `Boolean` as `"true"`, an `Array` holds a single object written without brackets. Decoding
//! first tries the exact types ([`crate::decode_json`]); only when that fails is the body read
//! again through [`from_value`], which accepts these coercions and nothing else:
//!
//! | documented | also accepted |
//! |---|---|
//! | string | a number or a boolean (its JSON text) |
//! | integer, number | a string holding a number of that kind |
//! | boolean | the strings `"true"`/`"false"` (any case), the numbers `0`/`1` |
//! | array | a single value of the item type (an array of one) |
//!
//! An object is never taken for a scalar or the other way round, and nothing is dropped: what
//! none of the rules covers is the same error as without them.

use serde::de::{
    self, DeserializeOwned, DeserializeSeed, Deserializer, IntoDeserializer, MapAccess, SeqAccess,
    Visitor,
};
use serde_json::{Number, Value};
use std::cell::RefCell;

/// Decodes `value` as `T` with the coercions of this module.
pub fn from_value<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    read::<T>(value, &Reading::new(true)).map_err(located)
}

/// Decodes JSON text as `T`: exactly when it can, with the coercions of this module when the
/// exact reading fails (the error is then the exact reading's, with the path where it failed:
/// `spec.nodes[0].count: invalid type: ...`).
///
/// Every reading of this crate (exact, coerced, strict with unknown keys noted) goes through
/// one deserializer type, which keeps the path itself: each generated type's `Deserialize`
/// is compiled once, not once per reading and again under each wrapper a path or an ignored
/// key would take (serde_path_to_error's and serde_ignored's were half of a generated crate's
/// machine code).
pub fn from_slice<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, serde_json::Error> {
    let value: Value = serde_json::from_slice(bytes)?;
    from_json(&value)
}

/// [`from_slice`] of JSON already read: exactly when it can, else with the coercions, the
/// error being the exact reading's with its path.
pub fn from_json<T: DeserializeOwned>(value: &Value) -> Result<T, serde_json::Error> {
    let strict = match read::<T>(value, &Reading::new(false)) {
        Ok(v) => return Ok(v),
        Err(e) => e,
    };
    match read::<T>(value, &Reading::new(true)) {
        Ok(v) => {
            coerced(&strict.1);
            Ok(v)
        }
        Err(_) => Err(located(strict)),
    }
}

/// Says where a value needed the coercions (not what it was: it could be anything a service
/// sends).
fn coerced(path: &str) {
    tracing::warn!(
        path = %if path.is_empty() { "." } else { path },
        "the JSON does not match the documented types; decoded with coercions"
    );
}

/// Decodes `value` as `T` exactly (no coercions), and says which keys of it no field of `T`
/// took (`body.spec.cout`, `tags[1].kee`), which plain decoding drops without a word: how an
/// untyped input is checked, and how a test shows that an example loses nothing.
pub fn from_json_noting_unknown<T: DeserializeOwned>(
    value: &Value,
) -> Result<(T, Vec<String>), serde_json::Error> {
    noting_unknown::<T>(value, &Step::Root)
}

/// [`from_json_noting_unknown`] of a value found under the key `key` of a document: the paths
/// of the error and of the unknown keys start with it (`body.spec.cout`).
pub fn from_json_noting_unknown_at<T: DeserializeOwned>(
    value: &Value,
    key: &str,
) -> Result<(T, Vec<String>), serde_json::Error> {
    noting_unknown::<T>(value, &Step::Key(key, &Step::Root))
}

fn noting_unknown<T: DeserializeOwned>(
    value: &Value,
    at: &Step<'_>,
) -> Result<(T, Vec<String>), serde_json::Error> {
    let reading = Reading {
        unknown: Some(RefCell::new(Vec::new())),
        ..Reading::new(false)
    };
    let decoded = read_at::<T>(value, &reading, at).map_err(located)?;
    Ok((
        decoded,
        reading.unknown.map(RefCell::into_inner).unwrap_or_default(),
    ))
}

/// The error with the path where it arose in front (`tags[0].key: invalid type …`), or alone
/// when it arose at the top.
fn located((error, at): (serde_json::Error, String)) -> serde_json::Error {
    if at.is_empty() {
        error
    } else {
        de::Error::custom(format!("{at}: {error}"))
    }
}

/// One reading of a value as `T`: its error, if any, with the path of the innermost value
/// that failed.
fn read<T: DeserializeOwned>(
    value: &Value,
    reading: &Reading,
) -> Result<T, (serde_json::Error, String)> {
    read_at::<T>(value, reading, &Step::Root)
}

/// [`read`] of a value at `at` in its document.
fn read_at<T: DeserializeOwned>(
    value: &Value,
    reading: &Reading,
    at: &Step<'_>,
) -> Result<T, (serde_json::Error, String)> {
    match T::deserialize(Tolerant { value, reading, at }) {
        Ok(v) => Ok(v),
        Err(e) => Err((
            e,
            reading.failed_at.take().unwrap_or_else(|| at.to_string()),
        )),
    }
}

/// How one reading goes, and what it notes on the way.
struct Reading {
    /// With the coercions of this module.
    lenient: bool,
    /// The path of the innermost value whose decoding failed: the first to fail records it,
    /// the values around it, failing in turn, leave it.
    failed_at: RefCell<Option<String>>,
    /// Where the keys no field took are, when asked for.
    unknown: Option<RefCell<Vec<String>>>,
}

impl Reading {
    fn new(lenient: bool) -> Self {
        Reading {
            lenient,
            failed_at: RefCell::new(None),
            unknown: None,
        }
    }

    fn failed(&self, at: &Step<'_>, error: serde_json::Error) -> serde_json::Error {
        let mut failed_at = self.failed_at.borrow_mut();
        if failed_at.is_none() {
            *failed_at = Some(at.to_string());
        }
        error
    }
}

/// Where a value is in the document: a chain of steps on the stack, written out only for an
/// error or an unknown key.
#[derive(Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a str, &'a Step<'a>),
    Index(usize, &'a Step<'a>),
}

impl std::fmt::Display for Step<'_> {
    /// `spec.nodes[0].count`, as serde_path_to_error writes paths; the top is empty.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Step::Root => Ok(()),
            Step::Key(key, Step::Root) => f.write_str(key),
            Step::Key(key, parent) => write!(f, "{parent}.{key}"),
            Step::Index(i, parent) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Reads a string, or the JSON text of a number or boolean: how generated enums of documented
/// values (`"1"`, `"true"` in a value list) read their wire value, so that a service sending
/// `1` or `true` for them still decodes. Anything else is an error.
pub fn string_like<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    struct StringLike;
    impl<'de> Visitor<'de> for StringLike {
        type Value = String;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a string (or a number or boolean standing for one)")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(Number::from_f64(v).map_or_else(|| v.to_string(), |n| n.to_string()))
        }
    }
    deserializer.deserialize_any(StringLike)
}

/// A JSON value as a deserializer: exact, or with the coercions when its reading is lenient;
/// `at` is where the value is.
#[derive(Clone, Copy)]
struct Tolerant<'a> {
    value: &'a Value,
    reading: &'a Reading,
    at: &'a Step<'a>,
}

fn visit_number<'de, V: Visitor<'de>>(
    n: &Number,
    visitor: V,
) -> Result<V::Value, serde_json::Error> {
    if let Some(u) = n.as_u64() {
        visitor.visit_u64(u)
    } else if let Some(i) = n.as_i64() {
        visitor.visit_i64(i)
    } else {
        visitor.visit_f64(n.as_f64().unwrap_or(f64::NAN))
    }
}

/// What serde's error messages call `value`.
fn unexpected(value: &Value) -> de::Unexpected<'_> {
    match value {
        Value::Null => de::Unexpected::Unit,
        Value::Bool(b) => de::Unexpected::Bool(*b),
        Value::Number(n) => match (n.as_u64(), n.as_i64()) {
            (Some(u), _) => de::Unexpected::Unsigned(u),
            (_, Some(i)) => de::Unexpected::Signed(i),
            _ => de::Unexpected::Float(n.as_f64().unwrap_or(f64::NAN)),
        },
        Value::String(s) => de::Unexpected::Str(s),
        Value::Array(_) => de::Unexpected::Seq,
        Value::Object(_) => de::Unexpected::Map,
    }
}

impl<'a> Tolerant<'a> {
    fn any<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.value {
            Value::Null => visitor.visit_unit(),
            Value::Bool(b) => visitor.visit_bool(*b),
            Value::Number(n) => visit_number(n, visitor),
            Value::String(s) => visitor.visit_str(s),
            Value::Array(a) => visitor.visit_seq(self.seq(a)),
            Value::Object(m) => visitor.visit_map(Fields {
                iter: m.iter(),
                value: None,
                reading: self.reading,
                at: self.at,
            }),
        }
    }

    /// An object, for a struct or a map: anything else is the error its visitor's other
    /// methods would give, without compiling them for each struct (a struct's visitor takes
    /// only maps and sequences, and an array is never what a service means by a struct).
    fn object<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        match self.fields() {
            Ok(fields) => visitor.visit_map(fields),
            Err(other) => Err(de::Error::invalid_type(other, &visitor)),
        }
    }

    /// The members of an object, or what the value is instead: the part of [`Self::object`]
    /// that is the same for every visitor, compiled once.
    fn fields(self) -> Result<Fields<'a>, de::Unexpected<'a>> {
        match self.value {
            Value::Object(m) => Ok(Fields {
                iter: m.iter(),
                value: None,
                reading: self.reading,
                at: self.at,
            }),
            other => Err(unexpected(other)),
        }
    }

    fn lenient(&self) -> bool {
        self.reading.lenient
    }

    fn seq(&self, items: &'a [Value]) -> Seq<'a> {
        Seq {
            iter: items.iter().enumerate(),
            reading: self.reading,
            at: self.at,
        }
    }

    /// A number written as a string (`"5"`, `"-1.5"`), read as the number it holds.
    fn numeric<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, serde_json::Error> {
        if let (true, Value::String(s)) = (self.lenient(), self.value) {
            if let Ok(Value::Number(n)) = serde_json::from_str::<Value>(s.trim()) {
                return visit_number(&n, visitor);
            }
        }
        self.any(visitor)
    }
}

macro_rules! numeric {
    ($($method:ident)*) => {
        $(fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            self.numeric(visitor)
        })*
    };
}

impl<'de, 'a> Deserializer<'de> for Tolerant<'a> {
    type Error = serde_json::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    numeric!(deserialize_i8 deserialize_i16 deserialize_i32 deserialize_i64 deserialize_i128
        deserialize_u8 deserialize_u16 deserialize_u32 deserialize_u64 deserialize_u128
        deserialize_f32 deserialize_f64);

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if !self.lenient() {
            return self.any(visitor);
        }
        match self.value {
            Value::String(s) if s.trim().eq_ignore_ascii_case("true") => visitor.visit_bool(true),
            Value::String(s) if s.trim().eq_ignore_ascii_case("false") => visitor.visit_bool(false),
            Value::Number(n) if n.as_u64() == Some(0) => visitor.visit_bool(false),
            Value::Number(n) if n.as_u64() == Some(1) => visitor.visit_bool(true),
            _ => self.any(visitor),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if !self.lenient() {
            return self.any(visitor);
        }
        match self.value {
            Value::Number(n) => visitor.visit_string(n.to_string()),
            Value::Bool(b) => visitor.visit_string(b.to_string()),
            _ => self.any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_char<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    fn deserialize_bytes<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    fn deserialize_byte_buf<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_unit<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        visitor.visit_newtype_struct(self)
    }

    /// An array, or any other value but `null` as an array of one.
    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::Array(a) => visitor.visit_seq(self.seq(a)),
            Value::Null => self.any(visitor),
            one if self.lenient() => visitor.visit_seq(self.seq(std::slice::from_ref(one))),
            _ => self.any(visitor),
        }
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _len: usize,
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.object(visitor)
    }

    /// An object only: serde would read an array into a struct field by field, in order,
    /// which is never what a service means.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        self.object(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Self::Error> {
        match self.value {
            Value::String(s) => visitor.visit_enum(s.as_str().into_deserializer()),
            // Variants with data are rare in generated code; serde_json reads them exactly.
            other => other.clone().deserialize_enum(name, variants, visitor),
        }
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        self.any(visitor)
    }

    /// A value no field takes: noted where the reading asks for them.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
        if let Some(unknown) = &self.reading.unknown {
            unknown.borrow_mut().push(self.at.to_string());
        }
        visitor.visit_unit()
    }
}

struct Seq<'a> {
    iter: std::iter::Enumerate<std::slice::Iter<'a, Value>>,
    reading: &'a Reading,
    at: &'a Step<'a>,
}

impl<'de, 'a> SeqAccess<'de> for Seq<'a> {
    type Error = serde_json::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Self::Error> {
        let Some((i, value)) = self.iter.next() else {
            return Ok(None);
        };
        let at = Step::Index(i, self.at);
        let item = Tolerant {
            value,
            reading: self.reading,
            at: &at,
        };
        match seed.deserialize(item) {
            Ok(v) => Ok(Some(v)),
            Err(e) => Err(self.reading.failed(&at, e)),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

struct Fields<'a> {
    iter: serde_json::map::Iter<'a>,
    value: Option<(&'a str, &'a Value)>,
    reading: &'a Reading,
    at: &'a Step<'a>,
}

impl<'a> Fields<'a> {
    /// The next member's key, its value kept for `next_value_seed`: the part of
    /// `next_key_seed` that is the same for every key type, compiled once.
    fn next_key(&mut self) -> Option<&'a str> {
        let (k, v) = self.iter.next()?;
        self.value = Some((k.as_str(), v));
        Some(k.as_str())
    }
}

impl<'de, 'a> MapAccess<'de> for Fields<'a> {
    type Error = serde_json::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Self::Error> {
        match self.next_key() {
            // A `match`, not `.map(Some)`: no closure type compiled for each key type.
            Some(key) => match seed.deserialize(key.into_deserializer()) {
                Ok(k) => Ok(Some(k)),
                Err(e) => Err(e),
            },
            None => Ok(None),
        }
    }

    fn next_value_seed<S: DeserializeSeed<'de>>(
        &mut self,
        seed: S,
    ) -> Result<S::Value, Self::Error> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom(
                "a map value was asked for before its key",
            ));
        };
        let at = Step::Key(key, self.at);
        let field = Tolerant {
            value,
            reading: self.reading,
            at: &at,
        };
        seed.deserialize(field)
            .map_err(|e| self.reading.failed(&at, e))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.iter.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use serde_json::json;
    use std::collections::BTreeMap;

    #[derive(Deserialize, Debug, PartialEq)]
    struct Tag {
        key: String,
        value: Option<String>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Tagged {
        tags: Vec<Tag>,
        count: Option<i32>,
    }

    #[test]
    fn exact_first_then_coerced_and_errors_say_where() {
        let exact: Tagged = from_slice(br#"{"tags": [{"key": "k"}], "count": 2}"#).unwrap();
        assert_eq!(exact.count, Some(2));
        let coerced: Tagged = from_slice(br#"{"tags": {"key": 5}, "count": "2"}"#).unwrap();
        assert_eq!(coerced.tags[0].key, "5");
        assert_eq!(coerced.count, Some(2));
        let e = from_slice::<Tagged>(br#"{"tags": [{"key": {"a": 1}}]}"#).unwrap_err();
        assert!(
            e.to_string().starts_with("tags[0].key: invalid type"),
            "{e}"
        );
        // Invalid JSON is the parser's error, with its position.
        let e = from_slice::<Tagged>(b"{\"tags\": [").unwrap_err();
        assert!(e.to_string().contains("line 1"), "{e}");
    }

    #[derive(Deserialize, Debug, PartialEq)]
    struct Out {
        name: Option<String>,
        count: Option<i32>,
        size: Option<u64>,
        ratio: Option<f64>,
        enabled: Option<bool>,
        tags: Option<Vec<Tag>>,
        ids: Option<Vec<String>>,
        meta: Option<BTreeMap<String, String>>,
        #[serde(rename = "type")]
        kind: Option<Kind>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    enum Kind {
        #[serde(rename = "a")]
        A,
    }

    #[test]
    fn coerces_what_pages_get_wrong() {
        let v = json!({
            "name": 5, "count": "7", "size": " 9 ", "ratio": "1.5", "enabled": "TRUE",
            "tags": {"key": "k", "value": 1}, "ids": "only", "meta": {"a": 2, "b": false},
            "type": "a", "undocumented": [1, 2]
        });
        let out: Out = from_value(&v).unwrap();
        assert_eq!(
            out,
            Out {
                name: Some("5".into()),
                count: Some(7),
                size: Some(9),
                ratio: Some(1.5),
                enabled: Some(true),
                tags: Some(vec![Tag {
                    key: "k".into(),
                    value: Some("1".into())
                }]),
                ids: Some(vec!["only".into()]),
                meta: Some(BTreeMap::from([
                    ("a".into(), "2".into()),
                    ("b".into(), "false".into())
                ])),
                kind: Some(Kind::A),
            }
        );
        let out: Out = from_value(&json!({"enabled": 0, "count": null})).unwrap();
        assert_eq!((out.enabled, out.count), (Some(false), None));
    }

    #[test]
    fn refuses_what_no_rule_covers() {
        for bad in [
            json!({"name": {"a": 1}}),
            json!({"name": [1]}),
            json!({"count": "seven"}),
            json!({"count": 1.5}),
            json!({"enabled": "yes"}),
            json!({"enabled": 2}),
            json!({"tags": [1]}),
            json!({"meta": [["a", "b"]]}),
            json!({"type": "b"}),
        ] {
            assert!(from_value::<Out>(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn string_like_reads_strings_numbers_and_booleans_only() {
        #[derive(Deserialize, Debug, PartialEq)]
        struct E(#[serde(deserialize_with = "string_like")] String);
        for (v, want) in [
            (json!("a"), "a"),
            (json!(1), "1"),
            (json!(-2), "-2"),
            (json!(1.5), "1.5"),
            (json!(true), "true"),
        ] {
            assert_eq!(
                serde_json::from_value::<E>(v.clone()).unwrap(),
                E(want.into())
            );
            assert_eq!(from_value::<E>(&v).unwrap(), E(want.into()));
        }
        for bad in [json!(null), json!([1]), json!({"a": 1})] {
            assert!(serde_json::from_value::<E>(bad.clone()).is_err(), "{bad}");
            assert!(from_value::<E>(&bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn exact_first_and_its_error_kept() {
        let out: Out = from_slice(br#"{"count": 3}"#).unwrap();
        assert_eq!(out.count, Some(3));
        let out: Out = from_slice(br#"{"count": "3"}"#).unwrap();
        assert_eq!(out.count, Some(3));
        let err = from_slice::<Out>(br#"{"count": "x"}"#).unwrap_err();
        assert!(
            err.to_string().contains("invalid type: string \"x\""),
            "{err}"
        );
        assert!(from_slice::<Out>(b"{").is_err());
    }

    #[test]
    fn unknown_keys_and_errors_are_found_by_path() {
        let v = json!({
            "tags": [{"key": "a"}, {"key": "b", "kee": 1}],
            "count": 2,
            "cuont": 3,
            "meta": {"x": "y"}
        });
        let (out, unknown) = from_json_noting_unknown::<Out>(&v).unwrap();
        assert_eq!(out.count, Some(2));
        // A map's keys are its entries, never unknown; a struct's are.
        assert_eq!(unknown, ["tags[1].kee", "cuont"]);
        // Exact: no coercion, and the error says where.
        let e = from_json_noting_unknown::<Out>(&json!({"tags": [{"key": "a"}, {"key": 5}]}))
            .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("tags[1].key: invalid type: integer `5`"),
            "{e}"
        );
        // At the top, the message alone; a struct from anything but an object is refused.
        let e = from_json::<Out>(&json!([1])).unwrap_err();
        assert_eq!(e.to_string(), "invalid type: sequence, expected struct Out");
        let e = from_json::<Out>(&json!({"tags": "x"})).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("tags: invalid type: string \"x\""),
            "{e}"
        );
    }
}
