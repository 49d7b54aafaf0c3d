//! Plain-language explanations: what each instruction does in general, and what a concrete
//! instruction does in its file.

use super::graph::{Base, StageGraph, Target};
use super::image;
use super::lex::clip;
use super::model::{Args, Detail, Dockerfile, Health, Instruction, Keyword};

/// What an instruction does, in two or three sentences.
pub fn keyword(keyword: Keyword) -> &'static str {
    match keyword {
        Keyword::From => {
            "Starts a new build stage from a base image, from an earlier stage, or from the empty \
             image `scratch`. Everything up to the next FROM belongs to this stage, and `AS name` \
             gives it a name that `COPY --from` and `--target` can use."
        }
        Keyword::Run => {
            "Runs a command while the image is built and keeps the files it changes as a new \
             layer. The shell form goes through `/bin/sh -c`; the JSON form starts the program \
             directly."
        }
        Keyword::Cmd => {
            "Sets the default command of containers made from the image, or the default arguments \
             when there is an ENTRYPOINT. Arguments given to `docker run` replace it, and only \
             the last CMD counts."
        }
        Keyword::Label => {
            "Attaches key-value metadata to the image, such as its source repository or version. \
             Labels change nothing about how the container runs."
        }
        Keyword::Expose => {
            "Documents the ports the application listens on. It publishes nothing by itself; \
             `docker run -p` does that."
        }
        Keyword::Env => {
            "Sets environment variables for the rest of the stage's build steps and for the \
             containers that run the image."
        }
        Keyword::Add => {
            "Copies files into the image like COPY, and can also download URLs and unpack local \
             tar archives. Prefer COPY unless you need those extras."
        }
        Keyword::Copy => {
            "Copies files from the build context into the stage, or with `--from` out of another \
             stage or an image. This is how a runtime stage receives what a build stage made."
        }
        Keyword::Entrypoint => {
            "Sets the program a container runs. CMD then provides its default arguments, and \
             arguments given to `docker run` replace only those."
        }
        Keyword::Volume => {
            "Marks a path as a mount point for data that should live outside the container's \
             writable layer."
        }
        Keyword::User => {
            "Sets the user, and optionally the group, for the RUN, CMD and ENTRYPOINT \
             instructions that follow and for the container. A numeric id works even where there \
             is no /etc/passwd."
        }
        Keyword::Workdir => {
            "Sets the working directory for the instructions that follow and for the container, \
             creating it when it does not exist."
        }
        Keyword::Arg => {
            "Declares a build-time variable that `docker build --build-arg` can set. Declared \
             before the first FROM it can be used in FROM lines; inside a stage it applies from \
             that line on. It is not kept in the image's environment."
        }
        Keyword::Onbuild => {
            "Stores an instruction that runs later, when another Dockerfile uses this image as \
             its base."
        }
        Keyword::Stopsignal => {
            "Chooses the signal that asks the container's main process to stop; SIGTERM unless \
             set."
        }
        Keyword::Healthcheck => {
            "Tells Docker how to test that the container still works; the result is shown as the \
             container's health status."
        }
        Keyword::Shell => {
            "Replaces the default shell (`/bin/sh -c`) used by the shell-form instructions that \
             follow."
        }
        Keyword::Maintainer => {
            "Records the author of the image. It is deprecated; a label such as \
             `org.opencontainers.image.authors` does the same job."
        }
        Keyword::Unknown => {
            "This word is not a Dockerfile instruction, so Docker rejects the file."
        }
    }
}

/// Quotes a piece of user text for an explanation, shortened to a readable length.
fn code(text: &str) -> String {
    format!("`{}`", clip(text, 60))
}

fn list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(5).map(|i| code(i)).collect();
    let more = items.len().saturating_sub(5);
    if more > 0 {
        format!("{} and {more} more", shown.join(", "))
    } else {
        shown.join(", ")
    }
}

/// Where a `--from` value points, without knowing the file's stages.
fn from_phrase(value: &str) -> String {
    if value.chars().all(|c| c.is_ascii_digit()) {
        format!("stage {}", clip(value, 10))
    } else if value.contains(['/', ':', '@']) {
        format!("the image {}", code(value))
    } else {
        format!("stage {}", code(value))
    }
}

