"""Time to render one analysis result in each report format
(target: HTML median <= 50 ms).

Renders the German and the English report fixture (12 and 10 steps, with
findings, proposals and a to-be process), or the result files given, in every
format; the first render of each is left out (it loads labels and CSS).

    .venv/bin/python bench/bench_reports.py [--runs 100] [RESULT.json ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import REPO, median, percentile, verdict

TARGET_HTML_MS = 50.0
FIXTURES = REPO / "tests" / "reports" / "fixtures"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "results", nargs="*", type=Path, help="result JSON files (default: the report fixtures)"
    )
    parser.add_argument(
        "--runs", type=int, default=100, help="timed renders per format and result (default 100)"
    )
    args = parser.parse_args()

    from interviewer.models import AnalysisResult
    from interviewer.reports import FORMATS, render

    paths = args.results or sorted(FIXTURES.glob("*.json"))
    results = [AnalysisResult.model_validate_json(p.read_text(encoding="utf-8")) for p in paths]
    html_timings: list[float] = []
    for result in results:
        print(
            f"{result.case_id} ({result.language}, {len(result.process.steps)} steps, "
            f"{len(result.findings)} findings, {len(result.proposals)} proposals):"
        )
        for fmt in FORMATS:
            timings = []
            for _ in range(args.runs + 1):
                start = time.perf_counter()
                text = render(result, fmt)
                timings.append((time.perf_counter() - start) * 1000)
            timings = timings[1:]  # the first render loads labels and the stylesheet
            if fmt == "html":
                html_timings.extend(timings)
            print(
                f"  {fmt:8} median {median(timings):6.2f} ms  p90 {percentile(timings, 0.9):6.2f} ms  "
                f"({len(text.encode('utf-8')) / 1024:.0f} KiB)"
            )
    value = median(html_timings)
    print(
        f"HTML report of one result: median {value:.2f} ms (target <= {TARGET_HTML_MS:.0f} ms) "
        f"{verdict(value, TARGET_HTML_MS)}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
