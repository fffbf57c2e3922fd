//! A serde `Deserializer` over the parsed [`Tree`]: typed values straight from the nodes of the
//! one parse, and every error carrying the position of the node it is about.
//!
//! It reads values exactly as `serde_norway::Value` (serde_yaml's libyaml fork) did before
//! this loader parsed each file only once: a plain number is a number and not text (the model
//! takes unquoted phone and voucher numbers as text through `model::de_text`), an empty value
//! is an empty list or mapping where one is expected, an enum is its variant's name. Errors
//! keep serde's English wording ("invalid type: …", "unknown field …"), which
//! `read::translate` turns into Chinese; their position is the node's own: the key of an
//! unknown field, the value of a wrong one, the item a required field is missing from.
//! Aliases were bounded when the tree was built, so reading one here cannot blow up.

use crate::model::spans::{NodeId, NodeKind, Pos, ScalarValue, Tree};
use serde::de::{self, DeserializeSeed, Expected, IntoDeserializer, Unexpected, Visitor};
use std::fmt;

/// A serde error and the position of the node it is about (`None` until known).
#[derive(Debug)]
pub struct Error {
    pub message: String,
    pub pos: Option<Pos>,
}

impl Error {
    /// Sets the position unless a node deeper down already did.
    fn at(mut self, pos: Pos) -> Self {
        self.pos.get_or_insert(pos);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error {
            message: msg.to_string(),
            pos: None,
        }
    }
}

/// One node to deserialize: an alias reads as the node it stands for, but errors about the
/// node itself point where it was written.
#[derive(Clone, Copy)]
pub struct NodeDe<'t> {
    tree: &'t Tree,
    id: NodeId,
    pos: Pos,
}

const NO_ITEMS: &[NodeId] = &[];
const NO_ENTRIES: &[(NodeId, NodeId)] = &[];

impl<'t> NodeDe<'t> {
    pub fn new(tree: &'t Tree, id: NodeId) -> Self {
        NodeDe {
            tree,
            id: tree.target(id),
            pos: tree.node(id).pos,
        }
    }

    fn kind(&self) -> &'t NodeKind {
        &self.tree.node(self.id).kind
    }

    fn scalar(&self) -> Option<(ScalarValue, &'t str)> {
        match self.kind() {
            NodeKind::Scalar(s) => Some((s.value, &s.text)),
            _ => None,
        }
    }

    fn unexpected(&self) -> Unexpected<'t> {
        match self.kind() {
            NodeKind::Scalar(s) => match s.value {
                ScalarValue::Null => Unexpected::Unit,
                ScalarValue::Bool(b) => Unexpected::Bool(b),
                ScalarValue::UInt(u) => Unexpected::Unsigned(u),
                ScalarValue::Int(i) => Unexpected::Signed(i),
                ScalarValue::Float(f) => Unexpected::Float(f),
                ScalarValue::Str => Unexpected::Str(&s.text),
            },
            NodeKind::Seq(_) => Unexpected::Seq,
            NodeKind::Map(_) | NodeKind::Alias(_) => Unexpected::Map,
        }
    }

    fn invalid(&self, exp: &dyn Expected) -> Error {
        de::Error::invalid_type(self.unexpected(), exp)
    }

    fn seq<'de, V: Visitor<'de>>(self, items: &'t [NodeId], visitor: V) -> Result<V::Value, Error> {
        let mut access = SeqDe {
            tree: self.tree,
            items,
            next: 0,
        };
        let value = visitor.visit_seq(&mut access)?;
        if access.next < items.len() {
            return Err(de::Error::invalid_length(
                items.len(),
                &"fewer elements in sequence",
            ));
        }
        Ok(value)
    }

    fn map<'de, V: Visitor<'de>>(
        self,
        entries: &'t [(NodeId, NodeId)],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let mut access = MapDe {
            tree: self.tree,
            entries,
            next: 0,
        };
        let value = visitor.visit_map(&mut access)?;
        if access.next < entries.len() {
            return Err(de::Error::invalid_length(
                entries.len(),
                &"fewer elements in map",
            ));
        }
        Ok(value)
    }

    fn any<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.kind() {
            NodeKind::Scalar(s) => match s.value {
                ScalarValue::Null => visitor.visit_unit(),
                ScalarValue::Bool(b) => visitor.visit_bool(b),
                ScalarValue::UInt(u) => visitor.visit_u64(u),
                ScalarValue::Int(i) => visitor.visit_i64(i),
                ScalarValue::Float(f) => visitor.visit_f64(f),
                ScalarValue::Str => visitor.visit_str(&s.text),
            },
            NodeKind::Seq(items) => self.seq(items, visitor),
            NodeKind::Map(entries) => self.map(entries, visitor),
            NodeKind::Alias(_) => Err(self.invalid(&visitor)),
        }
    }

    fn number<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.scalar() {
            Some((ScalarValue::UInt(_) | ScalarValue::Int(_) | ScalarValue::Float(_), _)) => {
                self.any(visitor)
            }
            _ => Err(self.invalid(&visitor)),
        }
    }

    fn text<'de, V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.scalar() {
            Some((ScalarValue::Str, text)) => visitor.visit_str(text),
            _ => Err(self.invalid(&visitor)),
        }
    }
}

