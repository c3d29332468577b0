"""Screenshots of the HTML report, for the README: docs/report-en.png and
docs/report-de.png, rendered in headless Chromium (Debian's package, driven
by Playwright) at 1440 px wide, full page.

    # from the report fixtures (the default)
    .venv/bin/python docs/make_screenshots.py
    # from real results, e.g. the demo's or `interviewer analyze`'s output folder:
    .venv/bin/python docs/make_screenshots.py demo-output/
    .venv/bin/python docs/make_screenshots.py --en out/en-case.json --de out/de-case.json

Folders are searched for result JSON files (*.json that parse as an
AnalysisResult); the first English and the first German one are used, in
file-name order. Nothing is fetched from the network: the page is opened from
a file and every other request is refused.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FIXTURES = REPO / "tests" / "reports" / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTH = 1440


def find_results(paths: list[Path]) -> dict[str, Path]:
    """The first English and the first German result among files and folders."""
    from pydantic import ValidationError

    from interviewer.models import AnalysisResult

    found: dict[str, Path] = {}
    candidates: list[Path] = []
    for path in paths:
        candidates += sorted(path.rglob("*.json")) if path.is_dir() else [path]
    for candidate in candidates:
        try:
            result = AnalysisResult.model_validate_json(candidate.read_text(encoding="utf-8"))
        except (ValidationError, UnicodeDecodeError, OSError):
            continue  # summaries, manifests and other JSON files
        found.setdefault(result.language, candidate)
    return found


def screenshot(results: dict[str, Path], out_dir: Path, max_height: int | None) -> list[Path]:
    from playwright.sync_api import sync_playwright

    from interviewer.models import AnalysisResult
    from interviewer.reports import render

    written = []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": WIDTH, "height": 900})
        page.route(
            "**/*",
            lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
        )
        for language, path in sorted(results.items()):
            result = AnalysisResult.model_validate_json(path.read_text(encoding="utf-8"))
            html = Path(tmp) / f"{language}.html"
            html.write_text(render(result, "html"), encoding="utf-8")
            page.goto(html.as_uri())
            target = out_dir / f"report-{language}.png"
            if max_height:
                height = min(max_height, page.evaluate("document.documentElement.scrollHeight"))
                page.screenshot(
                    path=str(target), full_page=True, clip={"x": 0, "y": 0, "width": WIDTH, "height": height}
                )
            else:
                page.screenshot(path=str(target), full_page=True)
            print(f"{target}  <- {path}")
            written.append(target)
        browser.close()
    return written


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "paths", nargs="*", type=Path, help="result files or folders (default: the report fixtures)"
    )
    parser.add_argument("--en", type=Path, help="the English result to show")
    parser.add_argument("--de", type=Path, help="the German result to show")
    parser.add_argument(
        "--out", type=Path, default=REPO / "docs", help="folder for the PNGs (default: docs/)"
    )
    parser.add_argument(
        "--max-height", type=int, help="cut the page at this many pixels (default: full page)"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(REPO))
    results = find_results(args.paths or [FIXTURES])
    for language in ("en", "de"):
        explicit = getattr(args, language)
        if explicit:
            results[language] = explicit
    missing = [language for language in ("en", "de") if language not in results]
    if missing:
        print(
            f"no {' and no '.join(missing)} result found in {', '.join(map(str, args.paths))}",
            file=sys.stderr,
        )
        return 2
    if not Path(CHROMIUM).is_file():
        print(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium", file=sys.stderr)
        return 2
    args.out.mkdir(parents=True, exist_ok=True)
    screenshot(results, args.out, args.max_height)
    return 0


if __name__ == "__main__":
    sys.exit(main())
