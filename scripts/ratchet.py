"""Print every dev-set score and raise the floors in docs/accuracy-floors.json (never lower them).

    python scripts/ratchet.py            # print scores against floors
    python scripts/ratchet.py --raise    # set each floor to max(floor, score - margin)
"""

from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

from amity.evaluate.suite import run_suite

ROOT = Path(__file__).resolve().parents[1]
FLOORS = ROOT / "docs" / "accuracy-floors.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--raise", dest="raise_", action="store_true", help="raise floors to the scores")
    parser.add_argument("--margin", type=float, default=0.005, help="slack under the score for a new floor")
    parser.add_argument(
        "--suite", action="append", help="seed, pillars, quotes, quotes_parse, quotes_model, events (default all)"
    )
    args = parser.parse_args()
    shared = Path(os.environ.get("AMITY_SHARED", ROOT.parent / "shared"))
    scores = run_suite(shared, args.suite)
    floors: dict[str, float] = json.loads(FLOORS.read_text("utf-8")) if FLOORS.exists() else {}
    for key in sorted(scores):
        floor = floors.get(key)
        mark = "" if floor is None else ("  BELOW FLOOR" if scores[key] < floor else "")
        print(f"{key:55s} {scores[key]:.4f}   floor {floor if floor is not None else '-'}{mark}")
        if args.raise_:
            floors[key] = round(max(floor or 0.0, scores[key] - args.margin), 4)
    if args.raise_:
        FLOORS.write_text(json.dumps(dict(sorted(floors.items())), indent=2) + "\n", "utf-8")
        print(f"floors written to {FLOORS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
