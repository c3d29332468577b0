"""Whole-batch throughput: 1,000 transcripts with 2 workers (target <= 60 s).

Generates 1,000 transcripts in a temporary folder by varying the bundled
samples (every format, both languages; the time expressions change from
copy to copy), runs the batch as `interviewer analyze` does, and prints the
wall time, transcripts per second, and the time of a second run in which
every result is up to date (the resume check).

    .venv/bin/python bench/bench_batch.py [--count 1000] [--workers 2] [--reports html,md|none]
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import SAMPLES, isolated_data_dir, verdict

TARGET_S = 60.0
NUMBERS = {
    "de": ["zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun", "zehn"],
    "en": ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"],
}


def vary(text: str, variant: int) -> str:
    """Shift every spoken number word ("drei Tage" -> "fünf Tage") by a variant-dependent amount."""
    shift = variant % 5 + 1
    for words in NUMBERS.values():
        mapping = {word: words[(index + shift) % len(words)] for index, word in enumerate(words)}
        pattern = re.compile(r"\b(" + "|".join(words) + r")\b")
        text = pattern.sub(lambda match, m=mapping: m[match.group(1)], text)  # type: ignore[misc]
    return text


def generate(folder: Path, count: int) -> None:
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".vtt", ".srt", ".json", ".docx"))
    texts = {p: p.read_text("utf-8") for p in samples if p.suffix != ".docx"}
    for index in range(count):
        sample = samples[index % len(samples)]
        target = folder / f"batch-{index // 100:02d}" / f"{index:04d}-{sample.stem}{sample.suffix}"
        target.parent.mkdir(parents=True, exist_ok=True)
        if sample.suffix == ".docx":
            shutil.copyfile(sample, target)
        else:
            target.write_text(vary(texts[sample], index), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--reports", default="html,md", help="as for `interviewer analyze` (default html,md)")
    parser.add_argument("--keep", action="store_true", help="keep the generated folder and results")
    args = parser.parse_args()
    isolated_data_dir()

    from interviewer.batch import run_batch
    from interviewer.batch.reports_hook import parse_report_formats
    from interviewer.settings import Settings

    root = Path(tempfile.mkdtemp(prefix="interviewer-bench-batch-"))
    inputs, out = root / "in", root / "out"
    generate(inputs, args.count)
    reports = parse_report_formats(args.reports)
    print(
        f"{args.count} transcripts generated in {inputs}; workers={args.workers}, reports={','.join(reports) or 'none'}"
    )

    start = time.perf_counter()
    summary = run_batch(
        [inputs], out, settings=Settings(), workers=args.workers, reports=reports, progress=False
    )
    wall = time.perf_counter() - start
    print(
        f"batch: {summary.count('ok')} analysed, {summary.count('failed')} failed in {wall:.1f} s wall "
        f"= {args.count / wall:.1f} transcripts/s (target: {args.count} in <= {TARGET_S:.0f} s) {verdict(wall, TARGET_S)}"
    )
    print("  phases (s): " + ", ".join(f"{name} {seconds:.1f}" for name, seconds in summary.phases.items()))
    analysed = [item.seconds for item in summary.items if item.status == "ok" and item.seconds is not None]
    if analysed:
        ordered = sorted(analysed)
        print(
            f"  per transcript in a worker (read, analyse, write result and reports): "
            f"median {ordered[len(ordered) // 2] * 1000:.0f} ms, p90 {ordered[int(len(ordered) * 0.9)] * 1000:.0f} ms"
        )
    for item in summary.failed[:5]:
        print(f"  failed: {item.source}: {item.error}")
    for warning in summary.warnings:
        print(f"  warning: {warning}")

    start = time.perf_counter()
    again = run_batch(
        [inputs], out, settings=Settings(), workers=args.workers, reports=reports, progress=False
    )
    print(
        f"resume check: {again.count('skipped')} up to date, skipped in {time.perf_counter() - start:.2f} s"
    )
    if args.keep:
        print(f"kept: {root}")
    else:
        shutil.rmtree(root, ignore_errors=True)
    return 0 if summary.ok else 1


if __name__ == "__main__":
    sys.exit(main())