/// Every `deserialize_*` method: the body runs, and an error without a position gets this
/// node's. (An error raised after the node was read, such as a date that does not exist, is
/// placed by the list or mapping that asked for the node.)
macro_rules! at_node {
    ($($name:ident($($arg:ident: $ty:ty),*) => |$de:ident, $v:ident| $body:expr;)*) => {
        $(
            fn $name<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, Error> {
                $(let _ = $arg;)*
                let pos = self.pos;
                let ($de, $v) = (self, visitor);
                let result: Result<V::Value, Error> = $body;
                result.map_err(|e| e.at(pos))
            }
        )*
    };
}

impl<'de> de::Deserializer<'de> for NodeDe<'_> {
    type Error = Error;

    at_node! {
        deserialize_any() => |d, v| d.any(v);
        deserialize_bool() => |d, v| match d.scalar() {
            Some((ScalarValue::Bool(b), _)) => v.visit_bool(b),
            _ => Err(d.invalid(&v)),
        };
        deserialize_i8() => |d, v| d.number(v);
        deserialize_i16() => |d, v| d.number(v);
        deserialize_i32() => |d, v| d.number(v);
        deserialize_i64() => |d, v| d.number(v);
        deserialize_i128() => |d, v| d.number(v);
        deserialize_u8() => |d, v| d.number(v);
        deserialize_u16() => |d, v| d.number(v);
        deserialize_u32() => |d, v| d.number(v);
        deserialize_u64() => |d, v| d.number(v);
        deserialize_u128() => |d, v| d.number(v);
        deserialize_f32() => |d, v| d.number(v);
        deserialize_f64() => |d, v| d.number(v);
        deserialize_char() => |d, v| d.text(v);
        deserialize_str() => |d, v| d.text(v);
        deserialize_string() => |d, v| d.text(v);
        deserialize_identifier() => |d, v| d.text(v);
        deserialize_bytes() => |d, v| match d.kind() {
            NodeKind::Seq(items) => d.seq(items, v),
            _ => d.text(v),
        };
        deserialize_byte_buf() => |d, v| match d.kind() {
            NodeKind::Seq(items) => d.seq(items, v),
            _ => d.text(v),
        };
        deserialize_option() => |d, v| match d.scalar() {
            Some((ScalarValue::Null, _)) => v.visit_none(),
            _ => v.visit_some(d),
        };
        deserialize_unit() => |d, v| match d.scalar() {
            Some((ScalarValue::Null, _)) => v.visit_unit(),
            _ => Err(d.invalid(&v)),
        };
        deserialize_unit_struct(_name: &'static str) => |d, v| match d.scalar() {
            Some((ScalarValue::Null, _)) => v.visit_unit(),
            _ => Err(d.invalid(&v)),
        };
        deserialize_newtype_struct(_name: &'static str) => |d, v| v.visit_newtype_struct(d);
        deserialize_seq() => |d, v| match (d.kind(), d.scalar()) {
            (NodeKind::Seq(items), _) => d.seq(items, v),
            (_, Some((ScalarValue::Null, _))) => d.seq(NO_ITEMS, v),
            _ => Err(d.invalid(&v)),
        };
        deserialize_tuple(_len: usize) => |d, v| de::Deserializer::deserialize_seq(d, v);
        deserialize_tuple_struct(_name: &'static str, _len: usize) => |d, v| {
            de::Deserializer::deserialize_seq(d, v)
        };
        deserialize_map() => |d, v| match (d.kind(), d.scalar()) {
            (NodeKind::Map(entries), _) => d.map(entries, v),
            (_, Some((ScalarValue::Null, _))) => d.map(NO_ENTRIES, v),
            _ => Err(d.invalid(&v)),
        };
        deserialize_struct(_name: &'static str, _fields: &'static [&'static str]) => |d, v| {
            de::Deserializer::deserialize_map(d, v)
        };
        deserialize_enum(_name: &'static str, _variants: &'static [&'static str]) => |d, v| {
            match (d.kind(), d.scalar()) {
                (_, Some((ScalarValue::Str, name))) => v.visit_enum(EnumDe { name, value: None }),
                (NodeKind::Map(entries), _) if entries.len() == 1 => {
                    let (key, value) = entries[0];
                    match d.tree.key_text(key) {
                        Some(name) => v.visit_enum(EnumDe {
                            name,
                            value: Some(NodeDe::new(d.tree, value)),
                        }),
                        None => Err(d.invalid(&v)),
                    }
                }
                _ => Err(d.invalid(&v)),
            }
        };
        deserialize_ignored_any() => |_d, v| v.visit_unit();
    }
}

struct SeqDe<'t> {
    tree: &'t Tree,
    items: &'t [NodeId],
    next: usize,
}

impl<'de> de::SeqAccess<'de> for SeqDe<'_> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        let Some(&item) = self.items.get(self.next) else {
            return Ok(None);
        };
        self.next += 1;
        let item = NodeDe::new(self.tree, item);
        seed.deserialize(item).map(Some).map_err(|e| e.at(item.pos))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len() - self.next)
    }
}

