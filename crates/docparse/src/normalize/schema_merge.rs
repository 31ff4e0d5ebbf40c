//! Two readings of one schema merged: translations (the union; the first wins where they
//! disagree, the disagreements noted) and versions (the newer wins; what only the older says
//! is kept).

use apispec::{IntFormat, ObjectSchema, Schema};

pub(super) fn merge_opt(
    a: Option<Schema>,
    b: Option<Schema>,
    at: &str,
    version: bool,
    notes: &mut Vec<String>,
) -> Option<Schema> {
    match (a, b) {
        (Some(a), Some(b)) if version => Some(merge_version(a, b, at, notes)),
        (Some(a), Some(b)) => Some(merge_schema(a, b, at, notes)),
        (a, b) => a.or(b),
    }
}

/// What the older version of a page says of a field and the newer does not (a default, a
/// length limit, a value list): kept, since they do not disagree.
pub(super) fn fill_info(newer: &mut apispec::FieldInfo, older: &apispec::FieldInfo) {
    if newer.description.is_empty() {
        newer.description = older.description.clone();
    }
    newer.sensitive |= older.sensitive;
    if newer.enum_values.is_empty() {
        newer.enum_values = older.enum_values.clone();
    }
    macro_rules! fill {
        ($($f:ident),*) => {$(
            if newer.$f.is_none() {
                newer.$f = older.$f.clone();
            }
        )*};
    }
    fill!(
        default,
        min_length,
        max_length,
        minimum,
        maximum,
        required_when
    );
}

/// Two versions of one schema, `a` the newer: `a` wins where they disagree (type, required
/// flag); fields only `b` documents are added.
fn merge_version(a: Schema, b: Schema, at: &str, notes: &mut Vec<String>) -> Schema {
    match (a, b) {
        (Schema::Any, b) => b,
        (a, Schema::Any) => a,
        (Schema::Object(mut x), Schema::Object(y)) => {
            if x.name.is_none() {
                x.name = y.name;
            }
            for f in y.fields {
                match x.fields.iter_mut().find(|g| g.name == f.name) {
                    Some(g) => {
                        if g.required != f.required {
                            notes.push(format!(
                                "{at}: field `{}` is {} in the page used and {} in this one",
                                f.name,
                                if g.required { "required" } else { "optional" },
                                if f.required { "required" } else { "optional" },
                            ));
                        }
                        fill_info(&mut g.info, &f.info);
                        let inner = std::mem::replace(&mut g.schema, Schema::Any);
                        g.schema =
                            merge_version(inner, f.schema, &format!("{at}.{}", f.name), notes);
                    }
                    None => x.fields.push(f),
                }
            }
            Schema::Object(x)
        }
        (Schema::Array { items: x }, Schema::Array { items: y }) => {
            Schema::array(merge_version(*x, *y, &format!("{at}[]"), notes))
        }
        (Schema::Map { values: x }, Schema::Map { values: y }) => {
            Schema::map(merge_version(*x, *y, &format!("{at}{{}}"), notes))
        }
        (Schema::Integer { format: x }, Schema::Integer { format: y }) => Schema::Integer {
            format: if x == IntFormat::Int64 || y == IntFormat::Int64 {
                IntFormat::Int64
            } else {
                IntFormat::Int32
            },
        },
        (a, b) => {
            if std::mem::discriminant(&a) != std::mem::discriminant(&b) {
                notes.push(format!(
                    "{at}: {} in the page used, {} in this one",
                    a.describe(),
                    b.describe()
                ));
            }
            a
        }
    }
}

