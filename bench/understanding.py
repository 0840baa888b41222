"""Accuracy per kind of question and the recognizer's p50/p99 time on the evaluation set.

.venv/bin/python bench/understanding.py
.venv/bin/python bench/understanding.py --blind /path/to/questions.tsv   # a set in the blind
    format (id, kind, lang, question, intent, slots): accuracy overall, per kind, per
    language, and every miss
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from understanding.evaluate import directory, run


def _table(groups: dict[str, list[bool]]) -> None:
    for name, oks in sorted(groups.items()):
        print(f"{name:18} {sum(oks):4}/{len(oks):<4} {sum(oks) / len(oks):7.1%}")


def _percentiles(times: list[float]) -> str:
    times = sorted(times)
    p50, p99 = times[len(times) // 2], times[int(len(times) * 0.99) - 1]
    return f"p50 {p50 * 1000:.3f} ms, p99 {p99 * 1000:.3f} ms"


def own() -> None:
    run()  # warm up
    results = run()
    by_kind: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        by_kind[r.question.kind].append(r.ok)
    _table(by_kind)
    total = sum(r.ok for r in results)
    print(f"{'overall':18} {total:4}/{len(results):<4} {total / len(results):7.1%}")
    best = min((run() for _ in range(3)), key=lambda rs: sorted(r.seconds for r in rs)[int(len(rs) * 0.99) - 1])
    print(f"recognizer time (best of 3): {_percentiles([r.seconds for r in best])}")


def blind(path: Path, misses: bool) -> None:
    from understanding.blind import score

    results = score(path, directory())
    by_kind: dict[str, list[bool]] = defaultdict(list)
    by_lang: dict[str, list[bool]] = defaultdict(list)
    for r in results:
        by_kind[r.row.kind].append(r.ok)
        by_lang[r.row.lang].append(r.ok)
    if misses:
        for r in results:
            if not r.ok:
                print(
                    f"MISS {r.row.id} [{r.row.kind}/{r.row.lang}] {r.row.text!r}\n"
                    f"     want {r.row.intent} {r.row.slots}\n     got  {r.got}"
                )
        print()
    print("-- per kind")
    _table(by_kind)
    print("-- per language")
    _table(by_lang)
    total = sum(r.ok for r in results)
    print(f"{'overall':18} {total:4}/{len(results):<4} {total / len(results):7.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--blind", type=Path, help="score a question set in the blind format")
    parser.add_argument("--quiet", action="store_true", help="with --blind: figures only, no misses")
    args = parser.parse_args()
    if args.blind:
        blind(args.blind, not args.quiet)
    else:
        own()


if __name__ == "__main__":
    main()
