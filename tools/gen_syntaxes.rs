//! `cargo run --example gen_syntaxes`: writes `src/highlight/core-syntaxes.bin`, the few
//! syntaxes the lessons use (Dockerfile with bash, bash, YAML) taken out of two-face's set of
//! about 200, with everything they embed. Loading it takes a fraction of a millisecond where
//! the whole set takes several; `highlight` falls back to the whole set for other languages.
//! Run it again after updating two-face; a test checks both sets highlight alike.

use std::collections::{BTreeSet, HashMap};

use syntect::parsing::syntax_definition::{
    Context, ContextId, ContextReference, MatchOperation, Pattern,
};
use syntect::parsing::{SyntaxDefinition, SyntaxSetBuilder};

/// The syntaxes to keep (with what they reference).
const CORE: &[&str] = &[
    "Dockerfile (with bash)",
    "Bourne Again Shell (bash)",
    "YAML",
];

const OUTPUT: &str = "src/highlight/core-syntaxes.bin";

/// The syntax index inside a context id (its fields are private; serde sees them).
fn syntax_index(id: &ContextId) -> usize {
    let value = serde_json::to_value(id).expect("a context id serializes");
    value["syntax_index"].as_u64().expect("syntax_index") as usize
}

fn with_syntax_index(id: &ContextId, index: usize) -> ContextId {
    let mut value = serde_json::to_value(id).expect("a context id serializes");
    value["syntax_index"] = index.into();
    serde_json::from_value(value).expect("a context id deserializes")
}

/// The context id of a linked reference.
fn direct(reference: &mut ContextReference) -> Option<&mut ContextId> {
    match reference {
        ContextReference::Direct { 0: id, .. } => Some(id),
        _ => None,
    }
}

/// Calls `f` on every context id a context refers to.
fn each_id(context: &mut Context, f: &mut impl FnMut(&mut ContextId)) {
    if let Some(id) = &mut context.prototype {
        f(id);
    }
    for pattern in &mut context.patterns {
        match pattern {
            Pattern::Include(r) => {
                if let Some(id) = direct(r) {
                    f(id);
                }
            }
            Pattern::Match(m) => {
                if let MatchOperation::Push(refs) | MatchOperation::Set(refs) = &mut m.operation {
                    for id in refs.iter_mut().filter_map(direct) {
                        f(id);
                    }
                }
                if let Some(id) = m.with_prototype.as_mut().and_then(direct) {
                    f(id);
                }
            }
        }
    }
}

fn main() {
    let full = two_face::syntax::extra_newlines();
    let mut definitions: Vec<SyntaxDefinition> = full.into_builder().syntaxes().to_vec();
    let index_of: HashMap<String, usize> = definitions
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name.clone(), i))
        .collect();
    // The syntaxes to keep: the core ones and everything they refer to.
    let mut keep: BTreeSet<usize> = CORE
        .iter()
        .map(|name| *index_of.get(*name).expect("core syntax in two-face"))
        .collect();
    loop {
        let mut more = keep.clone();
        for &i in &keep {
            for context in definitions[i].contexts.values_mut() {
                each_id(context, &mut |id| {
                    more.insert(syntax_index(id));
                });
            }
        }
        if more == keep {
            break;
        }
        keep = more;
    }
    let new_index: HashMap<usize, usize> = keep.iter().enumerate().map(|(n, &i)| (i, n)).collect();
    let mut builder = SyntaxSetBuilder::new();
    for &i in &keep {
        let mut definition = std::mem::replace(
            &mut definitions[i],
            SyntaxDefinition {
                name: String::new(),
                file_extensions: Vec::new(),
                scope: Default::default(),
                first_line_match: None,
                hidden: true,
                variables: HashMap::new(),
                contexts: HashMap::new(),
            },
        );
        for context in definition.contexts.values_mut() {
            each_id(context, &mut |id| {
                *id = with_syntax_index(id, new_index[&syntax_index(id)]);
            });
        }
        builder.add(definition);
    }
    let set = builder.build();
    let names: Vec<&str> = set.syntaxes().iter().map(|s| s.name.as_str()).collect();
    syntect::dumps::dump_to_uncompressed_file(&set, OUTPUT).expect("write the dump");
    eprintln!("{OUTPUT}: {}", names.join(", "));
}
