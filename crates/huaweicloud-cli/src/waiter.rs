//! `--cli-waiter='{"expr":"status","to":"SUCCESS","timeout":600,"interval":5}'`: KooCLI's
//! waiter. The operation is called again every `interval` seconds until the JMESPath `expr`
//! applied to its response gives `to`, for at most `timeout` seconds.

use std::time::Duration;

use serde_json::Value;

use crate::error::CliError;
use crate::output::Query;

/// A parsed `--cli-waiter`.
#[derive(Debug)]
pub struct Waiter {
    /// The expression, as given.
    pub expr_text: String,
    /// The compiled expression.
    pub expr: Query,
    /// The value to reach (compared as text: `"SUCCESS"`, `3`, `true`).
    pub to: String,
    /// How long to wait at most.
    pub timeout: Duration,
    /// The pause between calls.
    pub interval: Duration,
}

const EXPECTED: &str = r#"expected --cli-waiter='{"expr":"JMESPATH","to":"VALUE","timeout":SECONDS,"interval":SECONDS}'"#;

impl Waiter {
    /// Parses the option's value.
    pub fn parse(text: &str) -> Result<Waiter, CliError> {
        let bad = |what: String| CliError::usage(format!("--cli-waiter: {what}: {EXPECTED}"));
        let value: Value =
            serde_json::from_str(text).map_err(|e| bad(format!("not JSON ({e})")))?;
        let Value::Object(map) = value else {
            return Err(bad(format!("{} is no object", crate::output::kind(&value))));
        };
        for key in map.keys() {
            if !["expr", "to", "timeout", "interval"].contains(&key.as_str()) {
                return Err(bad(format!("unknown key `{key}`")));
            }
        }
        let expr_text = match map.get("expr") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.clone(),
            _ => return Err(bad("`expr` is missing or not a string".into())),
        };
        let expr = Query::compile("--cli-waiter expr", &expr_text)?;
        let to = match map.get("to") {
            Some(Value::String(s)) => s.clone(),
            Some(v @ (Value::Number(_) | Value::Bool(_))) => v.to_string(),
            _ => {
                return Err(bad(
                    "`to` is missing or not a string, number or boolean".into()
                ))
            }
        };
        let seconds = |key: &str, default: f64| -> Result<Duration, CliError> {
            match map.get(key) {
                None => Ok(Duration::from_secs_f64(default)),
                Some(v) => v
                    .as_f64()
                    .or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
                    .filter(|s| s.is_finite() && *s > 0.0 && *s <= 86_400.0)
                    .map(Duration::from_secs_f64)
                    .ok_or_else(|| {
                        bad(format!(
                            "`{key}` is {v}, not a number of seconds from 0 to 86400"
                        ))
                    }),
            }
        };
        Ok(Waiter {
            expr_text,
            expr,
            to,
            timeout: seconds("timeout", 600.0)?,
            interval: seconds("interval", 5.0)?,
        })
    }

    /// What `expr` gives on `response`, as text (`null` for nothing), and whether it is `to`.
    pub fn check(&self, response: &Value) -> Result<(String, bool), CliError> {
        let got = self.expr.apply(response)?;
        let text = match &got {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        let reached = text == self.to;
        Ok((text, reached))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn parses_and_checks() {
        let w = Waiter::parse(r#"{"expr":"status","to":"SUCCESS","timeout":600,"interval":5}"#)
            .unwrap();
        assert_eq!(w.timeout, Duration::from_secs(600));
        assert_eq!(w.interval, Duration::from_secs(5));
        assert_eq!(
            w.check(&json!({"status": "RUNNING"})).unwrap(),
            ("RUNNING".into(), false)
        );
        assert_eq!(
            w.check(&json!({"status": "SUCCESS"})).unwrap(),
            ("SUCCESS".into(), true)
        );
        let w = Waiter::parse(r#"{"expr":"length(items)","to":2,"interval":0.5}"#).unwrap();
        assert_eq!(
            w.check(&json!({"items": [1, 2]})).unwrap(),
            ("2".into(), true)
        );
    }

    #[test]
    fn bad_waiters_are_named() {
        let err = |t: &str| match Waiter::parse(t).unwrap_err() {
            CliError::Usage { message, .. } => message,
            e => panic!("{e:?}"),
        };
        assert!(err("x").starts_with("--cli-waiter: not JSON"));
        assert!(err(r#"{"to":"a"}"#).starts_with("--cli-waiter: `expr` is missing"));
        assert!(err(r#"{"expr":"a","to":"b","every":1}"#)
            .starts_with("--cli-waiter: unknown key `every`"));
        assert!(err(r#"{"expr":"a","to":"b","interval":0}"#).contains("`interval` is 0"));
        assert!(err(r#"{"expr":"a[","to":"b"}"#)
            .starts_with("--cli-waiter expr=a[ is not a valid JMESPath expression"));
    }
}
