"""The memo of clause readings: reading a transcript again gives the same
process as a fresh extractor, and handed-out readings are private copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewer.engines.offline.actors import finder_for
from interviewer.engines.offline.clause_en import EnglishClauseParser
from interviewer.engines.offline.clause_memo import ClauseMemo
from interviewer.engines.offline.extractor import OfflineExtractor
from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.engines.offline.sentences import split_sentences
from interviewer.models import Language
from interviewer.transcripts import read_text

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "language"),
    [("invoice_en.txt", "en"), ("access_en.txt", "en"), ("kfz_de.txt", "de"), ("broadband_de.txt", "de")],
)
def test_extracting_again_gives_the_same_process(name: str, language: Language) -> None:
    transcript = read_text((FIXTURES / name).read_text(encoding="utf-8"), case_id=Path(name).stem)
    extractor = OfflineExtractor(language)
    first = extractor.extract(transcript)
    again = extractor.extract(transcript)  # every sentence now comes from the memo
    fresh = OfflineExtractor(language).extract(transcript)
    assert first.model_dump() == again.model_dump() == fresh.model_dump()
    assert first.steps, "the fixture describes a process"


def _memo(table: dict[str, str]) -> ClauseMemo:
    lexicon = load_lexicon("en")
    parser = EnglishClauseParser(lexicon)
    return ClauseMemo("en", finder_for("en"), parser.has_verb, parser.parse, table)


def test_readings_are_copies_that_callers_may_change() -> None:
    memo = _memo(dict(load_lexicon("en").verbs.table.forms))
    sentence = split_sentences("Then we check the order and send it to the warehouse.")[0]
    first = memo.readings(sentence, "Sales")
    first[0].parse.object.clear()
    first[0].parse.markers.add("changed")
    first[0].clause.tokens.clear()
    second = memo.readings(sentence, "Sales")
    assert second[0].parse.object and "changed" not in second[0].parse.markers
    assert second[0].clause.tokens
    assert [r.parse.lemma for r in second] == ["check", "send"]


def test_a_grown_verb_table_is_read_anew() -> None:
    table = dict(load_lexicon("en").verbs.table.forms)
    memo = _memo(table)
    sentence = split_sentences("We check the order.")[0]
    memo.readings(sentence, None)
    memo.readings(sentence, None)
    assert len(memo._kept) == 1
    table["sents"] = "send"  # what the parser learns from a misspelling
    memo.readings(sentence, None)
    assert len(memo._kept) == 2