/// Union of two readings of one schema; the first wins where they disagree.
pub(super) fn merge_schema(a: Schema, b: Schema, at: &str, notes: &mut Vec<String>) -> Schema {
    match (a, b) {
        (Schema::Any, b) => b,
        (a, Schema::Any) => a,
        (Schema::Object(mut x), Schema::Object(y)) => {
            if x.name.is_none() {
                x.name = y.name;
            }
            for f in y.fields {
                match x.fields.iter_mut().find(|g| g.name == f.name) {
                    Some(g) => {
                        if g.required != f.required {
                            notes.push(format!(
                                "{at}: field `{}` is required in one page and optional in the other",
                                f.name
                            ));
                            g.required |= f.required;
                        }
                        g.info.sensitive |= f.info.sensitive;
                        if g.info.description.is_empty() {
                            g.info.description = f.info.description.clone();
                        }
                        let inner = std::mem::replace(&mut g.schema, Schema::Any);
                        g.schema =
                            merge_schema(inner, f.schema, &format!("{at}.{}", f.name), notes);
                    }
                    None => x.fields.push(f),
                }
            }
            Schema::Object(ObjectSchema {
                name: x.name,
                fields: x.fields,
            })
        }
        (Schema::Array { items: x }, Schema::Array { items: y }) => {
            Schema::array(merge_schema(*x, *y, &format!("{at}[]"), notes))
        }
        (Schema::Map { values: x }, Schema::Map { values: y }) => {
            Schema::map(merge_schema(*x, *y, &format!("{at}{{}}"), notes))
        }
        // "X object" on one page, "Array of X objects" on the other: the list is the more
        // specific reading (a field documented as one object is the common slip).
        (Schema::Object(x), Schema::Array { items })
        | (Schema::Array { items }, Schema::Object(x)) => {
            notes.push(format!(
                "{at}: an object in one page and an array in the other; read as an array"
            ));
            Schema::array(merge_schema(
                *items,
                Schema::Object(x),
                &format!("{at}[]"),
                notes,
            ))
        }
        // `string` on one page, a structure on the other: pages write `string` loosely (for an
        // `enum`, for a link object); nobody writes `Array of strings` by mistake.
        (Schema::String, b @ (Schema::Array { .. } | Schema::Object(_) | Schema::Map { .. })) => {
            notes.push(format!(
                "{at}: type is string in one page and {} in the other; read as {}",
                b.describe(),
                b.describe()
            ));
            b
        }
        (a @ (Schema::Array { .. } | Schema::Object(_) | Schema::Map { .. }), Schema::String) => {
            notes.push(format!(
                "{at}: type is {} in one page and string in the other; read as {}",
                a.describe(),
                a.describe()
            ));
            a
        }
        // One page's example showed the integer needs 64 bits.
        (Schema::Integer { format: x }, Schema::Integer { format: y }) => Schema::Integer {
            format: if x == IntFormat::Int64 || y == IntFormat::Int64 {
                IntFormat::Int64
            } else {
                IntFormat::Int32
            },
        },
        (a, b) => {
            if std::mem::discriminant(&a) != std::mem::discriminant(&b) {
                notes.push(format!(
                    "{at}: type is {} in one page and {} in the other",
                    a.describe(),
                    b.describe()
                ));
            }
            a
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_structure_beats_a_loose_string() {
        let mut notes = Vec::new();
        let strings = Schema::array(Schema::String);
        assert_eq!(
            merge_schema(Schema::String, strings.clone(), "body.masters", &mut notes),
            strings
        );
        assert_eq!(
            merge_schema(strings.clone(), Schema::String, "body.masters", &mut notes),
            strings
        );
        assert_eq!(notes.len(), 2, "{notes:?}");
        // Two scalars: the first page wins, and the disagreement is noted.
        assert_eq!(
            merge_schema(Schema::String, Schema::Boolean, "body.x", &mut notes),
            Schema::String
        );
        assert_eq!(notes.len(), 3);
    }

    #[test]
    fn of_two_versions_the_newer_wins_and_the_older_fills_in() {
        let mut notes = Vec::new();
        let merged = merge_version(Schema::String, Schema::Boolean, "body.x", &mut notes);
        assert_eq!(merged, Schema::String);
        assert_eq!(
            notes,
            ["body.x: string in the page used, boolean in this one"]
        );
    }
}
