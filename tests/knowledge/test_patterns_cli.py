"""`interviewer patterns`: list, show, search, add, reindex, bench."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from interviewer.cli import main
from interviewer.knowledge.catalogue import load_catalogue
from tests.knowledge.conftest import FIXTURES, MINI_CATALOGUE


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["patterns", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_list_filters_by_category_and_language(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--category", "batching", "--lang", "de")
    batching = [e for e in load_catalogue() if e.category == "batching"]
    assert code == 0
    assert f"{len(batching)} entries" in out
    assert all(entry.title.de in out for entry in batching)
    assert "approval-bottleneck" not in out

    code, _, err = run(capsys, "list", "--category", "nope")
    assert code == 2
    assert "unknown category 'nope'" in err


def test_show_prints_the_whole_entry(capsys: pytest.CaptureFixture[str]) -> None:
    entry = load_catalogue()[0]
    code, out, _ = run(capsys, "show", entry.id, "--lang", "de")
    assert code == 0
    assert entry.title.de in out and entry.signals.de[0] in out
    assert entry.title.en not in out
    code, _, err = run(capsys, "show", "no-such-entry")
    assert code != 0 and "no-such-entry" in err


def test_search_finds_approval_for_bills(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "who signs off on bills", "-k", "3")
    assert code == 0
    first = out.splitlines()[0]
    assert first.startswith("1. ") and "[approval-bottleneck]" in first
    code, out, _ = run(
        capsys, "search", "wer gibt Rechnungen frei", "--lang", "en", "--category", "approval-bottleneck"
    )
    assert "matched (en)" in out and "[approval-bottleneck]" in out


def test_add_validates_copies_and_reindexes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "add", str(MINI_CATALOGUE))
    assert code == 0, out
    assert "added 4 entries" in out
    code, out, _ = run(capsys, "search", "incomplete claims go back to the customer", "-k", "1")
    assert "mini-rework-missing-documents" in out
    # Adding the same file again replaces it instead of clashing with itself.
    assert run(capsys, "add", str(MINI_CATALOGUE))[0] == 0
    code, out, _ = run(capsys, "list", "--category", "rework-loop")
    assert out.count("mini-rework-missing-documents") == 1

    broken = tmp_path / "broken.yaml"
    broken.write_text(
        MINI_CATALOGUE.read_text(encoding="utf-8").replace("category: batching", "category: batchin")
    )
    code, _, err = run(capsys, "add", str(broken))
    assert code == 2
    assert "broken.yaml" in err and "category" in err
    clash = tmp_path / "clash.yaml"
    clash.write_text(MINI_CATALOGUE.read_text(encoding="utf-8"))
    code, _, err = run(capsys, "add", str(clash))
    assert code == 2 and "duplicate id" in err


def test_reindex_rebuilds(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "reindex")
    assert code == 0
    assert f"{len(load_catalogue())} entries" in out


def test_bench_prints_both_embeddings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "bench.json"
    code, out, _ = run(capsys, "bench", str(FIXTURES / "queries.yaml"), "--json", str(report))
    assert code == 0
    assert "interviewer-concepts" in out and "interviewer-hashing" in out
    figures = json.loads(report.read_text())
    concept = figures["scores"]["interviewer-concepts"]
    assert concept["all"]["n"] == 4
    assert concept["cross-lingual"]["n"] == 2
    assert concept["all"]["recall_at_3"] >= figures["scores"]["interviewer-hashing"]["all"]["recall_at_3"]
