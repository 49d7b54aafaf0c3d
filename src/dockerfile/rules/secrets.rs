//! Rules about credentials that end up in the image: build arguments and `ENV` named like
//! secrets or holding token-shaped values, credential files copied in, and tokens written into
//! files by `RUN`.

use super::Context;
use super::catalog::{SECRET_FILE_COPIED, SECRET_IN_ARG, SECRET_IN_ENV, SECRET_IN_RUN};
use crate::dockerfile::lex::clip;
use crate::dockerfile::model::{Detail, Instruction, Keyword, Severity};

pub(super) fn check(cx: &mut Context<'_>) {
    // A global ARG is declared again in each stage that uses it: say it once.
    let mut seen_args: Vec<&str> = Vec::new();
    for instruction in &cx.dockerfile.instructions {
        match &instruction.detail {
            Detail::Arg { args } => {
                for decl in args {
                    if seen_args.contains(&decl.name.as_str()) {
                        continue;
                    }
                    seen_args.push(&decl.name);
                    arg(cx, instruction, &decl.name, decl.default.as_deref());
                }
            }
            Detail::Env { vars } => {
                for var in vars {
                    env(cx, instruction, &var.key, &var.value);
                }
            }
            Detail::Copy { sources, .. } if instruction.copy_from().is_none() => {
                copied_files(cx, instruction, sources);
            }
            _ if instruction.keyword == Keyword::Run => run(cx, instruction),
            _ => {}
        }
    }
}

/// Name endings that say the variable holds where a secret is, or how, not the secret.
const NOT_THE_SECRET: &[&str] = &[
    "FILE", "PATH", "DIR", "LENGTH", "LEN", "URL", "ENDPOINT", "HOST", "PORT", "ENABLED", "NAME",
    "TYPE", "ID",
];

/// Whether a variable name says it holds a credential: `NPM_TOKEN`, `DB_PASSWORD`,
/// `AWS_SECRET_ACCESS_KEY`, `STRIPE_API_KEY` (but not `GPG_KEY` or `PASSWORD_FILE`).
pub fn is_secret_name(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    let parts: Vec<&str> = upper
        .split(['_', '-', '.'])
        .filter(|p| !p.is_empty())
        .collect();
    let Some(last) = parts.last() else {
        return false;
    };
    // `AWS_ACCESS_KEY_ID` names a credential even though it ends in ID.
    let key_id = upper.ends_with("ACCESS_KEY_ID");
    if NOT_THE_SECRET.contains(last) && !key_id {
        return false;
    }
    let pair = |a: &str, b: &str| parts.windows(2).any(|w| w[0] == a && w[1] == b);
    parts.iter().any(|p| {
        matches!(
            *p,
            "PASSWORD" | "PASSWD" | "PASS" | "SECRET" | "TOKEN" | "APIKEY" | "CREDENTIALS"
        ) || p.ends_with("TOKEN")
            || p.ends_with("PASSWORD")
    }) || pair("API", "KEY")
        || pair("ACCESS", "KEY")
        || pair("PRIVATE", "KEY")
        || pair("SECRET", "KEY")
        || key_id
}

/// Prefixes of well-known token formats, with the least number of characters that follow.
const TOKEN_PREFIXES: &[(&str, usize)] = &[
    ("ghp_", 30),
    ("gho_", 30),
    ("ghs_", 30),
    ("github_pat_", 30),
    ("glpat-", 20),
    ("npm_", 30),
    ("xoxb-", 20),
    ("xoxp-", 20),
    ("sk_live_", 20),
    ("AKIA", 16),
];

/// Whether `text` holds something shaped like a real token or private key.
pub fn holds_token(text: &str) -> bool {
    if text.contains("-----BEGIN") && text.contains("PRIVATE KEY") {
        return true;
    }
    TOKEN_PREFIXES.iter().any(|(prefix, min)| {
        text.match_indices(prefix).any(|(at, _)| {
            let before_ok = text[..at]
                .chars()
                .next_back()
                .is_none_or(|c| !c.is_ascii_alphanumeric());
            let tail = text[at + prefix.len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .count();
            before_ok && tail >= *min
        })
    })
}

fn arg(cx: &mut Context<'_>, instruction: &Instruction, name: &str, default: Option<&str>) {
    let line = instruction.span.start;
    if default.is_some_and(holds_token) {
        cx.report_as(
            &SECRET_IN_ARG,
            Severity::Error,
            line,
            format!(
                "the default of `ARG {}` holds what looks like a real token or key, published with the Dockerfile and the image history",
                clip(name, 40)
            ),
        );
    } else if is_secret_name(name) {
        cx.report(
            &SECRET_IN_ARG,
            line,
            format!(
                "`ARG {}` looks like a credential: build arguments are recorded in the image history; use RUN --mount=type=secret",
                clip(name, 40)
            ),
        );
    }
}

fn env(cx: &mut Context<'_>, instruction: &Instruction, key: &str, value: &str) {
    let value = value.trim();
    if value.is_empty() {
        return;
    }
    let line = instruction.span.start;
    if holds_token(value) {
        cx.report(
            &SECRET_IN_ENV,
            line,
            format!(
                "`ENV {}` holds what looks like a real token or key, stored in the image configuration",
                clip(key, 40)
            ),
        );
    } else if is_secret_name(key) {
        cx.report(
            &SECRET_IN_ENV,
            line,
            format!(
                "`ENV {}` stores a credential in the image configuration, where `docker inspect` shows it; give it at run time, or use RUN --mount=type=secret in the build",
                clip(key, 40)
            ),
        );
    }
}

/// What a copied path is, when it is a credentials file.
fn credential_file(source: &str) -> Option<&'static str> {
    let path = source.trim_end_matches('/');
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    let in_dir = |dir: &str| path.split('/').any(|p| p == dir);
    match lower.as_str() {
        ".npmrc" => Some("npm configuration, which usually holds a registry token"),
        ".pypirc" => Some("PyPI configuration, which holds upload credentials"),
        ".netrc" => Some("a .netrc file, which holds login passwords"),
        ".git-credentials" => Some("stored git credentials"),
        ".aws" => Some("the AWS configuration folder, with its access keys"),
        ".ssh" => Some("an SSH folder, with private keys"),
        "credentials" if in_dir(".aws") => Some("AWS access keys"),
        "config.json" if in_dir(".docker") => Some("Docker registry logins"),
        "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" => Some("an SSH private key"),
        ".env" => Some("a .env file, which usually holds passwords and keys"),
        _ if lower.starts_with(".env.")
            && !["example", "sample", "template", "dist", "defaults"]
                .iter()
                .any(|w| lower.ends_with(w)) =>
        {
            Some("a .env file, which usually holds passwords and keys")
        }
        _ => None,
    }
}

