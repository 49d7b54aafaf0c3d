"""Generate golden review histories with py-fsrs for tests/golden_py_fsrs.rs.

CI does not have py-fsrs; the output is committed as py_fsrs_histories.json. To regenerate:

    pip install fsrs==6.3.2
    python3 tests/golden/generate_py_fsrs.py > tests/golden/py_fsrs_histories.json

Each case fixes a scheduler configuration (fuzz always off) and a list of cards. Each card is
reviewed with a seeded mix of ratings at times drawn around its due time: on time, early (even
before a day has passed) and late (days to weeks). After every review the card's state, step,
stability, difficulty and due time are recorded. A card's history stops once its stability
exceeds ten years.
"""

import json
import random
from datetime import datetime, timedelta, timezone

from fsrs import Card, Rating, Scheduler, State

START = datetime(2024, 1, 1, 9, 0, 0, tzinfo=timezone.utc)

CASES = [
    {"name": "default steps", "desired_retention": 0.9, "learning_steps": [60, 600],
     "relearning_steps": [600], "maximum_interval": 36500, "cards": 8, "reviews": 14, "seed": 1},
    {"name": "no steps", "desired_retention": 0.9, "learning_steps": [],
     "relearning_steps": [], "maximum_interval": 36500, "cards": 6, "reviews": 12, "seed": 2},
    {"name": "retention 0.85, three steps", "desired_retention": 0.85,
     "learning_steps": [60, 300, 1800], "relearning_steps": [300, 1200],
     "maximum_interval": 36500, "cards": 6, "reviews": 14, "seed": 3},
    {"name": "retention 0.95, short maximum", "desired_retention": 0.95,
     "learning_steps": [60, 600], "relearning_steps": [600], "maximum_interval": 30,
     "cards": 5, "reviews": 16, "seed": 4},
]

STATE_NAMES = {State.Learning: "learning", State.Review: "review", State.Relearning: "relearning"}


def iso(moment):
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.") + \
        f"{moment.microsecond // 1000:03d}Z"


def next_time(rng, card, now):
    """A review time near the card's due time: on time, early or late."""
    due = card.due
    roll = rng.random()
    if roll < 0.4:
        moment = due
    elif roll < 0.6:
        # early: up to 60 % of the interval before the due time
        span = (due - now).total_seconds()
        moment = due - timedelta(seconds=rng.random() * 0.6 * span)
    elif roll < 0.9:
        moment = due + timedelta(hours=rng.randint(1, 72))
    else:
        moment = due + timedelta(days=rng.randint(3, 40), minutes=rng.randint(0, 600))
    moment = moment.replace(microsecond=(moment.microsecond // 1000) * 1000)
    return max(moment, now + timedelta(seconds=1))


def main():
    rng_ratings = [Rating.Again, Rating.Hard, Rating.Good, Rating.Good, Rating.Good, Rating.Easy]
    out = []
    for case in CASES:
        scheduler = Scheduler(
            desired_retention=case["desired_retention"],
            learning_steps=[timedelta(seconds=s) for s in case["learning_steps"]],
            relearning_steps=[timedelta(seconds=s) for s in case["relearning_steps"]],
            maximum_interval=case["maximum_interval"],
            enable_fuzzing=False,
        )
        rng = random.Random(case["seed"])
        cards = []
        for index in range(case["cards"]):
            card = Card(card_id=index + 1, due=START)
            now = START + timedelta(minutes=index)
            reviews = []
            for _ in range(case["reviews"]):
                rating = rng.choice(rng_ratings)
                card, _log = scheduler.review_card(card, rating, now)
                reviews.append({
                    "at": iso(now),
                    "rating": int(rating),
                    "state": STATE_NAMES[card.state],
                    "step": card.step,
                    "stability": card.stability,
                    "difficulty": card.difficulty,
                    "due": iso(card.due),
                })
                if card.stability > 3650:
                    # The fsrs crate (like Anki) caps stability at 36 500 days and py-fsrs does
                    # not; stop well before that so the histories compare like with like.
                    break
                now = next_time(rng, card, now)
            cards.append({"id": f"card-{index + 1}", "reviews": reviews})
        out.append({
            "name": case["name"],
            "desired_retention": case["desired_retention"],
            "learning_steps_secs": case["learning_steps"],
            "relearning_steps_secs": case["relearning_steps"],
            "maximum_interval_days": case["maximum_interval"],
            "cards": cards,
        })
    print(json.dumps({"generator": "py-fsrs 6.3.2, tests/golden/generate_py_fsrs.py",
                      "cases": out}, indent=1))


if __name__ == "__main__":
    main()
