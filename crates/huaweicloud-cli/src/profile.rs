//! Profiles, as KooCLI keeps them: named sets of credentials, region, project and account
//! ids in one configuration file under the user's home (`~/.hwc/config.json`, mode 0600;
//! `$HWC_CONFIG_FILE` names another). The profile last added or changed is the default (as
//! in KooCLI); deleting it makes the earliest remaining one the default.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::CliError;

/// Variable naming the configuration file instead of `~/.hwc/config.json`.
pub const CONFIG_FILE_VAR: &str = "HWC_CONFIG_FILE";

/// `--cli-mode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Mode {
    /// An access key (permanent, or temporary with a security token).
    #[default]
    #[serde(rename = "AKSK")]
    AkSk,
    /// The temporary credentials of the ECS's agency, from the instance metadata.
    #[serde(rename = "ecsAgency")]
    EcsAgency,
}

impl Mode {
    /// Parses `--cli-mode`'s value (case-insensitive).
    pub fn parse(value: &str) -> Result<Mode, CliError> {
        match value.to_ascii_lowercase().as_str() {
            "aksk" => Ok(Mode::AkSk),
            "ecsagency" => Ok(Mode::EcsAgency),
            _ => Err(CliError::usage(format!(
                "--cli-mode={value}: expected AKSK or ecsAgency"
            ))),
        }
    }

    /// KooCLI's name.
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::AkSk => "AKSK",
            Mode::EcsAgency => "ecsAgency",
        }
    }
}

/// One profile.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    /// Its name (`default`).
    pub name: String,
    /// `--cli-mode`.
    #[serde(default)]
    pub mode: Mode,
    /// `--cli-access-key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_key: Option<String>,
    /// `--cli-secret-key`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secret_key: Option<String>,
    /// `--cli-security-token`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub security_token: Option<String>,
    /// `--cli-region`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<String>,
    /// `--cli-project-id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
    /// `--cli-domain-id`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain_id: Option<String>,
}

impl std::fmt::Debug for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Profile")
            .field("name", &self.name)
            .field("mode", &self.mode)
            .field("access_key", &self.access_key.as_deref().map(mask_id))
            .field("secret_key", &self.secret_key.as_ref().map(|_| MASK))
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| MASK),
            )
            .field("region", &self.region)
            .field("project_id", &self.project_id)
            .field("domain_id", &self.domain_id)
            .finish()
    }
}

/// What a secret shows as.
pub const MASK: &str = "****";

/// An access key id as shown: its first and last four characters around `****`.
pub fn mask_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 8 {
        return MASK.to_owned();
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{MASK}{tail}")
}

/// The configuration file: its profiles and which is the default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConfigFile {
    /// Name of the default profile.
    #[serde(default)]
    pub current: String,
    /// Profiles, in the order they were added.
    #[serde(default)]
    pub profiles: Vec<Profile>,
}

impl ConfigFile {
    /// Where the file is: `$HWC_CONFIG_FILE`, else `$HOME/.hwc/config.json`.
    pub fn path(env: &dyn Fn(&str) -> Option<String>) -> Result<PathBuf, CliError> {
        if let Some(p) = env(CONFIG_FILE_VAR).filter(|p| !p.is_empty()) {
            return Ok(PathBuf::from(p));
        }
        let home = env("HOME")
            .or_else(|| env("USERPROFILE"))
            .filter(|h| !h.is_empty())
            .ok_or_else(|| {
                CliError::usage(format!(
                    "no home folder for the configuration file: expected $HOME (or ${CONFIG_FILE_VAR} naming the file)"
                ))
            })?;
        Ok(Path::new(&home).join(".hwc").join("config.json"))
    }

