"""Benchmark of reconstruct.lexicon.suggest_many on 100,000 distinct dossier lines of ~100
characters, beside a naive baseline that searches every pattern of the lexicon on its own.

.venv/bin/python benchmarks/bench_lexicon.py [--size 100000] [--baseline-size 2000] [--repeat 3]
    [--frame events.pkl]

The lines are two labelled lines of tests/data/lexicon_labelled.csv (the second cut short)
behind a date, so nearly all are distinct and about four in five hold a term: more work than a
real case, where most lines are neutral contacts. Target (issue): 10^5 lines in a few seconds.
`--frame` times the `description` column of a pickled event table instead (e.g. one that
the ingest's `_with_suggestions` gets). Timings (best of `--repeat`: wall clock, and CPU time
with that of the worker processes `suggest_many` forks for many texts) depend on the machine;
the ratio to the baseline of the same run does not. Nothing is asserted.
"""

from __future__ import annotations

import argparse
import random
import re
import resource
import sys
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from reconstruct.lexicon import LEXICON_FILE, fold, load_lexicon, suggest_many  # noqa: E402

LABELLED = ROOT / "tests" / "data" / "lexicon_labelled.csv"


def make_lines(size: int, seed: int = 1) -> pd.Series:
    lines = pd.read_csv(LABELLED, sep=";", dtype=str, keep_default_na=False)["text"].tolist()
    rng = random.Random(seed)
    return pd.Series(
        [
            f"{rng.randint(1, 28)}-{rng.randint(1, 12)}: {rng.choice(lines)} "
            + rng.choice(lines)[: rng.randint(10, 60)]
            for _ in range(size)
        ]
    )


def read_frame(path: Path) -> pd.Series:
    return pd.read_pickle(path)["description"]


def naive(texts: pd.Series, regexes: list) -> list:
    """Every pattern's own regex searched in every text: what the one-finder design avoids."""
    folded = (fold(t)[0] for t in texts)
    return [[rx for rx in regexes if rx.search(norm)] for norm in folded]


def pattern_regexes(lexicon) -> list:
    data = yaml.safe_load(LEXICON_FILE.read_text(encoding="utf-8"))
    return [
        re.compile(lexicon._regex(pattern, name))
        for name, spec in data["entries"].items()
        for pattern in spec["patterns"]
    ]


def _cpu() -> float:
    usage = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    return sum(r.ru_utime + r.ru_stime for r in usage)


def best_cpu(fn, repeat: int) -> float:
    return best_times(fn, repeat)[1]


def best_times(fn, repeat: int) -> tuple[float, float]:
    """(wall, CPU) seconds of the fastest of `repeat` runs; CPU counts ended child processes."""
    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), _cpu()
        fn()
        best = min(best, (time.perf_counter() - wall, _cpu() - cpu))
    return best


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--baseline-size", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--frame", type=Path, help="a pickled frame with a description column")
    args = parser.parse_args(argv)
    lexicon = load_lexicon()
    texts = make_lines(args.size) if args.frame is None else read_frame(args.frame)
    out = suggest_many(texts, lexicon)
    wall_s, lexicon_s = best_times(lambda: suggest_many(texts, lexicon), args.repeat)
    sample = texts.head(args.baseline_size)
    regexes = pattern_regexes(lexicon)
    naive_s = best_cpu(lambda: naive(sample, regexes), 1) * len(texts) / len(sample)
    distinct, chars = texts.nunique(), texts.str.len().mean()
    print(f"lines: {len(texts):,} ({distinct:,} distinct, mean {chars:.0f} characters)")
    print(f"with a suggestion: {out['suggested_event_type'].notna().mean():.0%}")
    print(
        f"suggest_many: {wall_s:.2f} s, {lexicon_s:.2f} s CPU "
        f"({lexicon_s / len(texts) * 1e6:.0f} µs CPU a line)"
    )
    print(f"naive baseline: {naive_s:.1f} s CPU ({len(regexes)} patterns searched one by one,")
    print(f"  timed on {len(sample):,} lines and scaled)")
    print(f"ratio: {naive_s / lexicon_s:.0f}x faster than the baseline")


if __name__ == "__main__":
    main()
