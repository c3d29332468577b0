"""`interviewer patterns`: browse, search, extend and benchmark the
anti-pattern catalogue.

    interviewer patterns list [--category C] [--lang de|en]
    interviewer patterns show ID [--lang de|en]
    interviewer patterns search TEXT [--category C] [--lang de|en] [-k N]
    interviewer patterns add FILE
    interviewer patterns reindex
    interviewer patterns bench [QUERIES] [--json FILE]
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from interviewer.knowledge.catalogue_model import AntiPattern
    from interviewer.settings import Settings

_CATEGORY_HELP = "only entries of this category (a taxonomy slug)"


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("patterns", help="browse, search and extend the anti-pattern catalogue")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list the catalogue entries")
    listing.add_argument("--category", help=_CATEGORY_HELP)
    listing.add_argument("--lang", choices=("en", "de"), default="en", help="language of the titles")

    show = actions.add_parser("show", help="show one entry in full")
    show.add_argument("id", help="entry id, e.g. approval-bottleneck-invoice-signoff")
    show.add_argument("--lang", choices=("en", "de"), help="only this language (default: both)")

    search = actions.add_parser("search", help="search the catalogue by meaning")
    search.add_argument("text", help="what someone said, e.g. 'who signs off on bills'")
    search.add_argument("--category", help=_CATEGORY_HELP)
    search.add_argument("--lang", choices=("en", "de"), help="search only documents of this language")
    search.add_argument("-k", type=int, default=5, help="number of entries (default 5)")

    add = actions.add_parser("add", help="validate a catalogue file of your own and add it")
    add.add_argument(
        "file", help="YAML file with a list of entries (schema: interviewer/knowledge/catalogue_model.py)"
    )

    actions.add_parser("reindex", help="rebuild the vector index of the catalogue")

    bench = actions.add_parser("bench", help="retrieval benchmark: offline embedding against word hashing")
    bench.add_argument("queries", nargs="?", help="labelled queries (default eval/retrieval/queries.yaml)")
    bench.add_argument("--json", dest="json_out", help="also write the figures as JSON to this file")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from interviewer.settings import Settings

    settings = Settings()
    handlers = {
        "list": _list,
        "show": _show,
        "search": _search,
        "add": _add,
        "reindex": _reindex,
        "bench": _bench,
    }
    return handlers[args.action](args, settings)


def _check_category(category: str | None) -> None:
    from interviewer.errors import InputError
    from interviewer.models import CATEGORIES

    if category and category not in CATEGORIES:
        raise InputError(f"unknown category {category!r}; expected one of: {', '.join(CATEGORIES)}")


def _list(args: argparse.Namespace, settings: Settings) -> int:
    from interviewer.knowledge.sources import load_entries

    _check_category(args.category)
    entries = [e for e in load_entries(settings) if not args.category or e.category == args.category]
    width = max((len(e.id) for e in entries), default=2)
    for entry in sorted(entries, key=lambda e: (e.category, e.id)):
        print(f"{entry.id:<{width}}  {entry.category:<20}  {getattr(entry.title, args.lang)}")
    print(f"{len(entries)} entries")
    return 0


def _show(args: argparse.Namespace, settings: Settings) -> int:
    from interviewer.errors import NotFoundError
    from interviewer.knowledge.sources import load_entries

    entry = next((e for e in load_entries(settings) if e.id == args.id), None)
    if entry is None:
        raise NotFoundError(f"no catalogue entry {args.id!r}; `interviewer patterns list` shows the ids")
    print(_render(entry, (args.lang,) if args.lang else ("en", "de")))
    return 0


def _render(entry: AntiPattern, languages: tuple[str, ...]) -> str:
    lines = [f"{entry.id}  [{entry.category}]  settings: {', '.join(entry.settings)}"]
    for lang in languages:
        lines += [
            "",
            f"## {getattr(entry.title, lang)} ({lang})",
            getattr(entry.description, lang),
            "",
            "Signals:",
        ]
        lines += [f"  - {signal}" for signal in getattr(entry.signals, lang)]
        lines += [
            "Cost:",
            f"  customer: {getattr(entry.cost.customer, lang)}",
            f"  organisation: {getattr(entry.cost.organisation, lang)}",
            "Redesign heuristics:",
        ]
        lines += [f"  - {h.name} ({h.source}): {getattr(h.advice, lang)}" for h in entry.heuristics]
        lines.append("AI levers:")
        for lever in entry.ai_levers:
            lines.append(f"  - [{lever.proposal_kind}] AI: {getattr(lever.ai_does, lang)}")
            lines.append(f"    people: {getattr(lever.people_keep, lang)}")
    return "\n".join(lines)


def _search(args: argparse.Namespace, settings: Settings) -> int:
    from interviewer.knowledge.store import VectorStore

    _check_category(args.category)
    store = VectorStore.from_settings(settings)
    matches = store.search(args.text, k=max(1, args.k), category=args.category, language=args.lang)
    title_lang = args.lang or "en"
    for rank, match in enumerate(matches, start=1):
        entry = store.entry(match.entry_id)
        title = getattr(entry.title, title_lang) if entry else ""
        print(f"{rank}. {match.similarity:.3f}  {match.entry_id}  [{match.category}]  {title}")
        print(f"   matched ({match.language}): {match.matched_text}")
    if not matches:
        print("no entries found")
    return 0


def _add(args: argparse.Namespace, settings: Settings) -> int:
    import shutil
    from pathlib import Path

    from interviewer.errors import InputError
    from interviewer.knowledge.catalogue import load_catalogue, validate_entry_file
    from interviewer.knowledge.sources import user_catalogue_dir, user_catalogue_files
    from interviewer.knowledge.store import VectorStore

    source = Path(args.file)
    if not source.is_file():
        raise InputError(f"{source}: no such file")
    if source.suffix not in (".yaml", ".yml"):
        raise InputError(f"{source}: catalogue files are YAML (.yaml or .yml)")
    target = user_catalogue_dir(settings) / source.name
    # Re-adding a file replaces it: its old entries must not count as clashes.
    others = [p for p in user_catalogue_files(settings) if p.name != source.name]
    entries = validate_entry_file(source, existing=load_catalogue(extra=others))
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    store = VectorStore.from_settings(settings)
    store.ensure_index()
    print(f"added {len(entries)} entries from {source} as {target}")
    print(f"index {store.name}: {len(store.entries)} entries")
    return 0


def _reindex(args: argparse.Namespace, settings: Settings) -> int:
    import time

    from interviewer.knowledge.store import VectorStore

    started = time.perf_counter()
    store = VectorStore.from_settings(settings)
    store.ensure_index(force=True)
    seconds = time.perf_counter() - started
    print(f"index {store.name}: {len(store.entries)} entries, {store.documents} documents, {seconds:.2f} s")
    return 0


def _bench(args: argparse.Namespace, settings: Settings) -> int:
    import json
    from pathlib import Path

    from interviewer.evaluation.retrieval import (
        DEFAULT_QUERIES,
        as_dict,
        format_table,
        load_queries,
        run_benchmark,
    )
    from interviewer.knowledge.sources import load_entries

    queries = load_queries(Path(args.queries) if args.queries else DEFAULT_QUERIES)
    result = run_benchmark(queries, load_entries(settings))
    print(format_table(result))
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(as_dict(result), indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json_out}")
    return 0
