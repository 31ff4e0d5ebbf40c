//! Credentials: permanent and temporary AK/SK, IAM tokens, and the
//! [`Credentials`] trait for custom providers.

use std::fmt;
use std::future::Future;
use std::pin::Pin;

use crate::secret::Secret;

/// Why credentials could not be obtained.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct CredentialsError {
    /// What went wrong (never contains secret values).
    pub message: String,
    /// What kind of failure it is.
    pub kind: CredentialsErrorKind,
}

/// The kind of a [`CredentialsError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum CredentialsErrorKind {
    /// No credentials where they were looked for (a variable, a file, a section).
    Missing,
    /// Credentials or their configuration are malformed (half a key pair, a bad file).
    Invalid,
    /// The service that gives credentials (metadata, IAM) could not be reached in time.
    Unreachable,
    /// The service that gives credentials refused (an error status).
    Rejected,
    /// The service that gives credentials answered something else than credentials.
    InvalidResponse,
    /// Anything else (custom providers).
    #[default]
    Other,
}

impl CredentialsError {
    /// A new error of kind [`CredentialsErrorKind::Other`].
    pub fn new(message: impl Into<String>) -> Self {
        Self::with_kind(CredentialsErrorKind::Other, message)
    }

    /// A new error of this kind.
    pub fn with_kind(kind: CredentialsErrorKind, message: impl Into<String>) -> Self {
        CredentialsError {
            message: message.into(),
            kind,
        }
    }
}

/// The future returned by [`Credentials::resolve`].
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<ResolvedCredentials, CredentialsError>> + Send + 'a>>;

/// A source of credentials. Implement it to plug in your own provider
/// (a vault, an STS refresher, a metadata service...). The client calls
/// [`Credentials::resolve`] before every attempt, so a provider can rotate
/// temporary credentials between retries.
pub trait Credentials: Send + Sync + fmt::Debug {
    /// The credentials to use for the next request attempt.
    fn resolve(&self) -> CredentialsFuture<'_>;

    /// The credentials for a service of this scope: what the client calls. The default is
    /// [`Credentials::resolve`]; a provider with separate credentials for regional and global
    /// services (the profile file's `[basic]` and `[global]`) overrides it.
    fn resolve_for(&self, scope: crate::ServiceScope) -> CredentialsFuture<'_> {
        let _ = scope;
        self.resolve()
    }
}

impl<C: Credentials + ?Sized> Credentials for std::sync::Arc<C> {
    fn resolve(&self) -> CredentialsFuture<'_> {
        (**self).resolve()
    }

    fn resolve_for(&self, scope: crate::ServiceScope) -> CredentialsFuture<'_> {
        (**self).resolve_for(scope)
    }
}

/// Concrete credential material for one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolvedCredentials {
    /// AK/SK signing (optionally with a security token).
    AkSk(AkSkCredentials),
    /// IAM token in `X-Auth-Token`; no signing.
    Token(TokenCredentials),
}

/// Permanent AK/SK, or temporary AK/SK with a security token.
///
/// Every field is redacted in `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct AkSkCredentials {
    ak: Secret,
    sk: Secret,
    security_token: Option<Secret>,
}

impl AkSkCredentials {
    /// Permanent credentials.
    pub fn new(ak: impl Into<String>, sk: impl Into<String>) -> Self {
        AkSkCredentials {
            ak: Secret::new(ak),
            sk: Secret::new(sk),
            security_token: None,
        }
    }

    /// Temporary credentials: AK/SK plus the security token (sent, and signed,
    /// as `X-Security-Token`).
    pub fn temporary(
        ak: impl Into<String>,
        sk: impl Into<String>,
        security_token: impl Into<String>,
    ) -> Self {
        Self::new(ak, sk).with_security_token(security_token)
    }

    /// Adds a security token (an empty token is ignored).
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        let token = Secret::new(token);
        self.security_token = if token.is_empty() { None } else { Some(token) };
        self
    }

    /// The access key id.
    pub fn ak(&self) -> &str {
        self.ak.expose()
    }

    /// The secret access key.
    pub fn sk(&self) -> &Secret {
        &self.sk
    }

    /// The security token of temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }
}

impl fmt::Debug for AkSkCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AkSkCredentials")
            .field("ak", &self.ak)
            .field("sk", &self.sk)
            .field("security_token", &self.security_token)
            .finish()
    }
}

impl Credentials for AkSkCredentials {
    fn resolve(&self) -> CredentialsFuture<'_> {
        let resolved = if self.ak.is_empty() || self.sk.is_empty() {
            Err(CredentialsError::new("AK and SK must both be non-empty"))
        } else {
            Ok(ResolvedCredentials::AkSk(self.clone()))
        };
        Box::pin(std::future::ready(resolved))
    }
}

/// An IAM token, sent as `X-Auth-Token` (requests are not signed).
#[derive(Clone, PartialEq, Eq)]
pub struct TokenCredentials {
    token: Secret,
}

impl TokenCredentials {
    /// Wraps an IAM token.
    pub fn new(token: impl Into<String>) -> Self {
        TokenCredentials {
            token: Secret::new(token),
        }
    }

    /// The token.
    pub fn token(&self) -> &Secret {
        &self.token
    }
}

impl fmt::Debug for TokenCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenCredentials")
            .field("token", &self.token)
            .finish()
    }
}

impl Credentials for TokenCredentials {
    fn resolve(&self) -> CredentialsFuture<'_> {
        let resolved = if self.token.is_empty() {
            Err(CredentialsError::new("the IAM token is empty"))
        } else {
            Ok(ResolvedCredentials::Token(self.clone()))
        };
        Box::pin(std::future::ready(resolved))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_is_redacted() {
        let c = AkSkCredentials::temporary("AKID123", "SECRET456", "TOKEN789");
        let t = TokenCredentials::new("IAMTOKEN");
        let s = format!(
            "{c:?} {c:#?} {t:?} {:?}",
            ResolvedCredentials::AkSk(c.clone())
        );
        for secret in ["AKID123", "SECRET456", "TOKEN789", "IAMTOKEN"] {
            assert!(!s.contains(secret), "{secret} leaked in {s}");
        }
    }

    #[tokio::test]
    async fn empty_keys_are_rejected() {
        assert!(AkSkCredentials::new("", "x").resolve().await.is_err());
        assert!(TokenCredentials::new("").resolve().await.is_err());
        assert!(AkSkCredentials::new("a", "b").resolve().await.is_ok());
    }
}
