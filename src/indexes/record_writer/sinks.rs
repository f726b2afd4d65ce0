//! The serde side of the writer: a record is a struct whose fields go to the columns in
//! order; each field's value is checked against its column's [`Kind`], and a list's values
//! against a list column.

use std::fmt::{self, Write as _};

use serde::ser::{Impossible, Serialize, SerializeSeq, SerializeStruct, Serializer};

use super::{PartWriter, RecordError};
use crate::indexes::schema::Kind;

fn unsupported(what: &str) -> RecordError {
    RecordError(format!("{what} has no column kind"))
}

/// Serde methods a sink does not take: each an error naming the kind of value.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*) -> $ok:ty;)*) => {
        $(fn $method(self, $(_: $arg),*) -> Result<$ok, RecordError> {
            Err(unsupported(stringify!($method)))
        })*
    };
}

/// The serde methods no sink takes: values no column holds.
macro_rules! refuse_common {
    () => {
        refuse! {
            serialize_bool(bool) -> ();
            serialize_i8(i8) -> ();
            serialize_i16(i16) -> ();
            serialize_i32(i32) -> ();
            serialize_i64(i64) -> ();
            serialize_u8(u8) -> ();
            serialize_u16(u16) -> ();
            serialize_u32(u32) -> ();
            serialize_f32(f32) -> ();
            serialize_char(char) -> ();
            serialize_bytes(&[u8]) -> ();
            serialize_unit() -> ();
            serialize_unit_struct(&'static str) -> ();
            serialize_unit_variant(&'static str, u32, &'static str) -> ();
            serialize_tuple(usize) -> Self::SerializeTuple;
            serialize_tuple_struct(&'static str, usize) -> Self::SerializeTupleStruct;
            serialize_tuple_variant(&'static str, u32, &'static str, usize) -> Self::SerializeTupleVariant;
            serialize_map(Option<usize>) -> Self::SerializeMap;
            serialize_struct_variant(&'static str, u32, &'static str, usize) -> Self::SerializeStructVariant;
        }

        fn serialize_newtype_variant<T: ?Sized + Serialize>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(), RecordError> {
            Err(unsupported("serialize_newtype_variant"))
        }
    };
}

/// A record: a struct, whose fields are written to the columns.
pub(super) struct RecordSink<'w>(pub(super) &'w mut PartWriter);

impl<'w> Serializer for RecordSink<'w> {
    type Ok = ();
    type Error = RecordError;
    type SerializeSeq = Impossible<(), RecordError>;
    type SerializeTuple = Impossible<(), RecordError>;
    type SerializeTupleStruct = Impossible<(), RecordError>;
    type SerializeTupleVariant = Impossible<(), RecordError>;
    type SerializeMap = Impossible<(), RecordError>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), RecordError>;

    refuse_common!();
    refuse! {
        serialize_u64(u64) -> ();
        serialize_f64(f64) -> ();
        serialize_str(&str) -> ();
        serialize_none() -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), RecordError> {
        Err(unsupported("serialize_some"))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: &T,
    ) -> Result<(), RecordError> {
        Err(unsupported("serialize_newtype_struct"))
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self, RecordError> {
        self.0.begin_record();
        Ok(self)
    }
}

impl SerializeStruct for RecordSink<'_> {
    type Ok = ();
    type Error = RecordError;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), RecordError> {
        let kind = self.0.begin_value(name)?;
        value.serialize(CellSink {
            writer: self.0,
            name,
            kind,
        })
    }

    fn end(self) -> Result<(), RecordError> {
        self.0.end_record()
    }
}

/// One field's value, checked against what its column holds.
struct CellSink<'w> {
    writer: &'w mut PartWriter,
    name: &'static str,
    kind: Kind,
}

