//! SARIF 2.1.0 output, the format code-scanning services accept: one run of the tool with its
//! rule descriptions and one result per finding or parse diagnostic.

use serde_json::{Value, json};

use super::{FileReport, Status};
use crate::dockerfile::{RULES, Severity};

/// The id under which parse diagnostics are reported.
const SYNTAX_RULE: &str = "dockerfile-syntax";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A path as a relative URI reference: forward slashes, and the characters URIs reserve
/// percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.replace('\\', "/").chars() {
        match c {
            'A'..='Z' | 'a'..='z' | '0'..='9' | '-' | '.' | '_' | '~' | '/' => out.push(c),
            _ => {
                let mut buffer = [0u8; 4];
                for byte in c.encode_utf8(&mut buffer).bytes() {
                    out.push_str(&format!("%{byte:02X}"));
                }
            }
        }
    }
    out
}

fn location(path: &str, line: usize, column: Option<usize>) -> Value {
    let mut region = json!({ "startLine": line.max(1) });
    if let Some(column) = column {
        region["startColumn"] = json!(column.max(1));
    }
    json!([{ "physicalLocation": {
        "artifactLocation": { "uri": uri(path) },
        "region": region,
    }}])
}

/// The SARIF document for these reports.
pub fn document(reports: &[FileReport]) -> Value {
    let mut rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": r.explanation },
                "help": { "text": format!("{} Lesson: {}", r.explanation, r.lesson) },
                "defaultConfiguration": { "level": level(r.severity) },
            })
        })
        .collect();
    rules.push(json!({
        "id": SYNTAX_RULE,
        "shortDescription": { "text": "the file cannot be read as a Dockerfile" },
        "fullDescription": { "text": "Parse errors and warnings: what was found, where, and what was expected." },
        "defaultConfiguration": { "level": "error" },
    }));
    let index_of = |id: &str| RULES.iter().position(|r| r.id == id);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for report in reports {
        if let Some(error) = &report.error {
            notifications.push(json!({
                "level": if report.status == Status::NoGraph { "warning" } else { "error" },
                "message": { "text": format!("{}: {error}", report.path) },
            }));
        }
        for d in &report.diagnostics {
            results.push(json!({
                "ruleId": SYNTAX_RULE,
                "ruleIndex": RULES.len(),
                "level": level(d.severity),
                "message": { "text": d.message },
                "locations": location(&report.path, d.position.line, Some(d.position.column)),
            }));
        }
        for f in &report.findings {
            let mut result = json!({
                "ruleId": f.rule,
                "level": level(f.severity),
                "message": { "text": f.message },
                "locations": location(&report.path, f.line, None),
            });
            if let Some(index) = index_of(f.rule) {
                result["ruleIndex"] = json!(index);
            }
            results.push(result);
        }
    }
    json!({
        "version": "2.1.0",
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "runs": [{
            "tool": { "driver": {
                "name": "stagecraft",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "invocations": [{
                "executionSuccessful": notifications.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_encoded() {
        assert_eq!(uri("a b/Docker%file"), "a%20b/Docker%25file");
        assert_eq!(uri("dir\\Dockerfile"), "dir/Dockerfile");
        assert_eq!(uri("é"), "%C3%A9");
    }
}