fn command_phrase(args: &Args) -> String {
    match args {
        Args::Exec(items) if items.is_empty() => "nothing (an empty list)".to_owned(),
        Args::Exec(items) => format!(
            "{}, started directly without a shell",
            code(&items.join(" "))
        ),
        Args::Shell(text) => format!("{} through `/bin/sh -c`", code(text)),
    }
}

/// What this particular instruction does, in one or two sentences. For references to other
/// stages by index, see [`in_file`], which knows the stage names.
pub fn instruction(instruction: &Instruction) -> String {
    explain(instruction, &|value| from_phrase(value))
}

fn explain(instruction: &Instruction, from: &dyn Fn(&str) -> String) -> String {
    let head = format!("{}: ", instruction.keyword_text.to_uppercase());
    let body = match (&instruction.keyword, &instruction.detail) {
        (Keyword::From, Detail::From { image, alias }) => {
            let what = if image::is_scratch(image) {
                "the empty image `scratch`".to_owned()
            } else {
                format!("the image {}", code(image))
            };
            let stage = match alias {
                Some(name) => format!("starts a stage named {} from {what}", code(name)),
                None => format!("starts an unnamed stage from {what}"),
            };
            match instruction.flag_value("platform") {
                Some(platform) => format!("{stage}, for the platform {}.", code(platform)),
                None => format!("{stage}."),
            }
        }
        (
            Keyword::Copy | Keyword::Add,
            Detail::Copy {
                sources,
                destination,
            },
        ) => copy_phrase(instruction, sources, destination, from),
        (Keyword::Run, _) => {
            let mut text = format!("runs {} at build time", command_phrase(&instruction.args));
            for heredoc in &instruction.heredocs {
                let lines = heredoc.content.lines().count();
                text.push_str(&format!(
                    ", with the inline text {} ({lines} line{})",
                    code(&heredoc.name),
                    if lines == 1 { "" } else { "s" }
                ));
            }
            for mount in instruction.flag_values("mount") {
                text.push_str(&format!(", with the mount {}", code(mount)));
            }
            text.push('.');
            text
        }
        (Keyword::Cmd, _) => match &instruction.args {
            Args::Shell(_) => format!(
                "by default the container runs {}; under a shell the program is not PID 1 and may \
                 miss stop signals.",
                command_phrase(&instruction.args)
            ),
            args => format!("by default the container runs {}.", command_phrase(args)),
        },
        (Keyword::Entrypoint, _) => format!(
            "every container runs {}; CMD supplies default arguments.",
            command_phrase(&instruction.args)
        ),
        (Keyword::Env, Detail::Env { vars }) => {
            let pairs: Vec<String> = vars
                .iter()
                .map(|v| format!("{}={}", v.key, v.value))
                .collect();
            format!(
                "sets {} for later build steps and for the container.",
                list(&pairs)
            )
        }
        (Keyword::Label, Detail::Label { labels }) => {
            let pairs: Vec<String> = labels
                .iter()
                .map(|v| format!("{}={}", v.key, v.value))
                .collect();
            format!("adds the metadata {}.", list(&pairs))
        }
        (Keyword::Arg, Detail::Arg { args }) => {
            let names: Vec<String> = args
                .iter()
                .map(|a| match &a.default {
                    Some(d) => format!("{} (default {})", code(&a.name), code(d)),
                    None => format!("{} (no default)", code(&a.name)),
                })
                .collect();
            format!("declares the build argument {}.", names.join(", "))
        }
        (Keyword::User, Detail::User { user, group }) => {
            let who = if super::facts::is_root_name(user) {
                "root".to_owned()
            } else {
                code(user)
            };
            match group {
                Some(g) => format!(
                    "later instructions and the container run as user {who}, group {}.",
                    code(g)
                ),
                None => format!("later instructions and the container run as user {who}."),
            }
        }
        (Keyword::Workdir, _) => format!(
            "later instructions and the container work in {}.",
            code(&instruction.args.to_text())
        ),
        (Keyword::Expose, Detail::List { items }) => {
            format!("documents that the app listens on {}.", list(items))
        }
        (Keyword::Volume, Detail::List { items }) => {
            format!("declares {} as a mount point for data.", list(items))
        }
        (
            Keyword::Healthcheck,
            Detail::Healthcheck {
                health: Health::None,
            },
        ) => "turns off any health check inherited from the base image.".to_owned(),
        (
            Keyword::Healthcheck,
            Detail::Healthcheck {
                health: Health::Cmd(args),
            },
        ) => {
            format!(
                "checks the container's health by running {}.",
                command_phrase(args)
            )
        }
        (Keyword::Shell, _) => format!(
            "shell-form instructions after this run with {}.",
            code(&instruction.args.to_text())
        ),
        (Keyword::Stopsignal, _) => format!(
            "the container is asked to stop with {}.",
            code(&instruction.args.to_text())
        ),
        (Keyword::Maintainer, _) => format!(
            "records {} as the author (deprecated; use a LABEL).",
            code(&instruction.args.to_text())
        ),
        (Keyword::Onbuild, Detail::Onbuild { trigger }) => format!(
            "when another image is built FROM this one, it will first do this: {}",
            explain(trigger, from)
        ),
        (Keyword::Unknown, _) => format!(
            "{} is not a Dockerfile instruction.",
            code(&instruction.keyword_text)
        ),
        // A malformed instruction: fall back to what the keyword does.
        (k, _) => return format!("{head}{}", keyword(*k)),
    };
    format!("{head}{body}")
}