impl CellSink<'_> {
    fn require_kind(&self, kinds: &[Kind], value: &str) -> Result<(), RecordError> {
        if kinds.contains(&self.kind) {
            Ok(())
        } else {
            Err(RecordError(format!(
                "{value} for column {} of kind {:?}",
                self.name, self.kind
            )))
        }
    }
}

const TEXT_KINDS: &[Kind] = &[Kind::Text, Kind::MaybeEmpty, Kind::Optional];

impl<'w> Serializer for CellSink<'w> {
    type Ok = ();
    type Error = RecordError;
    type SerializeSeq = Self;
    type SerializeTuple = Impossible<(), RecordError>;
    type SerializeTupleStruct = Impossible<(), RecordError>;
    type SerializeTupleVariant = Impossible<(), RecordError>;
    type SerializeMap = Impossible<(), RecordError>;
    type SerializeStruct = Impossible<(), RecordError>;
    type SerializeStructVariant = Impossible<(), RecordError>;

    refuse_common!();
    refuse! {
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
    }

    fn serialize_str(self, value: &str) -> Result<(), RecordError> {
        self.require_kind(TEXT_KINDS, "a text")?;
        self.writer.text(value);
        Ok(())
    }

    fn collect_str<T: ?Sized + fmt::Display>(self, value: &T) -> Result<(), RecordError> {
        self.require_kind(TEXT_KINDS, "a text")?;
        let mut text = std::mem::take(&mut self.writer.scratch);
        text.clear();
        let _ = write!(text, "{value}");
        self.writer.text(&text);
        self.writer.scratch = text;
        Ok(())
    }

    fn serialize_u64(self, value: u64) -> Result<(), RecordError> {
        self.require_kind(&[Kind::Integer], "an integer")?;
        self.writer.int(value);
        Ok(())
    }

    fn serialize_f64(self, value: f64) -> Result<(), RecordError> {
        self.require_kind(&[Kind::OptionalNumber], "a number")?;
        self.writer.number(value);
        Ok(())
    }

    fn serialize_none(self) -> Result<(), RecordError> {
        self.require_kind(&[Kind::Optional, Kind::OptionalNumber], "an absent value")?;
        self.writer.null();
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<(), RecordError> {
        value.serialize(self)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self, RecordError> {
        self.require_kind(&[Kind::List], "a list")?;
        self.writer.begin_list();
        Ok(self)
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), RecordError> {
        value.serialize(self)
    }
}

impl SerializeSeq for CellSink<'_> {
    type Ok = ();
    type Error = RecordError;

    fn serialize_element<T: ?Sized + Serialize>(&mut self, value: &T) -> Result<(), RecordError> {
        value.serialize(ListValueSink(self.writer))
    }

    fn end(self) -> Result<(), RecordError> {
        self.writer.end_list();
        Ok(())
    }
}

/// A value of a list: a text.
struct ListValueSink<'a>(&'a mut PartWriter);

impl<'a> Serializer for ListValueSink<'a> {
    type Ok = ();
    type Error = RecordError;
    type SerializeSeq = Impossible<(), RecordError>;
    type SerializeTuple = Impossible<(), RecordError>;
    type SerializeTupleStruct = Impossible<(), RecordError>;
    type SerializeTupleVariant = Impossible<(), RecordError>;
    type SerializeMap = Impossible<(), RecordError>;
    type SerializeStruct = Impossible<(), RecordError>;
    type SerializeStructVariant = Impossible<(), RecordError>;

    refuse_common!();
    refuse! {
        serialize_u64(u64) -> ();
        serialize_f64(f64) -> ();
        serialize_none() -> ();
        serialize_seq(Option<usize>) -> Self::SerializeSeq;
        serialize_struct(&'static str, usize) -> Self::SerializeStruct;
    }

    fn serialize_str(self, value: &str) -> Result<(), RecordError> {
        self.0.list_value(value);
        Ok(())
    }

    fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> Result<(), RecordError> {
        Err(unsupported("an optional list value"))
    }

    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), RecordError> {
        value.serialize(self)
    }
}
