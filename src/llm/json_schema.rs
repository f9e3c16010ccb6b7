//! A JSON Schema validator for the subset tool schemas use.
//!
//! Supported: `type` (one or a list), `properties`, `required`, `additionalProperties`,
//! `items`, `enum`, `const`, `anyOf`, the numeric and length bounds, and annotations
//! (`title`, `description`, `default`, `examples`, `format`, ...). A schema using anything else is
//! refused when the tool is made (`check`), so nothing is ever silently left unvalidated.

use serde_json::{Map, Value};

const TYPES: &[&str] = &[
    "object", "array", "string", "number", "integer", "boolean", "null",
];
const ANNOTATIONS: &[&str] = &[
    "title",
    "description",
    "default",
    "examples",
    "format",
    "$schema",
    "$id",
    "$comment",
    "deprecated",
    "readOnly",
    "writeOnly",
];
const BOUNDS: &[&str] = &[
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
];
/// The most problems listed for one answer; the rest would not help the model.
const MAX_PROBLEMS: usize = 5;

/// Whether `validate` understands every keyword of `schema`.
pub fn check(schema: &Value) -> Result<(), String> {
    check_at(schema, "")
}

fn check_at(schema: &Value, path: &str) -> Result<(), String> {
    let Some(keywords) = schema.as_object() else {
        return Err(format!("{}: a schema must be an object", shown(path)));
    };
    for (keyword, value) in keywords {
        let here = format!("{path}/{keyword}");
        match keyword.as_str() {
            "type" => {
                let names: Vec<&Value> = match value {
                    Value::Array(list) => list.iter().collect(),
                    single => vec![single],
                };
                for name in names {
                    if !name.as_str().is_some_and(|n| TYPES.contains(&n)) {
                        return Err(format!("{here}: {name} is not a JSON Schema type"));
                    }
                }
            }
            "properties" => {
                let Some(properties) = value.as_object() else {
                    return Err(format!("{here}: must be an object"));
                };
                for (name, sub) in properties {
                    check_at(sub, &format!("{here}/{name}"))?;
                }
            }
            "required" => {
                if !value
                    .as_array()
                    .is_some_and(|l| l.iter().all(Value::is_string))
                {
                    return Err(format!("{here}: must be a list of property names"));
                }
            }
            "additionalProperties" if value.is_boolean() => {}
            "additionalProperties" | "items" => check_at(value, &here)?,
            "anyOf" => {
                let Some(options) = value.as_array().filter(|l| !l.is_empty()) else {
                    return Err(format!("{here}: must be a non-empty list of schemas"));
                };
                for (i, sub) in options.iter().enumerate() {
                    check_at(sub, &format!("{here}/{i}"))?;
                }
            }
            "enum" if value.is_array() => {}
            "enum" => return Err(format!("{here}: must be a list")),
            "const" => {}
            bound if BOUNDS.contains(&bound) => {
                if !value.is_number() {
                    return Err(format!("{here}: must be a number"));
                }
            }
            annotation if ANNOTATIONS.contains(&annotation) => {}
            other => {
                return Err(format!(
                    "{}: keyword {other:?} is not supported; use type, properties, required, \
                     additionalProperties, items, enum, const, anyOf and numeric or length bounds",
                    shown(path)
                ))
            }
        }
    }
    Ok(())
}

/// The ways `value` breaks `schema`, each as "path: problem"; empty when it fits.
pub fn validate(schema: &Value, value: &Value) -> Vec<String> {
    let mut problems = Vec::new();
    validate_at(schema, value, "", &mut problems);
    problems.truncate(MAX_PROBLEMS);
    problems
}

fn validate_at(schema: &Value, value: &Value, path: &str, problems: &mut Vec<String>) {
    let Some(keywords) = schema.as_object() else {
        return;
    };
    let mut fail = |problem: String| problems.push(format!("{}: {problem}", shown(path)));
    if let Some(types) = keywords.get("type") {
        let allowed: Vec<&str> = match types {
            Value::Array(list) => list.iter().filter_map(Value::as_str).collect(),
            single => single.as_str().into_iter().collect(),
        };
        if !allowed.iter().any(|t| has_type(value, t)) {
            fail(format!(
                "expected {}, got {}",
                allowed.join(" or "),
                type_name(value)
            ));
            return;
        }
    }
    if let Some(options) = keywords.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            fail(format!(
                "{value} is not one of {}",
                Value::from(options.clone())
            ));
        }
    }
    if let Some(expected) = keywords.get("const") {
        if expected != value {
            fail(format!("must be {expected}"));
        }
    }
    if let Some(options) = keywords.get("anyOf").and_then(Value::as_array) {
        let fits = options.iter().any(|option| {
            let mut scratch = Vec::new();
            validate_at(option, value, path, &mut scratch);
            scratch.is_empty()
        });
        if !fits {
            fail("matches none of the anyOf schemas".into());
        }
    }
    bounds(keywords, value, &mut fail);
    match value {
        Value::Object(object) => validate_object(keywords, object, path, problems),
        Value::Array(items) => {
            if let Some(item_schema) = keywords.get("items") {
                for (i, item) in items.iter().enumerate() {
                    validate_at(item_schema, item, &format!("{path}/{i}"), problems);
                }
            }
        }
        _ => {}
    }
}