fn copy_phrase(
    instruction: &Instruction,
    sources: &[String],
    destination: &str,
    from: &dyn Fn(&str) -> String,
) -> String {
    let (inline, files): (Vec<&String>, Vec<&String>) = sources
        .iter()
        .partition(|s| s.starts_with("<<") || s.contains("<<"));
    let files: Vec<String> = files.into_iter().cloned().collect();
    let mut parts = Vec::new();
    if !files.is_empty() {
        let origin = match instruction.copy_from() {
            Some(value) => format!("from {}", from(value)),
            None => {
                let urls = files
                    .iter()
                    .any(|f| f.starts_with("http://") || f.starts_with("https://"));
                if instruction.keyword == Keyword::Add && urls {
                    "downloaded or from the build context".to_owned()
                } else {
                    "from the build context".to_owned()
                }
            }
        };
        parts.push(format!("copies {} {origin}", list(&files)));
    }
    if !inline.is_empty() {
        parts.push("writes the inline text that follows".to_owned());
    }
    let mut text = format!(
        "{} into {} in this stage",
        parts.join(" and "),
        code(destination)
    );
    if let Some(owner) = instruction.flag_value("chown") {
        text.push_str(&format!(", owned by {}", code(owner)));
    }
    if let Some(mode) = instruction.flag_value("chmod") {
        text.push_str(&format!(", with mode {}", code(mode)));
    }
    text.push('.');
    text
}

