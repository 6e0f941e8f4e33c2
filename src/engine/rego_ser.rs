//! Serializes snapshot model types straight into regorus values, with the same shape
//! `serde_json` would give them (externally tagged enums, `null` for `None` and non-finite
//! floats, string map keys).
//!
//! Going through JSON text and regorus' parser held the whole text of the largest scope next to
//! the value being built, and gave every occurrence of a repeated string (group names, policy
//! ARNs, source labels, dates) its own allocation. Here equal strings share one allocation and
//! empty arrays and objects share one value; rules cannot tell the difference, since regorus
//! compares by content.

use regorus::{Rc, Value};
use serde::ser::{self, Serialize};
use std::collections::{BTreeMap, HashSet};

/// What serializing a model type can fail with (only custom `Serialize` impls can fail).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct SerError(String);

impl ser::Error for SerError {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        SerError(msg.to_string())
    }
}

/// Longest string list that is shared (longer ones rarely repeat).
const SHARED_LIST_MAX: usize = 4;

/// Shared strings, short string lists and empty containers for one conversion.
pub struct Builder {
    strings: HashSet<Rc<str>>,
    string_lists: BTreeMap<Vec<Value>, Value>,
    empty_array: Value,
    empty_object: Value,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            strings: HashSet::new(),
            string_lists: BTreeMap::new(),
            empty_array: Value::from(Vec::<Value>::new()),
            empty_object: Value::from(BTreeMap::<Value, Value>::new()),
        }
    }
}

impl Builder {
    /// The regorus value of `v`.
    pub fn value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<Value, SerError> {
        v.serialize(&mut *self)
    }

    /// `s` as a string value, sharing the allocation of an equal string seen before.
    pub fn string(&mut self, s: &str) -> Value {
        if let Some(rc) = self.strings.get(s) {
            return Value::String(rc.clone());
        }
        let rc: Rc<str> = Rc::from(s);
        self.strings.insert(rc.clone());
        Value::String(rc)
    }

    fn array(&mut self, items: Vec<Value>) -> Value {
        if items.is_empty() {
            return self.empty_array.clone();
        }
        // Short lists of strings (a user's groups, a directory user's identity source) repeat
        // across thousands of principals: equal lists share one array too.
        if items.len() <= SHARED_LIST_MAX && items.iter().all(|v| matches!(v, Value::String(_))) {
            if let Some(v) = self.string_lists.get(&items) {
                return v.clone();
            }
            let v = Value::from(items.clone());
            self.string_lists.insert(items, v.clone());
            return v;
        }
        Value::from(items)
    }

    fn object(&self, fields: BTreeMap<Value, Value>) -> Value {
        if fields.is_empty() {
            self.empty_object.clone()
        } else {
            Value::from(fields)
        }
    }

    fn single(&mut self, key: &str, v: Value) -> Value {
        let k = self.string(key);
        Value::from(BTreeMap::from([(k, v)]))
    }
}

/// Collects the elements of a sequence, tuple or variant payload.
pub struct SeqBuilder<'a> {
    b: &'a mut Builder,
    items: Vec<Value>,
    /// Set for tuple variants: wrap as `{variant: [...]}`.
    variant: Option<&'static str>,
}

/// Collects the fields of a map, struct or struct variant.
pub struct MapBuilder<'a> {
    b: &'a mut Builder,
    fields: BTreeMap<Value, Value>,
    key: Option<Value>,
    /// Set for struct variants: wrap as `{variant: {...}}`.
    variant: Option<&'static str>,
}

impl<'a> ser::Serializer for &'a mut Builder {
    type Ok = Value;
    type Error = SerError;
    type SerializeSeq = SeqBuilder<'a>;
    type SerializeTuple = SeqBuilder<'a>;
    type SerializeTupleStruct = SeqBuilder<'a>;
    type SerializeTupleVariant = SeqBuilder<'a>;
    type SerializeMap = MapBuilder<'a>;
    type SerializeStruct = MapBuilder<'a>;
    type SerializeStructVariant = MapBuilder<'a>;

