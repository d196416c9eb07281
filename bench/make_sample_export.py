"""Write src/dualpath/data/samples/phq9_export.csv: a small NHANES-style PHQ-9 export.

Deterministic (fixed seed) so the bundled file only changes when this script does. Columns
follow NHANES DPQ_J: respondent_id (like SEQN), DPQ010..DPQ090 for PHQ-9 items 1-9, answers
0-3, 7 = refused, 9 = don't know, blank = not asked or missing. Answers come from a latent
severity per person so totals spread over all bands, as real exports do. No real person.

Run: .venv/bin/python bench/make_sample_export.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

ROWS = 200
SEED = 20261121
TARGET = Path(__file__).resolve().parents[1] / "src/dualpath/data/samples/phq9_export.csv"
COLUMNS = [f"DPQ0{i}0" for i in range(1, 10)]


def answer(rng: random.Random, severity: float, item: int) -> str:
    roll = rng.random()
    if roll < 0.003:
        return "7"
    if roll < 0.01:
        return "9"
    if roll < 0.014:
        return ""
    # item 9 (thoughts of death or self-harm) is endorsed far less often than the others
    weight = severity * (0.3 if item == 9 else 1.0) - (0.4 if item == 9 else 0.0)
    value = weight + rng.gauss(0, 0.5)
    return str(max(0, min(3, round(value))))


def rows(rng: random.Random) -> list[list[str]]:
    out = []
    for n in range(ROWS):
        person = [str(93703 + n * 7)]
        if rng.random() < 0.03:  # screener not completed
            out.append(person + [""] * len(COLUMNS))
            continue
        # mostly few symptoms, a tail up to severe (a screening population, not a clinic)
        severity = rng.choices([0.0, 0.4, 0.9, 1.5, 2.1, 2.7], [40, 25, 15, 10, 6, 4])[0]
        severity *= rng.uniform(0.8, 1.2)
        out.append(person + [answer(rng, severity, i) for i in range(1, 10)])
    return out


def main() -> None:
    rng = random.Random(SEED)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["respondent_id", *COLUMNS])
        writer.writerows(rows(rng))
    print(f"wrote {ROWS} rows to {TARGET}")


if __name__ == "__main__":
    main()