struct MapDe<'t> {
    tree: &'t Tree,
    entries: &'t [(NodeId, NodeId)],
    next: usize,
}

impl<'de> de::MapAccess<'de> for MapDe<'_> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        let Some(&(key, _)) = self.entries.get(self.next) else {
            return Ok(None);
        };
        let key = NodeDe::new(self.tree, key);
        seed.deserialize(key).map(Some).map_err(|e| e.at(key.pos))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let (_, value) = self.entries[self.next];
        self.next += 1;
        let value = NodeDe::new(self.tree, value);
        seed.deserialize(value).map_err(|e| e.at(value.pos))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len() - self.next)
    }
}

/// An enum written as its variant's name (`status: 已完成`) or as `{variant: value}`.
struct EnumDe<'t> {
    name: &'t str,
    value: Option<NodeDe<'t>>,
}

impl<'de, 't> de::EnumAccess<'de> for EnumDe<'t> {
    type Error = Error;
    type Variant = VariantDe<'t>;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Self::Variant), Error> {
        let name: de::value::StrDeserializer<Error> = self.name.into_deserializer();
        Ok((seed.deserialize(name)?, VariantDe(self.value)))
    }
}

/// The value of an enum variant, if one was written.
struct VariantDe<'t>(Option<NodeDe<'t>>);

impl<'de> de::VariantAccess<'de> for VariantDe<'_> {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        match self.0 {
            None => Ok(()),
            Some(d) => de::Deserialize::deserialize(d),
        }
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        match self.0 {
            Some(d) => seed.deserialize(d).map_err(|e| e.at(d.pos)),
            None => Err(de::Error::invalid_type(
                Unexpected::UnitVariant,
                &"newtype variant",
            )),
        }
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Some(d) => de::Deserializer::deserialize_seq(d, visitor),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &visitor)),
        }
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.0 {
            Some(d) => de::Deserializer::deserialize_map(d, visitor),
            None => Err(de::Error::invalid_type(Unexpected::UnitVariant, &visitor)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    fn read<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Error> {
        let tree = crate::load::tree::parse(text, "f.yaml").unwrap();
        T::deserialize(NodeDe::new(&tree, 0))
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Item {
        name: String,
        #[serde(default)]
        tags: Vec<String>,
        count: Option<u32>,
        paper: crate::model::Paper,
    }

    #[test]
    fn reads_like_serde_yaml() {
        let item: Item = read("name: a\ntags:\ncount: 3\npaper: A3\n").unwrap();
        assert_eq!(item.tags, Vec::<String>::new());
        assert_eq!(item.count, Some(3));
        assert_eq!(item.paper, crate::model::Paper::A3);
        let e = read::<Item>("name: 123\npaper: A4\n").unwrap_err();
        assert_eq!(e.message, "invalid type: integer `123`, expected a string");
        assert_eq!(e.pos, Some(Pos { line: 1, col: 7 }));
    }

    #[test]
    fn errors_point_at_their_node() {
        let e = read::<Item>("name: a\npaper: A4\nnmae: b\n").unwrap_err();
        assert!(e.message.starts_with("unknown field `nmae`"), "{e}");
        assert_eq!(e.pos, Some(Pos { line: 3, col: 1 }));
        let e = read::<Vec<Item>>("- name: a\n  paper: A5\n").unwrap_err();
        assert!(e.message.starts_with("unknown variant `A5`"), "{e}");
        assert_eq!(e.pos, Some(Pos { line: 2, col: 10 }));
        let e = read::<Vec<Item>>("- x\n- paper: A4\n").unwrap_err();
        assert_eq!(e.pos, Some(Pos { line: 1, col: 3 }));
        let e = read::<Vec<Item>>("- name: a\n  paper: A4\n- paper: A4\n").unwrap_err();
        assert_eq!(e.message, "missing field `name`");
        assert_eq!(e.pos, Some(Pos { line: 3, col: 3 }));
    }

    #[test]
    fn adapter_errors_point_at_the_value() {
        #[derive(Deserialize, Debug)]
        #[allow(dead_code)]
        struct Dated {
            #[serde(deserialize_with = "crate::model::de_date")]
            on: chrono::NaiveDate,
        }
        let e = read::<Vec<Dated>>("- on: 2025-07-01\n- on: 2025-10-32\n").unwrap_err();
        assert!(e.message.contains("不存在"), "{e}");
        assert_eq!(e.pos, Some(Pos { line: 2, col: 7 }));
    }

    #[test]
    fn aliases_read_as_their_anchor() {
        let v: Vec<Vec<u32>> = read("- &a [1, 2]\n- *a\n").unwrap();
        assert_eq!(v, vec![vec![1, 2], vec![1, 2]]);
    }
}
