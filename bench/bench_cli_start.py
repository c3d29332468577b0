"""Start time of `interviewer --help` (target: median <= 0.3 s).

Runs the installed console script 20 times in fresh processes (one warm-up
run first, not counted) and prints the median.

    .venv/bin/python bench/bench_cli_start.py [--runs 20]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import median, percentile, verdict

TARGET_S = 0.3


def command() -> list[str]:
    script = Path(sys.executable).parent / "interviewer"
    return [str(script), "--help"] if script.exists() else [sys.executable, "-m", "interviewer", "--help"]


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    cmd = command()
    subprocess.run(cmd, check=True, capture_output=True)  # warm the OS file cache
    timings: list[float] = []
    for _ in range(args.runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        timings.append(time.perf_counter() - start)
    value = median(timings)
    print(f"command: {' '.join(cmd)}")
    print(
        f"`interviewer --help`: median {value:.3f} s, p90 {percentile(timings, 0.9):.3f} s, "
        f"min {min(timings):.3f} s over {len(timings)} runs (target <= {TARGET_S} s) {verdict(value, TARGET_S)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