fn validate_object(
    keywords: &Map<String, Value>,
    object: &Map<String, Value>,
    path: &str,
    problems: &mut Vec<String>,
) {
    for name in keywords
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
    {
        if !object.contains_key(name) {
            problems.push(format!(
                "{}: missing required property {name:?}",
                shown(path)
            ));
        }
    }
    let properties = keywords.get("properties").and_then(Value::as_object);
    for (name, item) in object {
        let here = format!("{path}/{name}");
        match properties.and_then(|p| p.get(name)) {
            Some(sub) => validate_at(sub, item, &here, problems),
            None => match keywords.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    problems.push(format!("{here}: property {name:?} is not allowed"))
                }
                Some(sub) if sub.is_object() => validate_at(sub, item, &here, problems),
                _ => {}
            },
        }
    }
}

fn bounds(keywords: &Map<String, Value>, value: &Value, fail: &mut impl FnMut(String)) {
    let bound = |name: &str| keywords.get(name).and_then(Value::as_f64);
    let size = match value {
        Value::Number(n) => n.as_f64(),
        _ => None,
    };
    if let Some(n) = size {
        let checks = [
            ("minimum", bound("minimum").filter(|b| n < *b)),
            ("maximum", bound("maximum").filter(|b| n > *b)),
            (
                "exclusiveMinimum",
                bound("exclusiveMinimum").filter(|b| n <= *b),
            ),
            (
                "exclusiveMaximum",
                bound("exclusiveMaximum").filter(|b| n >= *b),
            ),
        ];
        for (name, broken) in checks {
            if let Some(limit) = broken {
                fail(format!("{n} breaks {name} {limit}"));
            }
        }
    }
    let (length, unit, min, max) = match value {
        Value::String(s) => (s.chars().count(), "characters", "minLength", "maxLength"),
        Value::Array(items) => (items.len(), "items", "minItems", "maxItems"),
        _ => return,
    };
    let length_f = length as f64;
    if let Some(limit) = bound(min).filter(|b| length_f < *b) {
        fail(format!("has {length} {unit}, fewer than {min} {limit}"));
    }
    if let Some(limit) = bound(max).filter(|b| length_f > *b) {
        fail(format!("has {length} {unit}, more than {max} {limit}"));
    }
}

fn has_type(value: &Value, name: &str) -> bool {
    match name {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => match value {
            Value::Number(n) => {
                n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|f| f.fract() == 0.0)
            }
            _ => false,
        },
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => false,
    }
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Object(_) => "object",
        Value::Array(_) => "array",
        Value::String(_) => "string",
        Value::Number(_) => "number",
        Value::Bool(_) => "boolean",
        Value::Null => "null",
    }
}

fn shown(path: &str) -> &str {
    if path.is_empty() {
        "/"
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plan() -> Value {
        json!({
            "type": "object",
            "properties": {
                "action": {"type": "string", "enum": ["scale", "restart"]},
                "replicas": {"type": "integer", "minimum": 0, "maximum": 50},
                "names": {"type": "array", "items": {"type": "string", "minLength": 1}, "maxItems": 2},
                "note": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            },
            "required": ["action"],
            "additionalProperties": false,
        })
    }

    #[test]
    fn a_fitting_value_has_no_problems() {
        check(&plan()).unwrap();
        let ok = json!({"action": "scale", "replicas": 3, "names": ["api"], "note": null});
        assert_eq!(validate(&plan(), &ok), Vec::<String>::new());
        assert!(validate(&plan(), &json!({"action": "restart", "replicas": 3.0})).is_empty());
    }

    #[test]
    fn each_problem_names_its_path() {
        let bad = json!({"replicas": "three", "names": ["", "a", "b"], "extra": 1, "note": 5});
        assert_eq!(
            validate(&plan(), &bad),
            vec![
                "/: missing required property \"action\"",
                "/extra: property \"extra\" is not allowed",
                "/names: has 3 items, more than maxItems 2",
                "/names/0: has 0 characters, fewer than minLength 1",
                "/note: matches none of the anyOf schemas",
            ]
        );
        assert_eq!(
            validate(&plan(), &json!({"action": "scale", "replicas": 51})),
            vec!["/replicas: 51 breaks maximum 50"]
        );
        assert_eq!(
            validate(&plan(), &json!({"action": "delete"})),
            vec!["/action: \"delete\" is not one of [\"scale\",\"restart\"]"]
        );
        assert_eq!(
            validate(&plan(), &json!([1])),
            vec!["/: expected object, got array"]
        );
    }

    #[test]
    fn unsupported_keywords_are_refused_up_front() {
        let err = check(
            &json!({"type": "object", "properties": {"a": {"type": "string", "pattern": "x"}}}),
        )
        .unwrap_err();
        assert!(
            err.starts_with("/properties/a: keyword \"pattern\""),
            "{err}"
        );
        assert!(check(&json!({"type": "strin"}))
            .unwrap_err()
            .contains("not a JSON Schema type"));
        assert!(check(&json!({"required": "a"})).is_err());
        assert!(check(&json!({"type": ["string", "null"], "title": "t"})).is_ok());
    }
}
