//! Path, query and header parameters: from the parameter tables (rows a location column, the
//! path template or the request example do not put in the body), the URI's query string and
//! the path template, in that order of precedence.

use serde_json::Value;

use apispec::{FieldInfo, Param, ParamLocation, Schema};

use crate::tables::rows::Row;
use crate::tables::{has_body_method, root, Role};
use crate::vocab::types::TypeExpr;
use crate::vocab::uri::MethodLine;
use crate::vocab::words::desc_table_ref;

use super::Exchange;

impl Exchange<'_, '_> {
    pub(super) fn params(&mut self, ml: &MethodLine) -> Vec<Param> {
        let mut path_params: Vec<Param> = Vec::new();
        let mut query: Vec<Param> = Vec::new();
        let mut headers: Vec<Param> = Vec::new();
        for idx in 0..self.r.tables.len() {
            let role = self.r.tables[idx].role.clone();
            if !matches!(
                role,
                Role::Path | Role::Query | Role::Header | Role::UriMixed | Role::Located
            ) {
                continue;
            }
            for f in self.r.rows(idx) {
                // A row named "body" stands for the request body itself ("See Table 2").
                if f.is_body_marker() {
                    continue;
                }
                let loc = if self.template.iter().any(|p| p == &f.name) {
                    Some(ParamLocation::Path)
                } else if self.body_row(&role, &f) {
                    None
                } else {
                    match (f.location, &role) {
                        (Some(ParamLocation::Header), _) | (None, Role::Header) => {
                            Some(ParamLocation::Header)
                        }
                        _ => Some(ParamLocation::Query),
                    }
                };
                let Some(loc) = loc else { continue };
                let mut schema = self.param_schema(&f);
                if loc == ParamLocation::Query {
                    schema = super::multi_value::query_schema(schema, &f.info.description);
                }
                let required = if loc == ParamLocation::Path {
                    true
                } else {
                    f.required
                };
                let p = Param {
                    location: loc,
                    name: f.name,
                    required,
                    schema,
                    info: f.info,
                };
                let list = match loc {
                    ParamLocation::Path => &mut path_params,
                    ParamLocation::Query => &mut query,
                    ParamLocation::Header => &mut headers,
                };
                // rule: query_table (an indexed family: `dim` → dim.0, dim.1, …)
                let family = (loc == ParamLocation::Query)
                    .then(|| {
                        crate::rules::query_table::indexed_family(&p.name, &p.info.description)
                    })
                    .flatten();
                let members = match family {
                    Some(names) => names
                        .into_iter()
                        .map(|name| Param { name, ..p.clone() })
                        .collect(),
                    None => vec![p],
                };
                for p in members {
                    if !list.iter().any(|x| x.name == p.name) {
                        list.push(p);
                    }
                }
            }
        }
        for q in &ml.query {
            if !query.iter().any(|p| &p.name == q) && !self.template.contains(q) {
                query.push(Param {
                    location: ParamLocation::Query,
                    name: q.clone(),
                    required: false,
                    schema: Schema::String,
                    info: FieldInfo::default(),
                });
            }
        }
        let mut ordered = Vec::new();
        for name in self.template.clone() {
            match path_params.iter().position(|p| p.name == name) {
                Some(i) => ordered.push(path_params.remove(i)),
                None => ordered.push(Param {
                    location: ParamLocation::Path,
                    name: name.clone(),
                    required: true,
                    schema: Schema::String,
                    info: FieldInfo::default(),
                }),
            }
        }
        ordered.extend(query);
        ordered.extend(headers);
        ordered
    }

    /// The table a "body" row of a parameter table refers to ("See Table 2"), if any.
    pub(super) fn body_marker_table(&mut self) -> Option<usize> {
        for idx in 0..self.r.tables.len() {
            if !matches!(
                self.r.tables[idx].role,
                Role::Path | Role::Query | Role::UriMixed | Role::Located
            ) {
                continue;
            }
            for f in self.r.rows(idx) {
                if f.is_body_marker() {
                    let no = desc_table_ref(&f.info.description)?;
                    return self.r.tables.iter().position(|t| t.caption_no == Some(no));
                }
            }
        }
        None
    }

    /// The method can carry a body (DELETE only when the page shows one).
    pub(super) fn has_body_method(&self) -> bool {
        has_body_method(&self.method, self.request_example.is_some(), self.r.tables)
    }

    /// Whether a row of a parameter table (not the body table) is a body field: rows a location
    /// column puts in the body; rows of a mixed URI table that are not path or query
    /// parameters; rows of a path/query table that the JSON example shows in the body.
    pub(super) fn body_row(&self, role: &Role, f: &Row) -> bool {
        if self.template.contains(&f.name) || !self.has_body_method() || f.is_body_marker() {
            return false;
        }
        let in_example = match &self.request_example {
            Some(Value::Object(m)) => m.contains_key(&f.name),
            Some(Value::Array(a)) => a
                .first()
                .and_then(Value::as_object)
                .is_some_and(|m| m.contains_key(&f.name)),
            _ => false,
        };
        let in_uri_query = self.uri_query.contains(&f.name);
        match role {
            Role::Located => f.body_location,
            Role::Query | Role::Path => in_example && !in_uri_query,
            Role::UriMixed => {
                f.location.is_none()
                    && !in_uri_query
                    && (in_example
                        || root(self.r.tables, &Role::RequestBody).is_none()
                        || self.request_example.is_none())
            }
            _ => false,
        }
    }

    pub(super) fn param_schema(&mut self, f: &Row) -> Schema {
        match &f.typ {
            TypeExpr::Scalar(s) => s.clone(),
            TypeExpr::Array(inner) => match inner.as_ref() {
                TypeExpr::Scalar(s) => Schema::array(s.clone()),
                _ => Schema::array(Schema::String),
            },
            _ => Schema::String,
        }
    }
}
