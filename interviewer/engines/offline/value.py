"""Value class of a step: customer, business, waste or unknown (lexicon cues).

Waste wins over business and business over customer: "we type the approval
into SAP again" is re-entry first of all, whatever it carries. A phrase in the
step's own words decides before the verb alone does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from interviewer.engines.offline.lexicon import load_lexicon
from interviewer.engines.offline.text import word_regex
from interviewer.models import Language, ValueClass


@dataclass(frozen=True)
class _ValueCues:
    waste: re.Pattern[str]
    business: re.Pattern[str]
    customer: re.Pattern[str]
    waste_verbs: frozenset[str]
    business_verbs: frozenset[str]
    customer_verbs: frozenset[str]


@cache
def _cues(language: Language) -> _ValueCues:
    data = load_lexicon(language).value
    prefix = language == "de"  # German cues are word starts: "abtipp" matches "abtippen", "abgetippt" not
    return _ValueCues(
        waste=word_regex(data["waste_phrases"], prefix=prefix),
        business=word_regex(data["business_phrases"], prefix=prefix),
        customer=word_regex(data["customer_phrases"], prefix=prefix),
        waste_verbs=frozenset(data["waste_verbs"]),
        business_verbs=frozenset(data["business_verbs"]),
        customer_verbs=frozenset(data["customer_verbs"]),
    )


def value_class(clause: str, lemma: str, language: Language) -> ValueClass:
    """Classify a step from the words it was said in and its verb."""
    cues = _cues(language)
    low = clause.lower()
    if cues.waste.search(low) or lemma in cues.waste_verbs:
        return "waste"
    if cues.business.search(low):
        return "business"
    if cues.customer.search(low):
        return "customer"
    if lemma in cues.business_verbs:
        return "business"
    if lemma in cues.customer_verbs:
        return "customer"
    return "unknown"
