"""Real KPI monitor pages: labelled fields right, per set (development / held-out).

Each page of tests/real_pages/ goes through the pipeline (`process_file`), and every
labelled field of its NNN.expected.json is compared with the tables (the mapping is in
tests/real_page_labels.py). The split of the pages is tests/real_pages/split.tsv.

    PYTHAINLP_OFFLINE=1 .venv/bin/python benchmarks/real_pages_accuracy.py
        [--set development|held_out|all] [--wrong]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import real_page_labels  # noqa: E402

from kr_extract.pipeline import process_file  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("development", "held_out", "all"), default="all")
    parser.add_argument("--wrong", action="store_true", help="list the fields not right")
    args = parser.parse_args()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    sets = ("development", "held_out") if args.set == "all" else (args.set,)
    views = real_page_labels.split()
    for kind in sets:
        right = total = 0
        by_view: Counter[str] = Counter()
        by_view_total: Counter[str] = Counter()
        statuses: Counter[str] = Counter()
        wrong = []
        for page in real_page_labels.page_paths(kind):
            result = process_file(page)
            statuses[result.document["status"]] += 1
            fields = real_page_labels.compare(page, result.tables)
            view = views[page.stem][0]
            for field in fields:
                total += 1
                by_view_total[view] += 1
                if field.right:
                    right += 1
                    by_view[view] += 1
                else:
                    wrong.append(field)
        n_pages = len(real_page_labels.page_paths(kind))
        print(f"{kind}: {n_pages} pages, {right}/{total} labelled fields right "
              f"({100 * right / total:.1f}%) at commit {commit}; status "
              + ", ".join(f"{s} {statuses[s]}" for s in ("ok", "partial", "failed")))
        for view in sorted(by_view_total):
            print(f"  {view}: {by_view[view]}/{by_view_total[view]}")
        if args.wrong:
            for field in wrong:
                print(f"    {field.page} {field.name}: expected {field.expected!r}, "
                      f"got {field.got!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