    fn serialize_bool(self, v: bool) -> Result<Value, SerError> {
        Ok(Value::from(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, SerError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, SerError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, SerError> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, SerError> {
        Ok(Value::from(v))
    }
    fn serialize_i128(self, v: i128) -> Result<Value, SerError> {
        Ok(Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, SerError> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, SerError> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, SerError> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, SerError> {
        Ok(Value::from(v))
    }
    fn serialize_u128(self, v: u128) -> Result<Value, SerError> {
        Ok(Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, SerError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, SerError> {
        // JSON has no NaN or infinity; serde_json writes null.
        Ok(if v.is_finite() {
            Value::from(v)
        } else {
            Value::Null
        })
    }
    fn serialize_char(self, v: char) -> Result<Value, SerError> {
        Ok(self.string(v.encode_utf8(&mut [0; 4])))
    }
    fn serialize_str(self, v: &str) -> Result<Value, SerError> {
        Ok(self.string(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, SerError> {
        Ok(self.array(v.iter().map(|b| Value::from(u64::from(*b))).collect()))
    }
    fn serialize_none(self) -> Result<Value, SerError> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, v: &T) -> Result<Value, SerError> {
        v.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, SerError> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<Value, SerError> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Value, SerError> {
        Ok(self.string(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        v: &T,
    ) -> Result<Value, SerError> {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> Result<Value, SerError> {
        let inner = v.serialize(&mut *self)?;
        Ok(self.single(variant, inner))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<SeqBuilder<'a>, SerError> {
        Ok(SeqBuilder {
            b: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
            variant: None,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<SeqBuilder<'a>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<'a>, SerError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<SeqBuilder<'a>, SerError> {
        let mut s = self.serialize_seq(Some(len))?;
        s.variant = Some(variant);
        Ok(s)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<MapBuilder<'a>, SerError> {
        Ok(MapBuilder {
            b: self,
            fields: BTreeMap::new(),
            key: None,
            variant: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<MapBuilder<'a>, SerError> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<MapBuilder<'a>, SerError> {
        let mut m = self.serialize_map(Some(len))?;
        m.variant = Some(variant);
        Ok(m)
    }
    fn collect_str<T: std::fmt::Display + ?Sized>(self, v: &T) -> Result<Value, SerError> {
        Ok(self.string(&v.to_string()))
    }
}

impl SeqBuilder<'_> {
    fn push<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let v = v.serialize(&mut *self.b)?;
        self.items.push(v);
        Ok(())
    }
    fn finish(self) -> Value {
        let arr = self.b.array(self.items);
        match self.variant {
            Some(variant) => self.b.single(variant, arr),
            None => arr,
        }
    }
}

/// serde's four sequence traits differ only in the element method's name.
macro_rules! seq_traits {
    ($($tr:ident :: $method:ident),*) => {$(
        impl ser::$tr for SeqBuilder<'_> {
            type Ok = Value;
            type Error = SerError;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
                self.push(v)
            }
            fn end(self) -> Result<Value, SerError> {
                Ok(self.finish())
            }
        }
    )*};
}

seq_traits!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl MapBuilder<'_> {
    fn field<T: Serialize + ?Sized>(&mut self, key: &str, v: &T) -> Result<(), SerError> {
        let k = self.b.string(key);
        let v = v.serialize(&mut *self.b)?;
        self.fields.insert(k, v);
        Ok(())
    }
    fn finish(self) -> Value {
        let obj = self.b.object(self.fields);
        match self.variant {
            Some(variant) => self.b.single(variant, obj),
            None => obj,
        }
    }
}

impl ser::SerializeMap for MapBuilder<'_> {
    type Ok = Value;
    type Error = SerError;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), SerError> {
        // JSON object keys are strings: numbers and booleans become their text, as in serde_json.
        let k = match key.serialize(&mut *self.b)? {
            k @ Value::String(_) => k,
            Value::Number(n) => self.b.string(&Value::Number(n).to_string()),
            Value::Bool(b) => self.b.string(if b { "true" } else { "false" }),
            other => {
                return Err(SerError(format!(
                    "map key must be a string, a number or a boolean, got {other}"
                )))
            }
        };
        self.key = Some(k);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), SerError> {
        let k = self
            .key
            .take()
            .ok_or_else(|| SerError("map value without a key".into()))?;
        let v = v.serialize(&mut *self.b)?;
        self.fields.insert(k, v);
        Ok(())
    }
    fn end(self) -> Result<Value, SerError> {
        Ok(self.finish())
    }
}

/// Struct fields and struct-variant fields are both named map entries.
macro_rules! struct_traits {
    ($($tr:ident),*) => {$(
        impl ser::$tr for MapBuilder<'_> {
            type Ok = Value;
            type Error = SerError;
            fn serialize_field<T: Serialize + ?Sized>(
                &mut self,
                key: &'static str,
                v: &T,
            ) -> Result<(), SerError> {
                self.field(key, v)
            }
            fn end(self) -> Result<Value, SerError> {
                Ok(self.finish())
            }
        }
    )*};
}

struct_traits!(SerializeStruct, SerializeStructVariant);

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;

    /// The reference: what regorus makes of serde_json's text.
    fn via_json<T: Serialize>(v: &T) -> Value {
        Value::from_json_str(&serde_json::to_string(v).unwrap()).unwrap()
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Human,
        Tuple(u8, String),
        Wrapped(Vec<u8>),
        Record { a: Option<u32>, b: bool },
    }

    #[derive(Serialize)]
    #[serde(tag = "status", rename_all = "snake_case")]
    enum Tagged {
        Collected { data: Vec<String> },
        Unavailable { reason: String },
    }

    #[derive(Serialize)]
    struct Newtype(String);

    #[derive(Serialize)]
    struct Inner {
        x: f64,
        y: i64,
    }

    #[derive(Serialize)]
    struct Everything {
        name: String,
        n: u64,
        neg: i32,
        big: u128,
        float: f64,
        nan: f64,
        ch: char,
        none: Option<String>,
        some: Option<Newtype>,
        unit: (),
        kinds: Vec<Kind>,
        tagged: Vec<Tagged>,
        map: BTreeMap<String, String>,
        int_keys: BTreeMap<u32, bool>,
        empty: Vec<String>,
        empty_map: BTreeMap<String, u8>,
        tuple: (u8, &'static str),
        #[serde(flatten)]
        flat: Inner,
    }

    #[test]
    fn same_value_as_through_json() {
        let v = Everything {
            name: "alice".into(),
            n: u64::MAX,
            neg: -7,
            big: 1 << 100,
            float: 1.5,
            nan: f64::NAN,
            ch: 'é',
            none: None,
            some: Some(Newtype("alice".into())),
            unit: (),
            kinds: vec![
                Kind::Human,
                Kind::Tuple(1, "t".into()),
                Kind::Wrapped(vec![1, 2]),
                Kind::Record { a: None, b: true },
            ],
            tagged: vec![
                Tagged::Collected {
                    data: vec!["x".into(), "x".into()],
                },
                Tagged::Unavailable {
                    reason: "AccessDenied".into(),
                },
            ],
            map: BTreeMap::from([("k".into(), "v".into())]),
            int_keys: BTreeMap::from([(3, true), (10, false)]),
            empty: vec![],
            empty_map: BTreeMap::new(),
            tuple: (4, "four"),
            flat: Inner { x: 0.25, y: -3 },
        };
        assert_eq!(Builder::default().value(&v).unwrap(), via_json(&v));
    }

    /// Every scope of every bundled snapshot (level fixtures, edge cases, per-rule fixtures).
    #[test]
    fn fixture_scopes_match_json_path() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        let mut stack = vec![root.join("snapshots"), root.join("rules")];
        let mut scopes = 0;
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(&dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "json") {
                    let Ok(snap) = crate::model::load_snapshot(&p) else {
                        continue; // deliberately broken inputs
                    };
                    for scope in &snap.scopes {
                        let got = Builder::default().value(scope).unwrap();
                        assert_eq!(got, via_json(scope), "{} {}", p.display(), scope.id);
                        scopes += 1;
                    }
                }
            }
        }
        assert!(scopes > 50, "only {scopes} fixture scopes found");
    }

    #[test]
    fn equal_strings_share_one_allocation() {
        let mut b = Builder::default();
        let v = b
            .value(&vec!["arn:aws:iam::aws:policy/ReadOnlyAccess"; 3])
            .unwrap();
        let arr = v.as_array().unwrap();
        let (Value::String(a), Value::String(c)) = (&arr[0], &arr[2]) else {
            panic!("strings expected")
        };
        assert!(Rc::ptr_eq(a, c));
    }

    #[test]
    fn equal_short_string_lists_share_one_array() {
        let mut b = Builder::default();
        let v = b
            .value(&vec![
                vec!["Developers", "Admins"],
                vec!["Developers", "Admins"],
                vec!["Ops"],
            ])
            .unwrap();
        let arr = v.as_array().unwrap();
        let (Value::Array(x), Value::Array(y), Value::Array(z)) = (&arr[0], &arr[1], &arr[2])
        else {
            panic!("arrays expected")
        };
        assert!(Rc::ptr_eq(x, y));
        assert!(!Rc::ptr_eq(x, z));
        assert_eq!(
            v,
            via_json(&vec![
                vec!["Developers", "Admins"],
                vec!["Developers", "Admins"],
                vec!["Ops"]
            ])
        );
    }
}
