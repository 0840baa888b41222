"""Accuracy per kind of question and the recognizer's p50/p99 time on the evaluation set.

.venv/bin/python bench/understanding.py
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from understanding.evaluate import run


def main() -> None:
    run()  # warm up
    results = run()
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        by_kind[r.question.kind].append(r.ok)
    for kind, oks in sorted(by_kind.items()):
        print(f"{kind:15} {sum(oks):4}/{len(oks):<4} {sum(oks) / len(oks):7.1%}")
    total = sum(r.ok for r in results)
    print(f"{'overall':15} {total:4}/{len(results):<4} {total / len(results):7.1%}")
    times = sorted(r.seconds for r in results)
    p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99) - 1]
    print(f"recognizer time: p50 {p50 * 1000:.3f} ms, p99 {p99 * 1000:.3f} ms")


if __name__ == "__main__":
    main()