/// What instruction `index` of `dockerfile` does in this file: stage references resolved to
/// names, and a note when its stage does not end up in the final image.
pub fn in_file(dockerfile: &Dockerfile, graph: &StageGraph, index: usize) -> String {
    let Some(instruction) = dockerfile.instructions.get(index) else {
        return String::new();
    };
    let Some(stage) = graph.stage_of_instruction(index) else {
        if instruction.keyword == Keyword::Arg {
            return format!(
                "{} Declared before the first FROM, it can be used in FROM lines; a stage must \
                 declare it again (ARG NAME) to use it inside.",
                self::instruction(instruction)
            );
        }
        return self::instruction(instruction);
    };
    let stage_phrase = |value: &str| -> String {
        let target = graph
            .references
            .iter()
            .find(|r| r.instruction == index && r.written == value)
            .map(|r| &r.target);
        match target {
            Some(Target::Stage { index }) => {
                let s = &graph.stages[*index];
                match &s.name {
                    Some(name) => format!("stage {} (line {})", code(name), s.line),
                    None => format!("stage {index} (line {})", s.line),
                }
            }
            Some(Target::Image { reference }) => format!("the image {}", code(reference)),
            Some(Target::MissingIndex { index }) => format!("stage {index}, which does not exist"),
            _ => from_phrase(value),
        }
    };
    let mut text = if instruction.keyword == Keyword::From {
        match &stage.base {
            Base::Stage { index: parent } => {
                let parent = &graph.stages[*parent];
                let name = match &stage.name {
                    Some(n) => format!("a stage named {}", code(n)),
                    None => "an unnamed stage".to_owned(),
                };
                format!(
                    "FROM: starts {name} on top of stage {} (line {}), with everything it contains.",
                    code(&parent.label()),
                    parent.line
                )
            }
            Base::Image { reference } if reference != &stage.base_written => format!(
                "{} With the ARG defaults the image is {}.",
                self::instruction(instruction),
                code(reference)
            ),
            _ => self::instruction(instruction),
        }
    } else {
        explain(instruction, &stage_phrase)
    };
    let target = graph.final_stage();
    let in_final = graph.chain(target.index).contains(&stage.index);
    if !in_final {
        if stage.needed {
            text.push_str(&format!(
                " Stage {} is not part of the final image; only what is copied out of it ships.",
                code(&stage.label())
            ));
        } else {
            text.push_str(&format!(
                " Stage {} is not needed by the final stage {}, so BuildKit skips it.",
                code(&stage.label()),
                code(&target.label())
            ));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn every_keyword_has_an_explanation() {
        for k in Keyword::ALL {
            assert!(keyword(k).len() > 40, "{k}");
        }
    }

    #[test]
    fn concrete_instructions() {
        let df = parse(
            "FROM golang:1.23 AS build\nRUN --mount=type=cache,target=/root/.cache go build -o /out/app .\n\
             FROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build --chown=65532 /out/app /app\n\
             CMD [\"/app\"]\nUSER 0\nENV A=1 B=2\nCMD run.sh\n",
        );
        let texts: Vec<String> = df.instructions.iter().map(instruction).collect();
        assert_eq!(
            texts[0],
            "FROM: starts a stage named `build` from the image `golang:1.23`."
        );
        assert!(texts[1].contains("`go build -o /out/app .` through `/bin/sh -c`"));
        assert!(texts[1].contains("with the mount `type=cache,target=/root/.cache`"));
        assert_eq!(
            texts[3],
            "COPY: copies `/out/app` from stage `build` into `/app` in this stage, owned by `65532`."
        );
        assert_eq!(
            texts[4],
            "CMD: by default the container runs `/app`, started directly without a shell."
        );
        assert!(texts[5].contains("run as user root"));
        assert!(texts[6].contains("`A=1`, `B=2`"));
        assert!(texts[7].contains("not PID 1"));
    }

    #[test]
    fn in_file_resolves_stage_indices_and_marks_stages_that_do_not_ship() {
        let df = parse(
            "ARG V=1.23\nFROM golang:${V} AS build\nRUN go build -o /app .\nFROM build AS test\nRUN go test\n\
             FROM scratch\nCOPY --from=0 /app /app\n",
        );
        let graph = StageGraph::new(&df, None).unwrap_or_else(|e| panic!("{e}"));
        assert!(in_file(&df, &graph, 0).contains("can be used in FROM lines"));
        assert!(
            in_file(&df, &graph, 1).contains("With the ARG defaults the image is `golang:1.23`.")
        );
        assert!(in_file(&df, &graph, 2).contains("not part of the final image"));
        assert!(in_file(&df, &graph, 3).contains("on top of stage `build` (line 2)"));
        assert!(in_file(&df, &graph, 4).contains("BuildKit skips it"));
        assert_eq!(
            in_file(&df, &graph, 6),
            "COPY: copies `/app` from stage `build` (line 2) into `/app` in this stage."
        );
    }

    #[test]
    fn onbuild_heredoc_and_unknown() {
        let df = parse("FROM a\nONBUILD COPY . /src\nRUN <<EOF\nx\ny\nEOF\nFORM b\n");
        assert!(
            instruction(&df.instructions[1]).contains("it will first do this: COPY: copies `.`")
        );
        assert!(instruction(&df.instructions[2]).contains("inline text `EOF` (2 lines)"));
        assert_eq!(
            instruction(&df.instructions[3]),
            "FORM: `FORM` is not a Dockerfile instruction."
        );
    }
}
