//! Models: hoisting and deduplicating the inline object trees of the operations into named
//! structs and enums, and emitting them.
//!
//! Objects are identified by their name and their *shape* (field names and types, recursively;
//! required flags and texts ignored). The request table and the response table of the same
//! object (`RemoveNodesSpec`) have the same shape and differ only in required flags (response
//! tables have no required column), so they become one type. A field required in a request
//! is a plain type when its struct only travels in requests; when the struct is also decoded
//! from responses the field is an `Option` (the CCE page itself shows `"userPassword": {}`
//! in a response, without the "required" password), and the constructor or builder still
//! insists on it, so a request cannot forget it. Different shapes under one name get
//! deterministic distinct names (`Login`, `Login2`) in walk order: operations sorted by name,
//! request before responses, fields in table order.

use std::collections::BTreeMap;

use apispec::{FieldInfo, IntFormat, ObjectSchema, Operation, Schema};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::docs::Doc;
use crate::names::{self, ident, Scope};

/// Structs with more fields than this get a builder; smaller ones a `new` constructor.
pub const BUILDER_THRESHOLD: usize = 3;

/// A Rust type of a field, parameter or body.
#[derive(Debug, Clone, PartialEq)]
pub enum Ty {
    /// `String`.
    String,
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f64`.
    F64,
    /// `bool`.
    Bool,
    /// `serde_json::Value`.
    Value,
    /// A generated struct or enum.
    Named(String),
    /// `Vec<T>`.
    Vec(Box<Ty>),
    /// `BTreeMap<String, T>`.
    Map(Box<Ty>),
    /// `Box<T>`, for a self-referencing field.
    Boxed(Box<Ty>),
    /// `huaweicloud_sdk_core::Binary`: the bytes of a body that is not JSON (a file).
    Bytes,
}

impl Ty {
    /// The type, with generated names qualified by `prefix` (`models::`).
    pub fn tokens(&self, prefix: &TokenStream) -> TokenStream {
        match self {
            Ty::String => quote!(String),
            Ty::I32 => quote!(i32),
            Ty::I64 => quote!(i64),
            Ty::F64 => quote!(f64),
            Ty::Bool => quote!(bool),
            Ty::Value => quote!(serde_json::Value),
            Ty::Named(n) => {
                let n = format_ident!("{}", n);
                quote!(#prefix #n)
            }
            Ty::Vec(t) => {
                let t = t.tokens(prefix);
                quote!(Vec<#t>)
            }
            Ty::Map(t) => {
                let t = t.tokens(prefix);
                quote!(std::collections::BTreeMap<String, #t>)
            }
            Ty::Boxed(t) => {
                let t = t.tokens(prefix);
                quote!(Box<#t>)
            }
            Ty::Bytes => quote!(huaweicloud_sdk_core::Binary),
        }
    }

    /// The type a setter takes, and how the argument becomes a value of this type.
    pub fn setter(&self, prefix: &TokenStream) -> (TokenStream, Conv) {
        match self {
            Ty::String => (quote!(impl Into<String>), Conv::Into),
            Ty::Bytes => (quote!(impl Into<huaweicloud_sdk_core::Binary>), Conv::Into),
            Ty::Boxed(inner) => (inner.tokens(prefix), Conv::Box),
            other => (other.tokens(prefix), Conv::Same),
        }
    }

    /// Short description for metadata (`string`, `array<integer>`, `RemoveNodesSpec`).
    pub fn describe(&self) -> String {
        match self {
            Ty::String => "string".into(),
            Ty::I32 => "integer".into(),
            Ty::I64 => "long".into(),
            Ty::F64 => "number".into(),
            Ty::Bool => "boolean".into(),
            Ty::Value => "any".into(),
            Ty::Named(n) => n.clone(),
            Ty::Vec(t) => format!("array<{}>", t.describe()),
            Ty::Map(t) => format!("map<string, {}>", t.describe()),
            Ty::Boxed(t) => t.describe(),
            Ty::Bytes => "binary".into(),
        }
    }
}

/// How a setter argument becomes the field's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conv {
    /// As is.
    Same,
    /// `.into()`.
    Into,
    /// `Box::new(..)`.
    Box,
}

impl Conv {
    /// The conversion applied to the variable `arg`.
    pub fn apply(self, arg: &syn::Ident) -> TokenStream {
        match self {
            Conv::Same => quote!(#arg),
            Conv::Into => quote!(#arg.into()),
            Conv::Box => quote!(Box::new(#arg)),
        }
    }
}

/// The Rust type of a scalar schema (parameters, and leaves of bodies).
pub fn scalar_ty(s: &Schema) -> Ty {
    match s {
        Schema::String => Ty::String,
        Schema::Integer {
            format: IntFormat::Int32,
        } => Ty::I32,
        Schema::Integer {
            format: IntFormat::Int64,
        } => Ty::I64,
        Schema::Number { .. } => Ty::F64,
        Schema::Boolean => Ty::Bool,
        Schema::Array { items } => Ty::Vec(Box::new(scalar_ty(items))),
        Schema::Map { values } => Ty::Map(Box::new(scalar_ty(values))),
        Schema::Any | Schema::Object(_) | Schema::Ref { .. } => Ty::Value,
    }
}

/// Whether a request body of this media type is raw bytes (a file), not fields: anything but
/// JSON and forms (`application/octet-stream`, `image/*`, ...). Multipart bodies are fields.
pub fn is_binary_content_type(content_type: &str) -> bool {
    let ct = content_type.trim().to_ascii_lowercase();
    !(ct.contains("json")
        || ct.starts_with("application/x-www-form-urlencoded")
        || ct.starts_with("multipart/"))
}

/// Whether a schema is used in a request or a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Usage {
    Request,
    Response,
}

/// A generated struct.
#[derive(Debug, Clone)]
pub struct StructDef {
    /// Rust name.
    pub name: String,
    /// Name of its builder, if it has one.
    pub builder: Option<String>,
    /// Doc, as Markdown (page text already escaped).
    pub doc: String,
    /// Fields in table order.
    pub fields: Vec<FieldDef>,
    /// Whether it travels in a request body.
    pub in_request: bool,
    /// Whether it is decoded from a response body.
    pub in_response: bool,
}

/// A field of a generated struct.
#[derive(Debug, Clone)]
pub struct FieldDef {
    /// Wire name.
    pub wire: String,
    /// Rust name, unescaped.
    pub rust: String,
    /// Its type.
    pub ty: Ty,
    /// Required in some request.
    pub required: bool,
    /// Merged documentation and constraints.
    pub info: FieldInfo,
}

impl StructDef {
    /// Whether the field's type is plain (not `Option`).
    pub fn is_plain(&self, f: &FieldDef) -> bool {
        f.required && !self.in_response
    }

    fn has_required(&self) -> bool {
        self.fields.iter().any(|f| f.required)
    }

    fn has_sensitive(&self) -> bool {
        self.fields.iter().any(|f| f.info.sensitive)
    }
}

/// A generated string enum with an `Unknown(String)` catch-all.
#[derive(Debug, Clone)]
pub struct EnumDef {
    /// Rust name.
    pub name: String,
    /// Doc text.
    pub doc: String,
    /// Documented wire values, in page order, with their variant names.
    pub variants: Vec<(String, String)>,
}

/// The types of one operation's bodies.
#[derive(Debug, Clone, Default)]
pub struct OpTypes {
    /// The request body.
    pub request: Option<Ty>,
    /// The success response body; `None` for operations that answer with no body.
    pub output: Option<Ty>,
    /// The documented error response bodies, by status.
    pub errors: BTreeMap<u16, Ty>,
}

/// Every model of one API version module.
#[derive(Debug, Clone, Default)]
pub struct Models {
    /// Structs by Rust name.
    pub structs: BTreeMap<String, StructDef>,
    /// Enums by Rust name.
    pub enums: BTreeMap<String, EnumDef>,
    /// Body types of each operation, by operation name.
    pub ops: BTreeMap<String, OpTypes>,
    scope: Scope,
    objects: BTreeMap<(String, String), String>,
    enum_keys: BTreeMap<(String, Vec<String>), String>,
    /// Every shape seen under each base name.
    census: BTreeMap<String, std::collections::BTreeSet<String>>,
    /// The base names that the first pass over the same operations saw with more than one
    /// shape: each object of such a name is named after its owner, so that which page comes
    /// first never decides who gets the plain name.
    shared: std::collections::BTreeSet<String>,
}

/// The success response whose body is the operation's output: the first 2xx with a body.
pub fn success_body(op: &Operation) -> Option<&Schema> {
    op.responses
        .values()
        .filter(|r| r.is_success())
        .find_map(|r| r.body.as_ref())
}

/// The success response the output is read from: the first 2xx with a body, or failing that
/// the first 2xx that documents headers.
fn success_response(op: &Operation) -> Option<&apispec::Response> {
    let mut ok = op.responses.values().filter(|r| r.is_success());
    ok.clone()
        .find(|r| r.body.is_some())
        .or_else(|| ok.find(|r| !r.headers.is_empty()))
}

/// The documented response headers that are fields of the output, beside the body's own
/// (as the official SDKs have them): those of the output's response, when its body is an
/// object or absent, less any a body field of the same name hides. The runtime puts their
/// values into the decoded object under their wire names
/// (`OperationInfo::response_headers`).
pub fn output_headers(op: &Operation) -> Vec<&apispec::Param> {
    let Some(r) = success_response(op) else {
        return Vec::new();
    };
    let body_fields: &[apispec::Field] = match &r.body {
        Some(Schema::Object(o)) => &o.fields,
        None => &[],
        Some(_) => return Vec::new(),
    };
    r.headers
        .iter()
        .filter(|h| {
            !body_fields
                .iter()
                .any(|f| f.name.eq_ignore_ascii_case(&h.name))
        })
        .collect()
}

/// The schema the output decodes from: the success body with the [`output_headers`] as
/// further fields (an object of the headers alone when the response has no body), and
/// whether it has any.
pub fn output_schema(op: &Operation) -> Option<(std::borrow::Cow<'_, Schema>, bool)> {
    let headers = output_headers(op);
    let body = success_response(op).and_then(|r| r.body.as_ref());
    if headers.is_empty() {
        return body.map(|b| (std::borrow::Cow::Borrowed(b), false));
    }
    let mut object = match body {
        Some(Schema::Object(o)) => o.clone(),
        _ => ObjectSchema::default(),
    };
    object.fields.extend(headers.into_iter().map(|h| {
        let mut info = h.info.clone();
        info.description = if info.description.is_empty() {
            format!("Response header {}.", h.name)
        } else {
            format!("Response header {}: {}", h.name, info.description)
        };
        apispec::Field {
            name: h.name.clone(),
            required: false,
            schema: h.schema.clone(),
            info,
        }
    }));
    Some((std::borrow::Cow::Owned(Schema::Object(object)), true))
}

/// Shape of an object: fields and types, required flags and texts removed.
fn shape(o: &ObjectSchema) -> String {
    fn strip(s: &Schema) -> Schema {
        match s {
            Schema::Object(o) => Schema::Object(strip_object(o)),
            Schema::Array { items } => Schema::array(strip(items)),
            Schema::Map { values } => Schema::map(strip(values)),
            other => other.clone(),
        }
    }
    fn strip_object(o: &ObjectSchema) -> ObjectSchema {
        ObjectSchema {
            name: o.name.clone(),
            fields: o
                .fields
                .iter()
                .map(|f| apispec::Field {
                    name: f.name.clone(),
                    required: false,
                    schema: strip(&f.schema),
                    info: FieldInfo::default(),
                })
                .collect(),
        }
    }
    serde_json::to_string(&strip_object(o)).unwrap_or_default()
}

impl Models {
    /// Wire names of the sensitive parameters and body fields of `op` that the runtime's own
    /// rule ([`is_secret_name`](huaweicloud_sdk_core::secret::is_secret_name)) does not cover,
    /// sorted, each once: what its `OperationInfo::sensitive` lists.
    pub fn sensitive_names(&self, op: &Operation) -> Vec<String> {
        let mut out: std::collections::BTreeSet<String> = op
            .params
            .iter()
            .filter(|p| p.info.sensitive)
            .map(|p| p.name.clone())
            .collect();
        let mut seen = std::collections::BTreeSet::new();
        if let Some(types) = self.ops.get(&op.name) {
            let roots = types.request.iter().chain(types.output.iter());
            for ty in roots {
                self.collect_sensitive(ty, &mut seen, &mut out);
            }
        }
        // What the runtime masks by its own rule (`X-Auth-Token`, `password`) is not repeated.
        out.into_iter()
            .filter(|name| !huaweicloud_sdk_core::secret::is_secret_name(name, &[]))
            .collect()
    }

    fn collect_sensitive(
        &self,
        ty: &Ty,
        seen: &mut std::collections::BTreeSet<String>,
        out: &mut std::collections::BTreeSet<String>,
    ) {
        match ty {
            Ty::Vec(t) | Ty::Map(t) | Ty::Boxed(t) => self.collect_sensitive(t, seen, out),
            Ty::Named(n) => {
                let Some(s) = self.structs.get(n) else {
                    return;
                };
                if !seen.insert(n.clone()) {
                    return;
                }
                for f in &s.fields {
                    if f.info.sensitive {
                        out.insert(f.wire.clone());
                    }
                    self.collect_sensitive(&f.ty, seen, out);
                }
            }
            _ => {}
        }
    }

    /// Hoists the models of `ops` (one API version), in a deterministic order.
    pub fn collect(ops: &[&Operation]) -> Models {
        // The first pass only counts the shapes behind each name; the second names by it.
        let shared = Models::collect_with(ops, Default::default())
            .census
            .into_iter()
            .filter(|(_, shapes)| shapes.len() > 1)
            .map(|(base, _)| base)
            .collect();
        Models::collect_with(ops, shared)
    }

    fn collect_with(ops: &[&Operation], shared: std::collections::BTreeSet<String>) -> Models {
        let mut m = Models {
            scope: Scope::with_taken(["Unknown"]),
            shared,
            ..Models::default()
        };
        for op in ops {
            let op_name = names::type_name(&op.name);
            let mut types = OpTypes::default();
            if let Some(body) = &op.request_body {
                let binary = op
                    .request_content_type
                    .as_deref()
                    .is_some_and(is_binary_content_type);
                types.request = Some(if binary {
                    // The body is the file itself; the table describes the upload field.
                    Ty::Bytes
                } else {
                    let doc = format!("Request body of `{}`.", code_span(&op.name));
                    m.root(body, &format!("{op_name}RequestBody"), Usage::Request, &doc)
                });
            }
            if let Some((body, with_headers)) = output_schema(op) {
                let doc = if !with_headers {
                    format!("Response body of `{}`.", code_span(&op.name))
                } else {
                    format!(
                        "Response of `{}`: its body's fields and its documented headers.",
                        code_span(&op.name)
                    )
                };
                let ty = m.root(&body, &format!("{op_name}Response"), Usage::Response, &doc);
                types.output = Some(ty);
            }
            for r in op.responses.values().filter(|r| r.status >= 400) {
                if let Some(body) = &r.body {
                    let doc = format!(
                        "Error response body of `{}`: decode an error's raw body \
                         ([`ErrorMeta::body`](huaweicloud_sdk_core::ErrorMeta::body)) into it.",
                        code_span(&op.name)
                    );
                    let name = format!("{op_name}ErrorBody");
                    let ty = m.root(body, &name, Usage::Response, &doc);
                    types.errors.insert(r.status, ty);
                }
            }
            m.ops.insert(op.name.clone(), types);
        }
        // Builders are named after every type name is taken, so that a type never loses its
        // name to a builder.
        let names: Vec<String> = m.structs.keys().cloned().collect();
        for n in names {
            if m.structs[&n].fields.len() > BUILDER_THRESHOLD {
                let b = m.scope.claim(&format!("{n}Builder"));
                if let Some(s) = m.structs.get_mut(&n) {
                    s.builder = Some(b);
                }
            }
        }
        m
    }

    /// `preferred`, or when another type holds it already, `preferred` with a short hash of
    /// `shape`: a suffix that depends on this type alone, never on how many came before it.
    fn stable_claim(&mut self, preferred: &str, shape: &str) -> String {
        if !self.scope.contains(preferred) {
            return self.scope.claim(preferred);
        }
        let mut hash: u32 = 0x811c_9dc5;
        for b in shape.bytes() {
            hash = (hash ^ u32::from(b)).wrapping_mul(0x0100_0193);
        }
        let hashed = format!("{preferred}{:04X}", hash >> 16);
        self.scope.claim(&hashed)
    }

    fn root(&mut self, s: &Schema, suggested: &str, usage: Usage, doc: &str) -> Ty {
        let mut stack = Vec::new();
        self.schema(s, suggested, usage, &mut stack, false, doc)
    }

    fn schema(
        &mut self,
        s: &Schema,
        suggested: &str,
        usage: Usage,
        stack: &mut Vec<(String, String)>,
        direct: bool,
        doc: &str,
    ) -> Ty {
        match s {
            Schema::Object(o) => Ty::Named(self.object(o, suggested, usage, stack, doc)),
            Schema::Array { items } => {
                let item_name = if items.innermost_object().is_some_and(|o| o.name.is_none()) {
                    format!("{suggested}Item")
                } else {
                    suggested.to_string()
                };
                Ty::Vec(Box::new(
                    self.schema(items, &item_name, usage, stack, false, doc),
                ))
            }
            Schema::Map { values } => Ty::Map(Box::new(self.schema(
                values,
                &format!("{suggested}Value"),
                usage,
                stack,
                false,
                doc,
            ))),
            Schema::Ref { name } => match stack.iter().rev().find(|(raw, _)| raw == name) {
                Some((_, assigned)) if direct => Ty::Boxed(Box::new(Ty::Named(assigned.clone()))),
                Some((_, assigned)) => Ty::Named(assigned.clone()),
                None => Ty::Value,
            },
            other => scalar_ty(other),
        }
    }

    fn object(
        &mut self,
        o: &ObjectSchema,
        suggested: &str,
        usage: Usage,
        stack: &mut Vec<(String, String)>,
        doc: &str,
    ) -> String {
        let base = names::type_name(o.name.as_deref().unwrap_or(suggested));
        let shape = shape(o);
        let key = (base.clone(), shape.clone());
        let known = self.objects.get(&key).cloned();
        let name = match &known {
            Some(n) => n.clone(),
            None => {
                let preferred = if self.shared.contains(&base) {
                    // Named after its owner: `{Parent}{Field}`, or the operation's body name.
                    names::type_name(suggested)
                } else {
                    base.clone()
                };
                let n = self.stable_claim(&preferred, &shape);
                self.objects.insert(key, n.clone());
                n
            }
        };
        self.census.entry(base.clone()).or_default().insert(shape);
        stack.push((o.name.clone().unwrap_or_default(), name.clone()));
        let mut field_scope = Scope::with_taken(["build"]);
        let mut fields = Vec::with_capacity(o.fields.len());
        for f in &o.fields {
            let rust = field_scope.claim(&names::snake(&f.name));
            let child = format!("{name}{}", names::upper_camel(&f.name, "Field"));
            let ty = if matches!(f.schema, Schema::String) && !f.info.enum_values.is_empty() {
                Ty::Named(self.enumeration(&child, &f.info))
            } else {
                self.schema(
                    &f.schema,
                    &child,
                    usage,
                    stack,
                    true,
                    &crate::docs::escape(&f.info.description),
                )
            };
            fields.push(FieldDef {
                wire: f.name.clone(),
                rust,
                ty,
                required: usage == Usage::Request && f.required,
                info: f.info.clone(),
            });
        }
        stack.pop();
        match self.structs.get_mut(&name) {
            Some(def) => {
                def.in_request |= usage == Usage::Request;
                def.in_response |= usage == Usage::Response;
                if def.doc.is_empty() {
                    def.doc = doc.to_string();
                }
                for (old, new) in def.fields.iter_mut().zip(fields) {
                    old.required |= new.required;
                    merge_info(&mut old.info, &new.info);
                }
            }
            None => {
                let def = StructDef {
                    name: name.clone(),
                    builder: None,
                    doc: doc.to_string(),
                    fields,
                    in_request: usage == Usage::Request,
                    in_response: usage == Usage::Response,
                };
                self.structs.insert(name.clone(), def);
            }
        }
        name
    }

    fn enumeration(&mut self, suggested: &str, info: &FieldInfo) -> String {
        let mut values: Vec<String> = Vec::new();
        for v in &info.enum_values {
            if !values.contains(v) {
                values.push(v.clone());
            }
        }
        let base = names::type_name(suggested);
        let key = (base.clone(), values.clone());
        if let Some(n) = self.enum_keys.get(&key) {
            return n.clone();
        }
        let name = self.stable_claim(&base, &values.join("\u{1}"));
        self.enum_keys.insert(key, name.clone());
        let mut vscope = Scope::with_taken(["Unknown"]);
        let variants = values
            .iter()
            .map(|v| (v.clone(), vscope.claim(&names::upper_camel(v, "V"))))
            .collect();
        self.enums.insert(
            name.clone(),
            EnumDef {
                name: name.clone(),
                doc: info.description.clone(),
                variants,
            },
        );
        name
    }
}

fn merge_info(old: &mut FieldInfo, new: &FieldInfo) {
    old.sensitive |= new.sensitive;
    if old.description.is_empty() {
        old.description = new.description.clone();
    }
    if old.default.is_none() {
        old.default = new.default.clone();
    }
    if old.enum_values.is_empty() {
        old.enum_values = new.enum_values.clone();
    }
}

/// Doc of a field or parameter: its description, then its documented constraints.
pub fn field_doc(wire: &str, info: &FieldInfo, required_note: Option<&str>) -> Doc {
    let mut doc = Doc::new().text(&info.description);
    if doc.is_empty() {
        // The page leaves the description cell empty; rustdoc still wants a line.
        doc = doc.markdown(format!("`{}`.", code_span(wire)));
    }
    let mut notes: Vec<String> = Vec::new();
    if let Some(r) = required_note {
        notes.push(r.to_string());
    }
    if let Some(w) = &info.required_when {
        notes.push(format!("Required when: {}", crate::docs::escape(w)));
    }
    if let Some(d) = &info.default {
        notes.push(format!("Default: `{}`", code_span(d)));
    }
    if !info.enum_values.is_empty() {
        let vals: Vec<String> = info
            .enum_values
            .iter()
            .map(|v| format!("`{}`", code_span(v)))
            .collect();
        notes.push(format!("Values: {}", vals.join(", ")));
    }
    match (info.min_length, info.max_length) {
        (Some(a), Some(b)) => notes.push(format!("Length: {a} to {b}")),
        (Some(a), None) => notes.push(format!("Minimum length: {a}")),
        (None, Some(b)) => notes.push(format!("Maximum length: {b}")),
        (None, None) => {}
    }
    match (info.minimum, info.maximum) {
        (Some(a), Some(b)) => notes.push(format!("Range: {a} to {b}")),
        (Some(a), None) => notes.push(format!("Minimum: {a}")),
        (None, Some(b)) => notes.push(format!("Maximum: {b}")),
        (None, None) => {}
    }
    if info.sensitive {
        notes.push("Sensitive: printed as `\"***\"` by `Debug`.".to_string());
    }
    // The notes make one paragraph, each a sentence.
    let notes: Vec<String> = notes
        .into_iter()
        .map(|n| {
            if n.ends_with(['.', '*', '。']) {
                n
            } else {
                format!("{n}.")
            }
        })
        .collect();
    doc.markdown(notes.join(" "))
}

/// Text for inside a Markdown code span: backticks would end it, line breaks would split it.
pub fn code_span(s: &str) -> String {
    s.replace('`', "'").replace(['\n', '\r'], " ")
}

/// `impl Debug` that prints sensitive values as `"***"`. `fields` are (ident, label, sensitive,
/// optional).
pub fn debug_impl(name: &syn::Ident, fields: &[(syn::Ident, String, bool, bool)]) -> TokenStream {
    let label = name.to_string();
    let entries = fields
        .iter()
        .map(|(id, l, sensitive, optional)| match (sensitive, optional) {
            (false, _) => quote!(.field(#l, &self.#id)),
            (true, false) => quote!(.field(#l, &"***")),
            (true, true) => quote!(.field(#l, &self.#id.as_ref().map(|_| "***"))),
        });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#label) #(#entries)* .finish()
            }
        }
    }
}

/// Emits `models.rs` of one API version module.
pub fn emit(models: &Models) -> TokenStream {
    let here = TokenStream::new();
    let mut items = Vec::new();
    for e in models.enums.values() {
        items.push(emit_enum(e));
    }
    for s in models.structs.values() {
        items.push(emit_struct(s, &here));
    }
    let serializes = !models.enums.is_empty() || models.structs.values().any(|s| s.in_request);
    let imports = match (items.is_empty(), serializes) {
        (true, _) => None,
        (false, true) => Some(quote!(
            use serde::{Deserialize, Serialize};
        )),
        (false, false) => Some(quote!(
            use serde::Deserialize;
        )),
    };
    quote! {
        //! Request and response bodies.
        #imports
        #(#items)*
    }
}

fn emit_enum(e: &EnumDef) -> TokenStream {
    let name = format_ident!("{}", e.name);
    let doc = Doc::new().text(&e.doc).markdown(
        "Unknown values, such as ones added to the service later, decode into `Unknown`.",
    );
    let doc = doc.attrs();
    let variants = e.variants.iter().map(|(wire, v)| {
        let v = format_ident!("{}", v);
        let vdoc = format!(" `{}`", code_span(wire));
        quote! {
            #[doc = #vdoc]
            #[serde(rename = #wire)]
            #v,
        }
    });
    let arms = e.variants.iter().map(|(wire, v)| {
        let v = format_ident!("{}", v);
        quote!(#name::#v => #wire,)
    });
    let from_wire = e.variants.iter().map(|(wire, v)| {
        let v = format_ident!("{}", v);
        quote!(#wire => #name::#v,)
    });
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the SDK does not know.
            #[serde(untagged)]
            Unknown(String),
        }

        // The wire value may come as a string, or as the number or boolean it spells.
        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let wire = huaweicloud_sdk_core::tolerant::string_like(deserializer)?;
                Ok(match wire.as_str() {
                    #(#from_wire)*
                    _ => #name::Unknown(wire),
                })
            }
        }

        impl #name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#arms)*
                    #name::Unknown(s) => s,
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

fn emit_struct(s: &StructDef, prefix: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", s.name);
    // Request types serialize (and deserialize, for `invoke`'s strict input); types only
    // decoded from responses deserialize.
    let mut derives = vec![quote!(Clone), quote!(PartialEq)];
    if s.in_request {
        derives.push(quote!(Serialize));
    }
    derives.push(quote!(Deserialize));
    if !s.has_sensitive() {
        derives.insert(0, quote!(Debug));
    }
    if !s.has_required() {
        derives.push(quote!(Default));
    }
    let mut doc = Doc::new().markdown(s.doc.clone());
    if doc.is_empty() {
        doc = doc.markdown(format!("The `{}` object.", s.name));
    }
    if s.fields.iter().any(|f| f.required && !s.is_plain(f)) {
        doc = doc.markdown(
            "Fields marked *Required in requests* are optional here because this type is also \
             decoded from responses, which may leave them out; the constructor or builder \
             requires them.",
        );
    }
    let doc = doc.attrs();
    let fields = s.fields.iter().map(|f| {
        let id = ident(&f.rust);
        let ty = f.ty.tokens(prefix);
        let note = (f.required && !s.is_plain(f)).then_some("*Required in requests.*");
        let fdoc = field_doc(&f.wire, &f.info, note).attrs();
        let rename = (names::serde_name(&f.rust) != f.wire).then(|| {
            let w = &f.wire;
            quote!(rename = #w,)
        });
        if s.is_plain(f) || !s.in_request {
            let attr = rename.map(|r| quote!(#[serde(#r)]));
            let ty = if s.is_plain(f) {
                ty
            } else {
                quote!(Option<#ty>)
            };
            quote! { #fdoc #attr pub #id: #ty, }
        } else {
            quote! {
                #fdoc
                #[serde(#rename skip_serializing_if = "Option::is_none")]
                pub #id: Option<#ty>,
            }
        }
    });
    let debug = s.has_sensitive().then(|| {
        let fs: Vec<_> = s
            .fields
            .iter()
            .map(|f| {
                (
                    ident(&f.rust),
                    f.rust.clone(),
                    f.info.sensitive,
                    !s.is_plain(f),
                )
            })
            .collect();
        debug_impl(&name, &fs)
    });
    let ctor = if !s.in_request {
        // Response types are decoded, never built.
        TokenStream::new()
    } else if s.builder.is_some() {
        emit_builder(s, prefix)
    } else if s.has_required() {
        emit_new(s, prefix)
    } else {
        TokenStream::new()
    };
    quote! {
        #doc
        #[derive(#(#derives),*)]
        pub struct #name {
            #(#fields)*
        }
        #debug
        #ctor
    }
}

fn emit_new(s: &StructDef, prefix: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let mut args = Vec::new();
    let mut inits = Vec::new();
    for f in &s.fields {
        let id = ident(&f.rust);
        if f.required {
            let (arg_ty, conv) = f.ty.setter(prefix);
            args.push(quote!(#id: #arg_ty));
            let conv = conv.apply(&id);
            if s.is_plain(f) && id == conv.to_string() {
                inits.push(quote!(#id));
            } else if s.is_plain(f) {
                inits.push(quote!(#id: #conv));
            } else {
                inits.push(quote!(#id: Some(#conv)));
            }
        } else {
            inits.push(quote!(#id: None));
        }
    }
    let doc = format!(
        " A `{}` with its required fields; the others are `None`.",
        s.name
    );
    quote! {
        impl #name {
            #[doc = #doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits),* }
            }
        }
    }
}

fn emit_builder(s: &StructDef, prefix: &TokenStream) -> TokenStream {
    let name = format_ident!("{}", s.name);
    let Some(bname) = &s.builder else {
        return TokenStream::new();
    };
    let builder = format_ident!("{}", bname);
    let bfields = s.fields.iter().map(|f| {
        let id = ident(&f.rust);
        let ty = f.ty.tokens(prefix);
        quote!(#id: Option<#ty>,)
    });
    let setters = s.fields.iter().map(|f| {
        let id = ident(&f.rust);
        let (arg_ty, conv) = f.ty.setter(prefix);
        let conv = conv.apply(&format_ident!("value"));
        let doc = format!(
            " Sets [`{}`]({}::{}){}.",
            f.rust,
            s.name,
            f.rust,
            if f.required { " (required)" } else { "" }
        );
        quote! {
            #[doc = #doc]
            pub fn #id(mut self, value: #arg_ty) -> Self {
                self.#id = Some(#conv);
                self
            }
        }
    });
    let inits = s.fields.iter().map(|f| {
        let id = ident(&f.rust);
        let wire = &f.wire;
        if f.required {
            let type_name = &s.name;
            let check = quote! {
                self.#id.ok_or(crate::BuildError { type_name: #type_name, field: #wire })?
            };
            if s.is_plain(f) {
                quote!(#id: #check,)
            } else {
                quote!(#id: Some(#check),)
            }
        } else {
            quote!(#id: self.#id,)
        }
    });
    let bdoc = format!(" Builder of [`{}`].", s.name);
    let fdoc = format!(" A builder of `{}`.", s.name);
    let build_doc = if s.has_required() {
        format!(
            " The `{}`, or an error naming the first required field that was not set.",
            s.name
        )
    } else {
        format!(" The `{}` (it has no required fields).", s.name)
    };
    let build_fn = if s.has_required() {
        quote! {
            pub fn build(self) -> Result<#name, crate::BuildError> {
                Ok(#name { #(#inits)* })
            }
        }
    } else {
        quote! {
            pub fn build(self) -> #name {
                #name { #(#inits)* }
            }
        }
    };
    let debug = if s.has_sensitive() {
        let fs: Vec<_> = s
            .fields
            .iter()
            .map(|f| (ident(&f.rust), f.rust.clone(), f.info.sensitive, true))
            .collect();
        debug_impl(&builder, &fs)
    } else {
        quote!()
    };
    let derive_debug = (!s.has_sensitive()).then(|| quote!(Debug,));
    quote! {
        impl #name {
            #[doc = #fdoc]
            pub fn builder() -> #builder {
                Default::default()
            }
        }

        #[doc = #bdoc]
        #[derive(#derive_debug Clone, Default)]
        pub struct #builder {
            #(#bfields)*
        }
        #debug

        impl #builder {
            #(#setters)*

            #[doc = #build_doc]
            #build_fn
        }
    }
}

/// Where a documented example cannot decode into the generated type `ty`: a value of another
/// type than its table documents, or a field the table requires that the example leaves out.
/// Such a page contradicts itself (an erratum for `service.toml`); the generated tests say so
/// instead of failing on it. Returns `$.path: what` lines, at most a few.
pub fn example_conflicts(ty: &Ty, models: &Models, example: &serde_json::Value) -> Vec<String> {
    let mut out = Vec::new();
    conflicts_at("$", ty, models, example, &mut out, 0);
    out
}

fn conflicts_at(
    path: &str,
    ty: &Ty,
    models: &Models,
    v: &serde_json::Value,
    out: &mut Vec<String>,
    depth: usize,
) {
    use serde_json::Value;
    if out.len() >= 3 || depth > 64 {
        return;
    }
    let mut bad = |what: &str| {
        let mut shown = v.to_string();
        if shown.chars().count() > 60 {
            shown = format!("{}…", shown.chars().take(60).collect::<String>());
        }
        out.push(format!("{path}: documented {what}, example has {shown}"))
    };
    match (ty, v) {
        (Ty::Value, _) => {}
        (Ty::String, Value::String(_)) | (Ty::Bool, Value::Bool(_)) => {}
        (Ty::Bytes, Value::String(_)) => {}
        (Ty::I32, Value::Number(n)) if n.as_i64().is_some_and(|i| i32::try_from(i).is_ok()) => {}
        (Ty::I64, Value::Number(n)) if n.is_i64() => {}
        (Ty::F64, Value::Number(_)) => {}
        (Ty::Boxed(t), _) => conflicts_at(path, t, models, v, out, depth + 1),
        (Ty::Vec(t), Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                conflicts_at(&format!("{path}[{i}]"), t, models, item, out, depth + 1);
            }
        }
        (Ty::Map(t), Value::Object(map)) => {
            for (k, item) in map {
                conflicts_at(&format!("{path}.{k}"), t, models, item, out, depth + 1);
            }
        }
        (Ty::Named(n), Value::String(_)) if models.enums.contains_key(n) => {}
        (Ty::Named(n), Value::Object(map)) if models.structs.contains_key(n) => {
            let s = &models.structs[n];
            for key in map.keys() {
                if !s.fields.iter().any(|f| &f.wire == key) {
                    out.push(format!("{path}.{key}: in the example, not in the table"));
                }
            }
            for f in &s.fields {
                let at = format!("{path}.{}", f.wire);
                match map.get(&f.wire) {
                    None | Some(Value::Null) if s.is_plain(f) => {
                        out.push(format!(
                            "{at}: required by the table, absent from the example"
                        ));
                    }
                    None | Some(Value::Null) => {}
                    Some(item) => conflicts_at(&at, &f.ty, models, item, out, depth + 1),
                }
            }
        }
        _ => bad(&ty.describe()),
    }
}

/// A JSON value of type `ty` with every field set, for generated tests: strings are `"sample"`,
/// or `secret` for sensitive fields.
pub fn sample_json(ty: &Ty, models: &Models, secret: &str, depth: usize) -> serde_json::Value {
    use serde_json::{json, Map, Value};
    match ty {
        Ty::String => json!("sample"),
        Ty::I32 | Ty::I64 => json!(1),
        Ty::F64 => json!(1.5),
        Ty::Bool => json!(true),
        Ty::Value => json!({}),
        Ty::Bytes => json!("sample file content"),
        Ty::Vec(t) => Value::Array(vec![sample_json(t, models, secret, depth)]),
        Ty::Map(t) => json!({ "key": sample_json(t, models, secret, depth) }),
        Ty::Boxed(_) if depth > 3 => Value::Null,
        Ty::Boxed(t) => sample_json(t, models, secret, depth + 1),
        Ty::Named(n) => {
            if let Some(e) = models.enums.get(n) {
                return json!(e
                    .variants
                    .first()
                    .map(|(w, _)| w.as_str())
                    .unwrap_or("sample"));
            }
            let Some(s) = models.structs.get(n) else {
                return Value::Null;
            };
            let mut obj = Map::new();
            if depth > 3 {
                return Value::Object(obj);
            }
            for f in &s.fields {
                let v = if f.info.sensitive && f.ty == Ty::String {
                    json!(secret)
                } else {
                    sample_json(&f.ty, models, secret, depth + 1)
                };
                if !v.is_null() {
                    obj.insert(f.wire.clone(), v);
                }
            }
            Value::Object(obj)
        }
    }
}

/// The model tests of one API version (a module of the generated crate's `tests/generated.rs`):
/// each documented example and a
/// fully populated sample of each body decode into the generated types and encode back to
/// the same JSON, and sensitive values never show in `Debug`.
pub fn emit_tests(krate: &str, module: &str, ops: &[&Operation], models: &Models) -> TokenStream {
    let krate = format_ident!("{}", krate);
    let module = format_ident!("{}", module);
    let prefix = quote!(#krate::#module::models::);
    let secret = "s3cr3t-Value-never-printed";
    let mut tests = Vec::new();
    for s in models.structs.values().filter(|s| s.has_sensitive()) {
        let name = format_ident!("{}", s.name);
        let test = format_ident!("debug_of_{}_hides_sensitive_values", names::snake(&s.name));
        let json = sample_json(&Ty::Named(s.name.clone()), models, secret, 0).to_string();
        tests.push(quote! {
            #[test]
            fn #test() {
                models::debug_hides::<#prefix #name>(#json, #secret);
            }
        });
    }
    for op in ops {
        let Some(types) = models.ops.get(&op.name) else {
            continue;
        };
        let snake = names::snake(&op.name);
        // (test name, type, JSON, whether the type serializes: request bodies round-trip,
        // response bodies decode fully).
        let mut cases: Vec<(String, &Ty, String, bool)> = Vec::new();
        if let Some(t) = &types.request {
            cases.push((
                format!("{snake}_request_sample_round_trips"),
                t,
                sample_json(t, models, secret, 0).to_string(),
                true,
            ));
            if let Some(ex) = &op.request_example {
                cases.push((
                    format!("{snake}_request_example_round_trips"),
                    t,
                    ex.to_string(),
                    true,
                ));
            }
        }
        if let Some(t) = &types.output {
            cases.push((
                format!("{snake}_response_sample_decodes"),
                t,
                sample_json(t, models, secret, 0).to_string(),
                false,
            ));
        }
        // Every documented response example, into the type of its status.
        for r in op.responses.values() {
            let (Some(ex), true) = (&r.example, r.body.is_some()) else {
                continue;
            };
            let ty = if r.is_success() {
                types.output.as_ref()
            } else {
                types.errors.get(&r.status)
            };
            if let Some(t) = ty {
                cases.push((
                    format!("{snake}_response_{}_example_decodes", r.status),
                    t,
                    ex.to_string(),
                    false,
                ));
            }
        }
        for (name, ty, json, serializes) in cases {
            let test = format_ident!("{}", name);
            let t = ty.tokens(&prefix);
            let example: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
            let conflicts = example_conflicts(ty, models, &example);
            let ignore = (!conflicts.is_empty()).then(|| {
                let why = format!(
                    "page erratum, the example contradicts the tables: {}",
                    conflicts.join("; ")
                );
                quote!(#[ignore = #why])
            });
            let check = if serializes {
                quote!(models::round_trips::<#t>(#json);)
            } else {
                quote!(models::decodes_fully::<#t>(#json);)
            };
            tests.push(quote! {
                #[test]
                #ignore
                fn #test() {
                    #check
                }
            });
        }
    }
    let import = (!tests.is_empty()).then(|| {
        quote!(
            use huaweicloud_sdk_testkit::models;
        )
    });
    quote! {
        #import
        #(#tests)*
    }
}