fn copied_files(cx: &mut Context<'_>, instruction: &Instruction, sources: &[String]) {
    for source in sources {
        if let Some(what) = credential_file(source) {
            cx.report(
                &SECRET_FILE_COPIED,
                instruction.span.start,
                format!(
                    "`{}` is {what}; it stays in the layer even if deleted later: mount it with RUN --mount=type=secret",
                    clip(source, 60)
                ),
            );
            return;
        }
    }
}

/// The secret-looking variables a script refers to (`$NPM_TOKEN`, `${GITHUB_TOKEN}`).
fn secret_variables(script: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for (at, _) in script.match_indices('$') {
        let rest = script[at + 1..].trim_start_matches('{');
        let name: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if is_secret_name(&name) && !found.contains(&name) {
            found.push(name);
        }
    }
    found
}

/// Whether a script writes something into a file or a tool's stored configuration.
fn writes_to_file(script: &str) -> bool {
    let redirect = script.match_indices('>').any(|(at, _)| {
        let next = script[at + 1..].trim_start_matches('>').trim_start();
        // `2>&1` and `>/dev/null` write nowhere that lasts.
        !next.starts_with('&') && !next.starts_with("/dev/")
    });
    redirect
        || script.contains("tee ")
        || script.contains("config set")
        || script.contains("git config")
        || script.contains("config --global")
}

fn run(cx: &mut Context<'_>, instruction: &Instruction) {
    let mut script = instruction.source.clone();
    for heredoc in &instruction.heredocs {
        script.push('\n');
        script.push_str(&heredoc.content);
    }
    let line = instruction.span.start;
    if holds_token(&script) {
        cx.report_as(
            &SECRET_IN_RUN,
            Severity::Error,
            line,
            "this RUN contains what looks like a real token or key, stored in the image history"
                .to_owned(),
        );
        return;
    }
    let variables = secret_variables(&script);
    let Some(first) = variables.first() else {
        return;
    };
    let secret_mount = instruction
        .flag_values("mount")
        .any(|m| m.contains("type=secret"));
    if writes_to_file(&script) && !secret_mount {
        cx.report(
            &SECRET_IN_RUN,
            line,
            format!(
                "this RUN writes `${}` into a file, which stays in the layer (and the build argument in the history); use RUN --mount=type=secret",
                clip(first, 40)
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        for name in [
            "NPM_TOKEN",
            "GITHUB_TOKEN",
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "STRIPE_API_KEY",
            "APIKEY",
            "client_secret",
            "AUTHTOKEN",
        ] {
            assert!(is_secret_name(name), "{name}");
        }
        for name in [
            "GPG_KEY",
            "PASSWORD_FILE",
            "POSTGRES_PASSWORD_FILE",
            "TOKEN_URL",
            "PYTHON_VERSION",
            "KEYS",
            "SECRETS_DIR",
            "PWD",
            "",
            "_",
        ] {
            assert!(!is_secret_name(name), "{name}");
        }
    }

    #[test]
    fn tokens_and_keys() {
        assert!(holds_token("ghp_abcdefghijklmnopqrstuvwxyz0123456789"));
        assert!(holds_token("x=AKIAABCDEFGHIJKLMNOP"));
        assert!(holds_token("-----BEGIN OPENSSH PRIVATE KEY-----"));
        assert!(!holds_token("ghp_short"));
        assert!(!holds_token("KAKIAABCDEFGHIJKLMNOP"));
        assert!(!holds_token("7169605F62C751356D054A26A821E680E5FA6305"));
    }

    #[test]
    fn credential_files() {
        assert!(credential_file(".npmrc").is_some());
        assert!(credential_file("config/.npmrc").is_some());
        assert!(credential_file("/root/.aws/credentials").is_some());
        assert!(credential_file(".env.production").is_some());
        assert!(credential_file(".env.example").is_none());
        assert!(credential_file("credentials").is_none());
        assert!(credential_file("env.go").is_none());
    }

    #[test]
    fn writes() {
        assert!(writes_to_file("echo \"x=${NPM_TOKEN}\" > .npmrc"));
        assert!(writes_to_file("npm config set //r/:_authToken $NPM_TOKEN"));
        assert!(!writes_to_file(
            "curl -H \"Authorization: $TOKEN\" https://x 2>&1"
        ));
        assert!(!writes_to_file("make >/dev/null"));
    }
}
