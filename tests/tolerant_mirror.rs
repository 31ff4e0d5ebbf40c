//! `docparse::infer::example_validates` claims to accept exactly what the runtime's tolerant
//! decoding (`huaweicloud_sdk_core::tolerant`) decodes into the generated types. This test holds
//! it to that: for schemas and the Rust types codegen emits for them, every value of a grid of
//! JSON values is accepted by both or by neither.

use std::collections::BTreeMap;

use apispec::{Field, FieldInfo, ObjectSchema, Schema};
use huaweicloud_sdk_core::tolerant;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

/// The generated form of `{ "a": <inner>? }` (fields optional, as codegen emits them).
#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Holder<T> {
    a: Option<T>,
}

#[derive(Deserialize, Debug)]
#[allow(dead_code)]
struct Tag {
    key: Option<String>,
    count: Option<i32>,
}

/// A documented value list, as codegen emits it: known variants, a catch-all, and the wire
/// value read by `tolerant::string_like`.
#[derive(Debug)]
#[allow(dead_code)]
enum Kind {
    A,
    Unknown(String),
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wire = tolerant::string_like(deserializer)?;
        Ok(match wire.as_str() {
            "a" => Kind::A,
            _ => Kind::Unknown(wire),
        })
    }
}

/// The schema of `Holder<Kind>`: a string field with a value list.
fn enum_holder() -> Schema {
    Schema::Object(ObjectSchema {
        name: None,
        fields: vec![Field {
            name: "a".into(),
            required: false,
            schema: Schema::String,
            info: FieldInfo {
                enum_values: vec!["a".into()],
                ..FieldInfo::default()
            },
        }],
    })
}

fn holder(inner: Schema) -> Schema {
    Schema::Object(ObjectSchema {
        name: None,
        fields: vec![Field {
            name: "a".into(),
            required: false,
            schema: inner,
            info: FieldInfo::default(),
        }],
    })
}

fn tag_schema() -> Schema {
    let field = |name: &str, schema: Schema| Field {
        name: name.into(),
        required: false,
        schema,
        info: FieldInfo::default(),
    };
    Schema::Object(ObjectSchema {
        name: Some("Tag".into()),
        fields: vec![field("key", Schema::String), field("count", Schema::INT32)],
    })
}

fn values() -> Vec<Value> {
    vec![
        json!(null),
        json!("text"),
        json!(""),
        json!("5"),
        json!(" -7 "),
        json!("1.5"),
        json!("true"),
        json!("FALSE"),
        json!(5),
        json!(-3),
        json!(0),
        json!(1),
        json!(2),
        json!(1.5),
        json!(true),
        json!(false),
        json!([]),
        json!(["x", "y"]),
        json!([1, 2]),
        json!(["1", 2]),
        json!([{"key": "k"}]),
        json!([{"key": 1, "count": "2"}]),
        json!([{"count": "many"}]),
        json!({}),
        json!({"key": "k", "count": 3}),
        json!({"key": 5, "count": "4"}),
        json!({"count": 1.5}),
        json!({"k": "v"}),
        json!({"k": 1}),
        json!({"k": [1]}),
    ]
}

fn agree<T: DeserializeOwned + std::fmt::Debug>(inner: Schema) {
    let schema = holder(inner.clone());
    for v in values() {
        let body = json!({ "a": v });
        let validates = docparse::infer::example_validates(&schema, &body);
        let decodes = tolerant::from_value::<Holder<T>>(&body);
        assert_eq!(
            validates,
            decodes.is_ok(),
            "schema {} and value {v}: validation says {validates}, decoding says {decodes:?}",
            inner.describe()
        );
    }
}

#[test]
fn example_validation_accepts_what_tolerant_decoding_decodes() {
    agree::<String>(Schema::String);
    agree::<i32>(Schema::INT32);
    agree::<i64>(Schema::INT64);
    agree::<f64>(Schema::Number {
        format: apispec::NumberFormat::Double,
    });
    agree::<bool>(Schema::Boolean);
    agree::<Vec<String>>(Schema::array(Schema::String));
    agree::<Vec<i64>>(Schema::array(Schema::INT64));
    agree::<Tag>(tag_schema());
    agree::<Vec<Tag>>(Schema::array(tag_schema()));
    agree::<BTreeMap<String, String>>(Schema::map(Schema::String));
    agree::<serde_json::Value>(Schema::Any);
    for v in values() {
        let body = json!({ "a": v });
        let validates = docparse::infer::example_validates(&enum_holder(), &body);
        let decodes = tolerant::from_value::<Holder<Kind>>(&body);
        assert_eq!(
            validates,
            decodes.is_ok(),
            "enum and value {v}: {decodes:?}"
        );
    }
}

mod random {
    use super::*;
    use proptest::prelude::*;

    fn json_value() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::from),
            any::<i64>().prop_map(Value::from),
            (-1e3f64..1e3).prop_map(Value::from),
            prop_oneof![
                Just("true".to_string()),
                Just("0".to_string()),
                Just("-12".to_string()),
                Just("1.25".to_string()),
                "[a-z ]{0,4}"
            ]
            .prop_map(Value::from),
        ];
        leaf.prop_recursive(3, 16, 3, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..3).prop_map(Value::from),
                proptest::collection::btree_map(
                    prop_oneof![
                        Just("key".to_string()),
                        Just("count".to_string()),
                        "[a-z]{1,3}"
                    ],
                    inner,
                    0..3
                )
                .prop_map(|m| Value::Object(m.into_iter().collect())),
            ]
        })
    }

    fn agrees<T: DeserializeOwned + std::fmt::Debug>(
        inner: Schema,
        v: &Value,
    ) -> Result<(), TestCaseError> {
        let body = json!({ "a": v });
        let validates = docparse::infer::example_validates(&holder(inner.clone()), &body);
        let decodes = tolerant::from_value::<Holder<T>>(&body);
        prop_assert_eq!(
            validates,
            decodes.is_ok(),
            "schema {} and value {}: decoding says {:?}",
            inner.describe(),
            v,
            decodes
        );
        Ok(())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// The grid above, on random values: validation and tolerant decoding agree.
        #[test]
        fn validation_and_tolerant_decoding_agree(v in json_value()) {
            agrees::<String>(Schema::String, &v)?;
            agrees::<i32>(Schema::INT32, &v)?;
            agrees::<i64>(Schema::INT64, &v)?;
            agrees::<bool>(Schema::Boolean, &v)?;
            agrees::<Vec<String>>(Schema::array(Schema::String), &v)?;
            agrees::<Tag>(tag_schema(), &v)?;
            agrees::<Vec<Tag>>(Schema::array(tag_schema()), &v)?;
            agrees::<BTreeMap<String, i64>>(Schema::map(Schema::INT64), &v)?;
        }
    }
}
