"""The shipped anti-pattern catalogue and its loader.

The catalogue is content that appears in user reports, so besides the schema
these tests hold it to the editorial rules: every category covered in several
settings, both languages everywhere, interview-like signals, distinct entries.
A broken user file must be reported with the file, the entry and the field.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

from interviewer.errors import CatalogueError
from interviewer.knowledge.catalogue import (
    CATALOGUE_DIR,
    KNOWN_SETTINGS,
    CatalogueEntryError,
    catalogue_fingerprint,
    load_catalogue,
    load_catalogue_file,
    validate_entry_file,
)
from interviewer.knowledge.catalogue_model import AntiPattern
from interviewer.models import CATEGORIES

SHIPPED_FILES = sorted(CATALOGUE_DIR.glob("*.yaml"))
QUERIES = Path(__file__).resolve().parents[2] / "eval" / "retrieval" / "queries.yaml"


@pytest.fixture(scope="module")
def catalogue() -> list[AntiPattern]:
    return load_catalogue()


def _raw_entry(
    entry_id: str = "handoff-delay-test-entry", category: str = "handoff-delay"
) -> dict[str, object]:
    """A valid entry as plain data, taken from the shipped catalogue and renamed."""
    source = load_catalogue_file(CATALOGUE_DIR / "handoff-delay.yaml")[0]
    data = source.model_dump(mode="json")
    data["id"] = entry_id
    data["category"] = category
    return data


def _write(path: Path, entries: object) -> Path:
    path.write_text(yaml.safe_dump(entries, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# The shipped content
# --------------------------------------------------------------------------


def test_one_file_per_category_named_by_slug() -> None:
    assert sorted(p.stem for p in SHIPPED_FILES) == sorted(CATEGORIES)


@pytest.mark.parametrize("path", SHIPPED_FILES, ids=lambda p: p.name)
def test_every_shipped_file_validates_and_holds_its_own_category(path: Path) -> None:
    entries = load_catalogue_file(path)
    assert len(entries) >= 4
    assert {entry.category for entry in entries} == {path.stem}
    # Entries of one category differ in setting: at least four settings per file.
    assert len({entry.settings[0] for entry in entries}) >= 4


def test_size_and_coverage(catalogue: list[AntiPattern]) -> None:
    assert len(catalogue) >= 65
    per_category = Counter(entry.category for entry in catalogue)
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 4
    settings = Counter(setting for entry in catalogue for setting in entry.settings)
    for required in (
        "public-services",
        "telecom",
        "insurance",
        "manufacturing",
        "health",
        "it",
        "construction",
        "back-office",
        "logistics",
        "banking",
    ):
        assert settings[required] >= 3, required
    assert set(settings) <= KNOWN_SETTINGS


def test_ids_are_unique_and_name_their_category(catalogue: list[AntiPattern]) -> None:
    ids = [entry.id for entry in catalogue]
    assert len(ids) == len(set(ids))
    for entry in catalogue:
        assert entry.id.startswith(entry.category + "-"), entry.id


def test_both_languages_everywhere(catalogue: list[AntiPattern]) -> None:
    german = re.compile(r"[äöüß]|\b(der|die|das|und|nicht|wir|ist)\b", re.IGNORECASE)
    for entry in catalogue:
        texts = [entry.title, entry.description, entry.cost.customer, entry.cost.organisation]
        texts += [h.advice for h in entry.heuristics]
        texts += [part for lever in entry.ai_levers for part in (lever.ai_does, lever.people_keep)]
        for text in texts:
            assert text.en.strip() and text.de.strip(), entry.id
            assert text.en != text.de, entry.id
        # The German side really is German (cheap check on the longer texts).
        assert german.search(entry.description.de), entry.id
        assert not german.search(entry.description.en), entry.id


def test_signals_are_interview_phrases_in_both_languages(catalogue: list[AntiPattern]) -> None:
    for entry in catalogue:
        for lang in ("en", "de"):
            signals = getattr(entry.signals, lang)
            assert 6 <= len(signals) <= 12, (entry.id, lang)
            assert len(set(signals)) == len(signals), (entry.id, lang)
            for signal in signals:
                assert 1 <= len(signal.split()) <= 16, (entry.id, signal)


def test_heuristics_cite_both_literatures_and_levers_split_the_work(catalogue: list[AntiPattern]) -> None:
    for entry in catalogue:
        sources = {h.source for h in entry.heuristics}
        assert sources == {"reijers-limam-mansar", "lean"}, entry.id
        for lever in entry.ai_levers:
            assert len(lever.ai_does.en.split()) >= 12, entry.id
            assert lever.people_keep.en.strip(), entry.id


def test_no_near_duplicate_entries(catalogue: list[AntiPattern]) -> None:
    """Siblings must differ in situation, not only in wording: few shared signals."""

    def words(entry: AntiPattern) -> set[str]:
        text = " ".join(entry.signals.en + entry.signals.de + [entry.description.en])
        return set(re.findall(r"[a-zäöüß]{4,}", text.lower()))

    bags = {entry.id: words(entry) for entry in catalogue}
    ids = sorted(bags)
    for i, first in enumerate(ids):
        for second in ids[i + 1 :]:
            a, b = bags[first], bags[second]
            jaccard = len(a & b) / len(a | b)
            assert jaccard < 0.25, (first, second, round(jaccard, 2))
    titles = [entry.title.en.lower() for entry in catalogue]
    assert len(set(titles)) == len(titles)


def test_default_catalogue_is_cached_but_callers_get_their_own_list() -> None:
    first = load_catalogue()
    second = load_catalogue()
    assert first == second
    assert first is not second
    first.clear()
    assert load_catalogue()


def test_loading_an_explicit_directory(tmp_path: Path) -> None:
    _write(tmp_path / "a.yaml", [_raw_entry("handoff-delay-a")])
    _write(tmp_path / "b.yml", [_raw_entry("approval-bottleneck-b", "approval-bottleneck")])
    (tmp_path / "notes.txt").write_text("not a catalogue file", encoding="utf-8")
    (tmp_path / ".#a.yaml").write_text("an editor lock file: [", encoding="utf-8")
    entries = load_catalogue(tmp_path)
    assert [e.id for e in entries] == ["handoff-delay-a", "approval-bottleneck-b"]


# --------------------------------------------------------------------------
# Broken files: the error names the file, the entry and the field
# --------------------------------------------------------------------------


def test_missing_field_names_file_entry_and_field(tmp_path: Path) -> None:
    good = _raw_entry("handoff-delay-first")
    broken = _raw_entry("handoff-delay-telecom")
    del broken["title"]["de"]  # type: ignore[index]
    path = _write(tmp_path / "handoff-delay.yaml", [good, _raw_entry("handoff-delay-second"), broken])
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_file(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert "entry 3 (handoff-delay-telecom): field 'title.de': Field required" in message
    assert caught.value.field == "title.de"
    assert caught.value.path == str(path)


def test_wrong_type_names_the_list_position(tmp_path: Path) -> None:
    broken = _raw_entry()
    broken["signals"]["en"][2] = {"text": "not a string"}  # type: ignore[index]
    path = _write(tmp_path / "x.yaml", [broken])
    with pytest.raises(CatalogueEntryError) as caught:
        load_catalogue_file(path)
    assert "x.yaml: entry 1 (handoff-delay-test-entry): field 'signals.en[2]'" in str(caught.value)
    assert caught.value.index == 1


def test_unknown_category_lists_the_taxonomy(tmp_path: Path) -> None:
    path = _write(tmp_path / "x.yaml", [_raw_entry(category="slow-stuff")])
    with pytest.raises(
        CatalogueError, match=r"field 'category': unknown category 'slow-stuff'.*handoff-delay"
    ):
        load_catalogue_file(path)


def test_unknown_field_is_an_error_not_ignored(tmp_path: Path) -> None:
    broken = _raw_entry()
    broken["titel"] = broken["title"]
    path = _write(tmp_path / "x.yaml", [broken])
    with pytest.raises(CatalogueError, match=r"field 'titel': Extra inputs are not permitted"):
        load_catalogue_file(path)


def test_heuristic_and_proposal_vocabulary_is_checked(tmp_path: Path) -> None:
    broken = _raw_entry()
    broken["heuristics"][0]["name"] = "synergy"  # type: ignore[index]
    path = _write(tmp_path / "h.yaml", [broken])
    with pytest.raises(CatalogueError, match=r"field 'heuristics\[0\]\.name': 'synergy' is not a"):
        load_catalogue_file(path)
    broken = _raw_entry()
    broken["ai_levers"][0]["proposal_kind"] = "chatbot"  # type: ignore[index]
    path = _write(tmp_path / "k.yaml", [broken])
    with pytest.raises(CatalogueError, match=r"field 'ai_levers\[0\]\.proposal_kind': unknown proposal kind"):
        load_catalogue_file(path)


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("- id: x\n  title: {en: a, de: b\n  category: batching\n", encoding="utf-8")
    with pytest.raises(CatalogueError) as caught:
        load_catalogue_file(path)
    assert str(caught.value).startswith(f"{path}: line ")
    assert "not valid YAML" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("", "holds no entries"),
        ("id: just-a-mapping\n", "expected a YAML list"),
        ("- just a string\n", "entry 1: expected a mapping"),
    ],
)
def test_wrong_shapes(tmp_path: Path, content: str, expected: str) -> None:
    path = tmp_path / "shape.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CatalogueError, match=expected):
        load_catalogue_file(path)


def test_duplicate_id_within_a_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "dup.yaml", [_raw_entry("handoff-delay-x"), _raw_entry("handoff-delay-x")])
    with pytest.raises(CatalogueError, match=r"entry 2 \(handoff-delay-x\): field 'id': duplicate id"):
        load_catalogue_file(path)


def test_duplicate_id_across_files_names_both(tmp_path: Path) -> None:
    first = _write(tmp_path / "a.yaml", [_raw_entry("handoff-delay-x")])
    _write(tmp_path / "b.yaml", [_raw_entry("handoff-delay-y"), _raw_entry("handoff-delay-x")])
    with pytest.raises(CatalogueError) as caught:
        load_catalogue(tmp_path)
    message = str(caught.value)
    assert "b.yaml: entry 2 (handoff-delay-x): field 'id': duplicate id" in message
    assert str(first) in message


def test_missing_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogueError, match="catalogue directory not found"):
        load_catalogue(tmp_path / "nope")
    with pytest.raises(CatalogueError, match="no catalogue files"):
        load_catalogue(tmp_path)


# --------------------------------------------------------------------------
# User files (`interviewer patterns add FILE`) and extra directories
# --------------------------------------------------------------------------


def test_validate_entry_file_accepts_new_entries(tmp_path: Path) -> None:
    path = _write(tmp_path / "mine.yaml", [_raw_entry("handoff-delay-my-company")])
    entries = validate_entry_file(path)
    assert [e.id for e in entries] == ["handoff-delay-my-company"]


def test_validate_entry_file_refuses_an_id_of_the_shipped_catalogue(
    tmp_path: Path, catalogue: list[AntiPattern]
) -> None:
    taken = catalogue[5].id
    path = _write(tmp_path / "mine.yaml", [_raw_entry(taken)])
    with pytest.raises(
        CatalogueError,
        match=rf"entry 1 \({taken}\): field 'id': duplicate id, already defined in the catalogue",
    ):
        validate_entry_file(path)
    # Against an explicit, empty catalogue the same file is fine.
    assert validate_entry_file(path, existing=[])[0].id == taken


def test_extra_files_are_appended_to_the_shipped_catalogue(
    tmp_path: Path, catalogue: list[AntiPattern]
) -> None:
    user_dir = tmp_path / "user"
    user_dir.mkdir()
    _write(user_dir / "mine.yaml", [_raw_entry("handoff-delay-my-company")])
    merged = load_catalogue(extra=[user_dir])
    assert len(merged) == len(catalogue) + 1
    assert merged[-1].id == "handoff-delay-my-company"
    _write(user_dir / "clash.yaml", [_raw_entry(catalogue[0].id)])
    with pytest.raises(CatalogueError, match=r"clash\.yaml: entry 1"):
        load_catalogue(extra=[user_dir])


# --------------------------------------------------------------------------
# Fingerprint (keys the vector index)
# --------------------------------------------------------------------------


def test_fingerprint_is_stable_and_order_independent(catalogue: list[AntiPattern]) -> None:
    fingerprint = catalogue_fingerprint(catalogue)
    assert re.fullmatch(r"[0-9a-f]{64}", fingerprint)
    assert catalogue_fingerprint(list(reversed(catalogue))) == fingerprint
    assert catalogue_fingerprint(load_catalogue()) == fingerprint


def test_fingerprint_changes_when_an_entry_changes(catalogue: list[AntiPattern]) -> None:
    fingerprint = catalogue_fingerprint(catalogue)
    changed = [entry.model_copy(deep=True) for entry in catalogue]
    changed[3].signals.de.append("das liegt dann wieder beim Kollegen")
    assert catalogue_fingerprint(changed) != fingerprint
    assert catalogue_fingerprint(catalogue[:-1]) != fingerprint
    # The original entries were not touched by the copy.
    assert catalogue_fingerprint(catalogue) == fingerprint


# --------------------------------------------------------------------------
# The retrieval benchmark's queries (eval/retrieval/queries.yaml)
# --------------------------------------------------------------------------


# Function words of both languages: sharing them says nothing about copying.
_FUNCTION_WORDS = frozenset(
    """about after also again before could does even every have just once only still that their them then
    there they this until what when where which while will with would aber alle auch dann dass doch eine
    einen einer einfach erst gibt haben immer kann kommt können lange mehr nach nicht nichts noch schon
    sein sind solange über wenn werden wird""".split()  # noqa: SIM905 - a word list reads better as text
)


def _words(text: str) -> set[str]:
    """Content-bearing words: four letters or more, no function words."""
    return set(re.findall(r"[a-zäöüß]{4,}", text.lower())) - _FUNCTION_WORDS


def _five_grams(text: str) -> set[tuple[str, ...]]:
    """Runs of five words that carry meaning ("at the end of the" does not)."""
    tokens = re.findall(r"[a-zäöüß']+", text.lower())
    grams = {tuple(tokens[i : i + 5]) for i in range(len(tokens) - 4)}
    return {gram for gram in grams if len(_words(" ".join(gram))) >= 2}


def test_benchmark_queries_are_labelled_and_balanced() -> None:
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    assert len(queries) >= 130
    assert len({q["id"] for q in queries}) == len(queries)
    for q in queries:
        assert set(q) == {"id", "lang", "query", "categories", "cross_lingual"}, q
        assert q["lang"] in ("en", "de"), q["id"]
        assert 1 <= len(q["categories"]) <= 2, q["id"]
        assert set(q["categories"]) <= set(CATEGORIES), q["id"]
        assert isinstance(q["cross_lingual"], bool), q["id"]
    per_category = Counter(c for q in queries for c in q["categories"])
    assert set(per_category) == set(CATEGORIES)
    assert min(per_category.values()) >= 8
    german = sum(q["lang"] == "de" for q in queries) / len(queries)
    assert 0.4 <= german <= 0.6
    cross = [q for q in queries if q["cross_lingual"]]
    assert 0.28 <= len(cross) / len(queries) <= 0.4
    assert abs(sum(q["lang"] == "de" for q in cross) - len(cross) / 2) <= len(cross) * 0.1
    assert {c for q in cross for c in q["categories"]} == set(CATEGORIES)


def test_benchmark_queries_paraphrase_rather_than_copy_the_signals(catalogue: list[AntiPattern]) -> None:
    queries = yaml.safe_load(QUERIES.read_text(encoding="utf-8"))
    signals = [s for entry in catalogue for s in entry.signals.en + entry.signals.de]
    for q in queries:
        words, grams = _words(q["query"]), _five_grams(q["query"])
        for signal in signals:
            assert not grams & _five_grams(signal), (q["id"], signal)
            shared = words & _words(signal)
            # A long stretch of a signal's words is a copy, not a paraphrase.
            assert len(shared) < max(3, 0.6 * len(_words(signal))), (q["id"], signal, shared)
