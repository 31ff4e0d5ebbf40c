//! What the runtime's tracing spans say about a call (`huaweicloud.operation`,
//! `huaweicloud.attempt`: status, request id, attempts, latency), collected for the line an
//! empty success prints and for `--debug`, which writes each attempt on standard error. The
//! spans carry no secret (the runtime's rule), and neither does what is printed of them.
//! `RUST_LOG` adds the runtime's own events, formatted by `tracing-subscriber`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::Subscriber;
use tracing_subscriber::layer::{Context, Layer};
use tracing_subscriber::registry::LookupSpan;

/// The fields recorded on one span.
pub type Fields = BTreeMap<String, String>;

/// What the last operation span recorded (status, request_id, attempts, latency_ms, ...).
#[derive(Debug, Clone, Default)]
pub struct Calls {
    inner: Arc<Mutex<Vec<Fields>>>,
}

impl Calls {
    /// The fields of the last closed operation span.
    pub fn last(&self) -> Option<Fields> {
        self.inner.lock().ok()?.last().cloned()
    }
}

struct Visitor<'a>(&'a mut Fields);

impl Visit for Visitor<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

/// The layer that collects the spans, and with `debug` prints attempts on standard error.
pub struct CallLayer {
    calls: Calls,
    debug: bool,
}

impl CallLayer {
    /// A layer filling `calls`.
    pub fn new(calls: Calls, debug: bool) -> Self {
        CallLayer { calls, debug }
    }
}

impl<S> Layer<S> for CallLayer
where
    S: Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attrs: &Attributes<'_>, id: &Id, ctx: Context<'_, S>) {
        let name = attrs.metadata().name();
        if !name.starts_with("huaweicloud.") {
            return;
        }
        let mut fields = Fields::new();
        attrs.record(&mut Visitor(&mut fields));
        if self.debug && name == "huaweicloud.operation" {
            eprintln!(
                "[DEBUG] {} {} {} {}",
                fields.get("service").map(String::as_str).unwrap_or(""),
                fields.get("operation").map(String::as_str).unwrap_or(""),
                fields.get("method").map(String::as_str).unwrap_or(""),
                fields.get("path").map(String::as_str).unwrap_or("")
            );
        }
        if let Some(span) = ctx.span(id) {
            span.extensions_mut().insert(fields);
        }
    }

    fn on_record(&self, id: &Id, values: &Record<'_>, ctx: Context<'_, S>) {
        if let Some(span) = ctx.span(id) {
            if let Some(fields) = span.extensions_mut().get_mut::<Fields>() {
                values.record(&mut Visitor(fields));
            }
        }
    }

    fn on_close(&self, id: Id, ctx: Context<'_, S>) {
        let Some(span) = ctx.span(&id) else {
            return;
        };
        let Some(fields) = span.extensions().get::<Fields>().cloned() else {
            return;
        };
        match span.name() {
            "huaweicloud.attempt" if self.debug => {
                let mut line = format!(
                    "[DEBUG] attempt {}:",
                    fields.get("attempt").map(String::as_str).unwrap_or("?")
                );
                match fields.get("status") {
                    Some(s) => {
                        let _ = write!(line, " status {s}");
                    }
                    None => line.push_str(" no response"),
                }
                if let Some(l) = fields.get("latency_ms") {
                    let _ = write!(line, ", {l} ms");
                }
                if let Some(r) = fields.get("request_id") {
                    let _ = write!(line, ", request id {r}");
                }
                eprintln!("{line}");
            }
            "huaweicloud.operation" => {
                if self.debug {
                    eprintln!(
                        "[DEBUG] done: status {}, {} attempt(s), {} ms, request id {}",
                        fields.get("status").map(String::as_str).unwrap_or("(none)"),
                        fields.get("attempts").map(String::as_str).unwrap_or("?"),
                        fields.get("latency_ms").map(String::as_str).unwrap_or("?"),
                        fields
                            .get("request_id")
                            .map(String::as_str)
                            .unwrap_or("(none)")
                    );
                }
                if let Ok(mut calls) = self.calls.inner.lock() {
                    calls.push(fields);
                }
            }
            _ => {}
        }
    }
}

/// Installs the subscriber of this process: the collecting layer, plus the formatted events
/// of `RUST_LOG` (on standard error) when it is set.
pub fn install(debug: bool) -> Calls {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let calls = Calls::default();
    let env = std::env::var("RUST_LOG")
        .ok()
        .filter(|v| !v.trim().is_empty());
    let fmt = env.map(|filter| {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .with_filter(tracing_subscriber::EnvFilter::new(filter))
    });
    let _ = tracing_subscriber::registry()
        .with(CallLayer::new(calls.clone(), debug))
        .with(fmt)
        .try_init();
    calls
}
