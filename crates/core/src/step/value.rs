//! A quantity's numbers as JSON writes them: a number, a vector, or a matrix of rows, every f64
//! a number, or "NaN", "inf" or "-inf". Readers of the step take [`super::View`], which knows
//! what its rows and columns run over.

use nalgebra::{DMatrix, DVector};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Serialize;
use serde::ser::{SerializeSeq, Serializer};
use std::borrow::Cow;

/// A quantity's value: a number, a vector or a matrix (rows).
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Scalar(f64),
    Vector(Vec<f64>),
    Matrix(Vec<Vec<f64>>),
}

impl Value {
    /// Every number in the value, row by row.
    pub fn numbers(&self) -> Vec<f64> {
        match self {
            Value::Scalar(x) => vec![*x],
            Value::Vector(v) => v.clone(),
            Value::Matrix(m) => m.iter().flatten().copied().collect(),
        }
    }

    /// Rows and columns: a scalar is 1×1 and a vector one row.
    pub fn shape(&self) -> (usize, usize) {
        match self {
            Value::Scalar(_) => (1, 1),
            Value::Vector(v) => (1, v.len()),
            Value::Matrix(m) => (m.len(), m.first().map_or(0, Vec::len)),
        }
    }

    /// The number at row `r`, column `c` (a scalar is 1×1 and a vector one row).
    pub fn at(&self, r: usize, c: usize) -> f64 {
        match self {
            Value::Scalar(x) => *x,
            Value::Vector(v) => v[c],
            Value::Matrix(m) => m[r][c],
        }
    }

    /// The value as rows: a scalar is one row of one number, a vector one row.
    pub fn rows(&self) -> Vec<Vec<f64>> {
        match self {
            Value::Scalar(x) => vec![vec![*x]],
            Value::Vector(v) => vec![v.clone()],
            Value::Matrix(m) => m.clone(),
        }
    }

    pub fn vector(v: &DVector<f64>) -> Value {
        Value::Vector(v.iter().copied().collect())
    }

    pub fn matrix(m: &DMatrix<f64>) -> Value {
        Value::Matrix(rows(m))
    }

    /// Per-sample values (one row per sample): a vector for a single sample, rows for a batch.
    pub fn samples(m: &DMatrix<f64>, batch: bool) -> Value {
        if batch { Value::matrix(m) } else { Value::Vector(m.row(0).iter().copied().collect()) }
    }
}

/// A matrix as row-major nested arrays.
pub fn rows(m: &DMatrix<f64>) -> Vec<Vec<f64>> {
    (0..m.nrows()).map(|r| m.row(r).iter().copied().collect()).collect()
}

/// An f64 as JSON: a number, or the string "NaN", "inf" or "-inf".
pub struct Num(pub f64);

/// The schema of a [`Num`]: a number, or one of the strings for non-finite values.
pub struct Number;

impl JsonSchema for Number {
    fn schema_name() -> Cow<'static, str> {
        "Number".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "A number, or \"NaN\", \"inf\" or \"-inf\" for a non-finite value.",
            "anyOf": [{ "type": "number" }, { "enum": ["NaN", "inf", "-inf"] }]
        })
    }
}

impl JsonSchema for Value {
    fn schema_name() -> Cow<'static, str> {
        "Value".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let n = generator.subschema_for::<Number>();
        json_schema!({
            "description": "A number, a vector (array) or a matrix (array of rows).",
            "anyOf": [
                n,
                { "type": "array", "items": n },
                { "type": "array", "items": { "type": "array", "items": n } }
            ]
        })
    }
}

impl Serialize for Num {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            x if x.is_finite() => s.serialize_f64(x),
            x if x.is_nan() => s.serialize_str("NaN"),
            x if x > 0.0 => s.serialize_str("inf"),
            _ => s.serialize_str("-inf"),
        }
    }
}

struct Row<'a>(&'a [f64]);

impl Serialize for Row<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for x in self.0 {
            seq.serialize_element(&Num(*x))?;
        }
        seq.end()
    }
}

impl Serialize for Value {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Scalar(x) => Num(*x).serialize(s),
            Value::Vector(v) => Row(v).serialize(s),
            Value::Matrix(m) => {
                let mut seq = s.serialize_seq(Some(m.len()))?;
                for r in m {
                    seq.serialize_element(&Row(r))?;
                }
                seq.end()
            }
        }
    }
}
