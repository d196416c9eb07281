"""Benchmark: FHIR ``$score`` throughput against the R4B parse floor, measured in one run.

Builds N QuestionnaireResponses (a mix of instruments, random answers, answers given as LOINC
or dualpath codings), then times on W worker processes (default 2 = "2 cores"):

* floor: ``QuestionnaireResponse.model_validate`` (fhir.resources R4B) alone;
* $score: ``dualpath.fhir.score_response`` — the same R4B parse plus answer checks against the
  Questionnaire, engine scoring and Observation building (the function the /fhir view calls).

Prints responses/second for each and the ratio; ``--write`` updates bench/RESULTS-fhir.md.
Usage: .venv/bin/python bench/bench_fhir_score.py [-n 10000] [-w 2] [--write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

INSTRUMENTS = ("phq9", "gad7", "auditc", "dast10", "phq2")


def build(n: int, seed: int = 1) -> list[dict[str, Any]]:
    from dualpath.engine import get_instrument
    from dualpath.fhir.questionnaire import option_coding, questionnaire_url

    rng = random.Random(seed)
    out = []
    for i in range(n):
        inst = get_instrument(INSTRUMENTS[i % len(INSTRUMENTS)])
        items = []
        for item in inst.items:
            option = rng.choice(inst.options_for(item))
            items.append(
                {"linkId": item.id, "answer": [{"valueCoding": option_coding(inst, option)}]}
            )
        out.append(
            {
                "resourceType": "QuestionnaireResponse",
                "id": f"qr-{i}",
                "status": "completed",
                "questionnaire": questionnaire_url(inst.id),
                "subject": {"reference": f"Patient/p{i}"},
                "authored": "2026-11-21T10:00:00Z",
                "item": items,
            }
        )
    return out


def _floor(chunk: list[dict[str, Any]]) -> float:
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    start = time.perf_counter()
    for qr in chunk:
        QuestionnaireResponse.model_validate(qr)
    return time.perf_counter() - start


def _score(chunk: list[dict[str, Any]]) -> float:
    from dualpath.fhir import score_response

    score_response(chunk[0])  # warm the definition caches outside the timing
    start = time.perf_counter()
    for qr in chunk:
        score_response(qr)
    return time.perf_counter() - start


def run(kind: str, responses: list[dict[str, Any]], workers: int) -> float:
    """Responses per second: N / wall time of the slowest worker (all start together)."""
    chunks = [responses[w::workers] for w in range(workers)]
    func = _floor if kind == "floor" else _score
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(func, [c[:10] for c in chunks]))  # start workers and import first
        wall = max(pool.map(func, chunks))
    return len(responses) / wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10_000)
    parser.add_argument("-w", "--workers", type=int, default=2)
    parser.add_argument("--write", action="store_true", help="write bench/RESULTS-fhir.md")
    args = parser.parse_args()
    responses = build(args.n)
    size = sum(len(json.dumps(r)) for r in responses) / len(responses)
    floor = run("floor", responses, args.workers)
    scored = run("score", responses, args.workers)
    ratio = scored / floor
    lines = [
        f"responses: {args.n} ({', '.join(INSTRUMENTS)}; mean {size:.0f} bytes of JSON)",
        f"workers: {args.workers} processes on {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}",
        f"R4B parse alone (floor): {floor:,.0f} responses/s",
        f"$score (parse + check + score + Observations): {scored:,.0f} responses/s",
        f"$score / floor: {ratio:.2f}",
    ]
    print("\n".join(lines))
    if args.write:
        path = Path(__file__).with_name("RESULTS-fhir.md")
        path.write_text(
            "# FHIR $score benchmark\n\n"
            "Measured by `bench/bench_fhir_score.py` (both figures from the same run).\n\n"
            + "\n".join(f"- {line}" for line in lines)
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
