//! The linter's configuration file, `.stagecraft-lint.yaml` beside the Dockerfile or given
//! with `--config`:
//!
//! ```yaml
//! disable: [unused-stage]              # rules not to run
//! severity:                            # rules whose findings get another severity
//!   shell-form-command: info
//! trusted-registries: [docker.io, gcr.io/distroless]   # where images may come from
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::dockerfile::Severity;
use crate::dockerfile::rules::{Finding, rule};

/// The file name looked for next to each Dockerfile.
pub const FILE_NAME: &str = ".stagecraft-lint.yaml";

/// A severity as written in the configuration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
enum Level {
    Info,
    Warning,
    Error,
}

impl From<Level> for Severity {
    fn from(level: Level) -> Severity {
        match level {
            Level::Info => Severity::Info,
            Level::Warning => Severity::Warning,
            Level::Error => Severity::Error,
        }
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    #[serde(default)]
    disable: Vec<String>,
    #[serde(default)]
    severity: BTreeMap<String, Level>,
    #[serde(default)]
    trusted_registries: Vec<String>,
}

/// A configuration that has been read and checked.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    /// Where it was read from, if anywhere.
    pub path: Option<PathBuf>,
    /// Rule ids whose findings are dropped.
    pub disable: Vec<String>,
    /// Rule ids whose findings get another severity.
    pub severity: BTreeMap<String, Severity>,
    /// Registries images may come from; empty means any.
    pub trusted_registries: Vec<String>,
}

impl Config {
    /// Reads and checks a configuration file. The error says which file and what is wrong.
    pub fn read(path: &Path) -> Result<Config, String> {
        // Only a regular file, opened without blocking: a pipe in its place never hangs lint.
        let text = crate::regular_file::read(path, u64::MAX)
            .map_err(std::io::Error::from)
            .and_then(|bytes| {
                String::from_utf8(bytes).map_err(|_| {
                    std::io::Error::new(std::io::ErrorKind::InvalidData, "it is not UTF-8 text")
                })
            })
            .map_err(|e| format!("{}: cannot read the configuration: {e}", path.display()))?;
        Config::parse(&text, path)
    }

    /// Checks configuration text read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, String> {
        let raw: Raw = if text.trim().is_empty() {
            Raw::default()
        } else {
            serde_saphyr::from_str(text).map_err(|e| {
                format!(
                    "{}: {e}; expected the keys disable, severity and trusted-registries",
                    path.display()
                )
            })?
        };
        for id in raw.disable.iter().chain(raw.severity.keys()) {
            if rule(id).is_none() {
                return Err(format!(
                    "{}: `{id}` is not a rule id; `stagecraft lint --rules` lists them",
                    path.display()
                ));
            }
        }
        Ok(Config {
            path: Some(path.to_owned()),
            disable: raw.disable,
            severity: raw
                .severity
                .into_iter()
                .map(|(id, level)| (id, level.into()))
                .collect(),
            trusted_registries: raw.trusted_registries,
        })
    }

    /// Drops disabled findings and applies changed severities.
    pub fn apply(&self, findings: &mut Vec<Finding>) {
        findings.retain(|f| !self.disable.iter().any(|id| id == f.rule));
        for finding in findings {
            if let Some(severity) = self.severity.get(finding.rule) {
                finding.severity = *severity;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_three_keys_and_checks_rule_ids() {
        let path = Path::new("x.yaml");
        let config = Config::parse(
            "disable: [unused-stage]\nseverity:\n  shell-form-command: info\ntrusted-registries: [docker.io]\n",
            path,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(config.disable, vec!["unused-stage".to_string()]);
        assert_eq!(
            config.severity.get("shell-form-command"),
            Some(&Severity::Info)
        );
        assert_eq!(config.trusted_registries, vec!["docker.io".to_string()]);
        let err = Config::parse("disable: [no-such-rule]\n", path)
            .err()
            .unwrap_or_default();
        assert!(err.contains("`no-such-rule` is not a rule id"), "{err}");
        let err = Config::parse("disabled: [unused-stage]\n", path)
            .err()
            .unwrap_or_default();
        assert!(err.starts_with("x.yaml:"), "{err}");
        let err = Config::parse("severity:\n  unused-stage: loud\n", path)
            .err()
            .unwrap_or_default();
        assert!(err.starts_with("x.yaml:"), "{err}");
        assert_eq!(Config::parse("", path).map(|c| c.disable.len()), Ok(0));
    }
}
