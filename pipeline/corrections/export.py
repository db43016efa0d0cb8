"""Corrected claims as labelled examples for the topic and stance classifier.

Writes JSON Lines in the format of pipeline/data/training/*.jsonl (text, topic,
stance, domain): one row per claim a correction set a topic or stance on, or
added, with the labels as corrected. ``python -m pipeline.corrections.export
OUT.jsonl [--warehouse PATH]``.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from pipeline.settings import settings_from_env
from pipeline.warehouse.store import Warehouse

DOMAIN = "corrections"
_SQL = """
    SELECT DISTINCT c.claim_text, c.topic, c.stance
    FROM corrections AS k, unnest(k.claim_ids) AS u(claim_id)
    JOIN claims AS c ON c.claim_id = u.claim_id
    WHERE k.status = 'applied' AND k.kind IN ('set', 'add_claim') AND (k.topic IS NOT NULL OR k.stance IS NOT NULL)
    ORDER BY c.claim_text
"""


def export_examples(warehouse: str, out: Path) -> int:
    """Write the examples to ``out``; returns how many."""
    with Warehouse(warehouse).connection() as con:
        rows = con.sql(_SQL).fetchall()
    with out.open("w", encoding="utf-8") as f:
        for text, topic, stance in rows:
            f.write(json.dumps({"text": text, "topic": topic, "stance": stance, "domain": DOMAIN},
                               ensure_ascii=False) + "\n")
    return len(rows)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.corrections.export", description=__doc__)
    parser.add_argument("out", type=Path, help="the JSON Lines file to write")
    parser.add_argument("--warehouse", default=None, help="the warehouse (default: REDLINE_WAREHOUSE)")
    args = parser.parse_args(argv)
    n = export_examples(args.warehouse or settings_from_env().warehouse, args.out)
    print(f"{n} labelled examples written to {args.out}")


if __name__ == "__main__":
    main()