    /// Reads the file; a missing file is no profile.
    pub fn load(path: &Path) -> Result<ConfigFile, CliError> {
        match std::fs::read_to_string(path) {
            Ok(text) => serde_json::from_str(&text).map_err(|e| {
                CliError::usage(format!(
                    "the configuration file {} is not valid: {e}; expected hwc's JSON (fix it, or delete it and run `hwc configure init`)",
                    path.display()
                ))
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(ConfigFile::default()),
            Err(e) => Err(CliError::Failure(format!(
                "cannot read the configuration file {}: {e}",
                path.display()
            ))),
        }
    }

    /// Writes the file, readable and writable by its owner only.
    pub fn save(&self, path: &Path) -> Result<(), CliError> {
        let fail = |e: std::io::Error| {
            CliError::Failure(format!(
                "cannot write the configuration file {}: {e}",
                path.display()
            ))
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(fail)?;
        }
        let mut text = serde_json::to_string_pretty(self).expect("the profiles serialize");
        text.push('\n');
        let tmp = path.with_extension("json.tmp");
        write_private(&tmp, text.as_bytes()).map_err(fail)?;
        std::fs::rename(&tmp, path).map_err(fail)
    }

    /// The profile of this name.
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.iter().find(|p| p.name == name)
    }

    /// The default profile.
    pub fn default_profile(&self) -> Option<&Profile> {
        self.get(&self.current).or_else(|| self.profiles.first())
    }

    /// The profile `name` asks for (`None`: the default), or a usage error naming the
    /// profiles there are.
    pub fn select(&self, name: Option<&str>, path: &Path) -> Result<Option<&Profile>, CliError> {
        match name {
            None => Ok(self.default_profile()),
            Some(name) => self.get(name).map(Some).ok_or_else(|| {
                CliError::usage(format!(
                    "no profile named `{name}` in {}: expected {}",
                    path.display(),
                    self.expected_names()
                ))
                .with_hint(format!(
                    "Add it with `hwc configure set --cli-profile={name} --cli-access-key=AK --cli-secret-key=SK --cli-region=REGION`."
                ))
            }),
        }
    }

    /// "one of a, b" or "a profile added with `hwc configure set`".
    pub fn expected_names(&self) -> String {
        if self.profiles.is_empty() {
            "a profile added with `hwc configure init` or `hwc configure set` (there is none)"
                .to_owned()
        } else {
            let names: Vec<&str> = self.profiles.iter().map(|p| p.name.as_str()).collect();
            format!("one of {}", names.join(", "))
        }
    }

    /// Adds or replaces `profile`, which becomes the default.
    pub fn upsert(&mut self, profile: Profile) {
        self.current = profile.name.clone();
        match self.profiles.iter_mut().find(|p| p.name == profile.name) {
            Some(slot) => *slot = profile,
            None => self.profiles.push(profile),
        }
    }

    /// Removes the profile `name`; the earliest remaining one becomes the default if it was.
    pub fn remove(&mut self, name: &str) -> bool {
        let before = self.profiles.len();
        self.profiles.retain(|p| p.name != name);
        if self.current == name {
            self.current = self
                .profiles
                .first()
                .map(|p| p.name.clone())
                .unwrap_or_default();
        }
        self.profiles.len() != before
    }
}

#[cfg(unix)]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)?;
    // A file left over with wider permissions is narrowed too.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(not(unix))]
fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    std::fs::write(path, bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str) -> Profile {
        Profile {
            name: name.into(),
            access_key: Some("AKAKAKAKAKAK1234".into()),
            secret_key: Some("very-secret".into()),
            ..Profile::default()
        }
    }

    #[test]
    fn last_changed_is_the_default_and_deleting_it_falls_back_to_the_earliest() {
        let mut f = ConfigFile::default();
        f.upsert(profile("a"));
        f.upsert(profile("b"));
        assert_eq!(f.default_profile().unwrap().name, "b");
        f.upsert(profile("a"));
        assert_eq!(f.current, "a");
        f.upsert(profile("c"));
        assert!(f.remove("c"));
        assert_eq!(f.current, "a");
        assert!(!f.remove("zzz"));
        assert_eq!(
            f.profiles
                .iter()
                .map(|p| p.name.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"]
        );
    }

    #[test]
    fn secrets_never_in_debug() {
        let text = format!("{:?}", profile("a"));
        assert!(
            !text.contains("very-secret") && !text.contains("AKAKAKAKAKAK1234"),
            "{text}"
        );
        assert!(text.contains("AKAK****1234"), "{text}");
        assert_eq!(mask_id("short"), "****");
    }

    #[test]
    fn missing_profile_names_the_ones_there_are() {
        let mut f = ConfigFile::default();
        let path = Path::new("/h/.hwc/config.json");
        match f.select(Some("x"), path).unwrap_err() {
            CliError::Usage { message, .. } => assert_eq!(
                message,
                "no profile named `x` in /h/.hwc/config.json: expected a profile added with `hwc configure init` or `hwc configure set` (there is none)"
            ),
            e => panic!("{e:?}"),
        }
        f.upsert(profile("a"));
        match f.select(Some("x"), path).unwrap_err() {
            CliError::Usage { message, .. } => {
                assert!(message.ends_with("expected one of a"), "{message}")
            }
            e => panic!("{e:?}"),
        }
        assert_eq!(f.select(None, path).unwrap().unwrap().name, "a");
    }

    #[cfg(unix)]
    #[test]
    fn saved_file_is_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("hwc-profile-{}", std::process::id()));
        let path = dir.join(".hwc").join("config.json");
        let mut f = ConfigFile::default();
        f.upsert(profile("a"));
        f.save(&path).unwrap();
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(ConfigFile::load(&path).unwrap(), f);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
