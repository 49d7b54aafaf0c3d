#!/usr/bin/env bash
# Builds the fuzzers' starting corpora from the project's own content, so that each fuzzer
# starts from real lessons, Dockerfiles and quizzes instead of empty input.
# Usage: fuzz/seed.sh   (then: cargo fuzz run TARGET, see docs/reliability.md)
set -euo pipefail
cd "$(dirname "$0")"
root=..
mkdir -p corpus/markdown corpus/dockerfile corpus/content_loader
i=0
for f in "$root"/lessons/*.md "$root"/tests/fixtures/markdown/*.md; do
  [ -f "$f" ] || continue
  for width in 30 80; do
    # The first byte is the width minus one.
    { printf "\\$(printf '%03o' $((width - 1)))"; cat "$f"; } > "corpus/markdown/seed-$i-$width"
  done
  i=$((i + 1))
done
i=0
for f in "$root"/examples/*/*Dockerfile "$root"/tests/fixtures/dockerfiles/reference/* \
         "$root"/tests/fixtures/dockerfiles/rules/*/*; do
  [ -f "$f" ] || continue
  cp "$f" "corpus/dockerfile/seed-$i"
  i=$((i + 1))
done
i=0
# A lesson, a quiz, an example and its Dockerfile, cut apart by lines holding `%%`.
for example in "$root"/examples/*/; do
  lesson=$(ls "$root"/lessons/*.md | sed -n "$((i % 10 + 1))p")
  quiz=$(ls "$root"/quizzes/*.yaml | sed -n "$((i % 10 + 1))p")
  {
    cat "$lesson"; printf '\n%%%%\n'
    cat "$quiz"; printf '\n%%%%\n'
    cat "$example/example.yaml"; printf '\n%%%%\n'
    cat "$example/Dockerfile"
  } > "corpus/content_loader/seed-$i"
  i=$((i + 1))
done
echo "corpora: $(ls corpus/markdown | wc -l) markdown, $(ls corpus/dockerfile | wc -l) dockerfile, $(ls corpus/content_loader | wc -l) content_loader"
