"""Replay a stagecraft JSON export through py-fsrs and compare the due dates.

    pip install fsrs==6.3.2
    python3 tests/golden/replay_export.py EXPORT.json

The export must come from a profile scheduled with fuzz off (`scheduler.enable_fuzz` false).
Every answer of every card is replayed in order with py-fsrs's Scheduler configured from the
export's `scheduler` section; the due time after each answer and each card's final due time
must equal the exported ones. Exits with status 1 and lists the differences otherwise.
`cargo test --test export_replay` leaves a sample export in target/tmp/replay-export.json.
"""

import json
import sys
from datetime import datetime, timedelta

from fsrs import Card, Rating, Scheduler


def parse(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def main(path):
    export = json.load(open(path, encoding="utf-8"))
    section = export["scheduler"]
    if section["enable_fuzz"]:
        print("the export was scheduled with fuzz on; due dates cannot be replayed exactly")
        return 1
    scheduler = Scheduler(
        parameters=section["parameters"],
        desired_retention=section["desired_retention"],
        learning_steps=[timedelta(seconds=s) for s in section["learning_steps_secs"]],
        relearning_steps=[timedelta(seconds=s) for s in section["relearning_steps_secs"]],
        maximum_interval=section["maximum_interval_days"],
        enable_fuzzing=False,
    )
    cards = {}
    problems = []
    max_s_diff = 0.0
    for review in export["review_log"]:
        qid = review["question_id"]
        card = cards.get(qid) or Card(card_id=len(cards) + 1, due=parse(review["reviewed_at"]))
        card, _ = scheduler.review_card(card, Rating(review["rating"]), parse(review["reviewed_at"]))
        cards[qid] = card
        if card.due != parse(review["due"]):
            problems.append(f"log row {review['id']} ({qid}): py-fsrs due {card.due.isoformat()}, "
                            f"exported {review['due']}")
        memory = review["state_after"]["memory"]
        max_s_diff = max(max_s_diff, abs(card.stability - memory["stability"]) /
                         max(1.0, card.stability))
    for exported in export["cards"]:
        card = cards.get(exported["question_id"])
        if card is None:
            if exported["phase"] != "new":
                problems.append(f"{exported['question_id']}: no answers but phase {exported['phase']}")
            continue
        if exported["due"] is not None and card.due != parse(exported["due"]):
            problems.append(f"{exported['question_id']}: py-fsrs due {card.due.isoformat()}, "
                            f"card due {exported['due']}")
    print(f"replayed {len(export['review_log'])} answers on {len(cards)} cards; "
          f"largest relative stability difference {max_s_diff:.2e}")
    for problem in problems:
        print(problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
