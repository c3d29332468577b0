"""Verb inflection for the offline engine's lexicons.

The lexicon files list base forms; this module derives the forms people say
("checks", "checked", "checking"; "prüft", "geprüft", "legt ... an",
"angelegt", "anzulegen") so that a clause can be mapped back to its lemma with
one dictionary look-up. Built once per language and cached by the loader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

_VOWELS = set("aeiouäöü")


@dataclass
class VerbTable:
    """Every known form of every known verb of one language."""

    # form -> lemma; for German separable verbs the joined forms ("anlegt")
    # map to the compound ("anlegen") and the split finite forms ("legt") to
    # the base ("legen"), which `separable` then joins with the particle.
    forms: dict[str, str] = field(default_factory=dict)
    participles: set[str] = field(default_factory=set)
    infinitives: set[str] = field(default_factory=set)
    gerunds: set[str] = field(default_factory=set)  # English -ing forms
    separable: dict[str, set[str]] = field(default_factory=dict)  # base -> prefixes
    zu_infinitives: dict[str, str] = field(default_factory=dict)  # "anzulegen" -> "anlegen"

    def add(self, form: str, lemma: str) -> None:
        # The first lemma wins: base verbs are added before compounds, so an
        # ambiguous form keeps its most common reading.
        self.forms.setdefault(form, lemma)


# --------------------------------------------------------------------------
# English
# --------------------------------------------------------------------------


def _en_third_person(base: str) -> str:
    if base.endswith(("s", "x", "z", "ch", "sh", "o")):
        return base + "es"
    if base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        return base[:-1] + "ies"
    return base + "s"


def _en_past(base: str, doubles: bool) -> list[str]:
    if doubles:
        return [base + base[-1] + "ed", base + "ed"]  # "labelled" and "labeled"
    if base.endswith("e"):
        return [base + "d"]
    if base.endswith("y") and len(base) > 1 and base[-2] not in _VOWELS:
        return [base[:-1] + "ied"]
    return [base + "ed"]


def _en_gerund(base: str, doubles: bool) -> list[str]:
    if doubles:
        return [base + base[-1] + "ing", base + "ing"]
    if base.endswith("ie"):
        return [base[:-2] + "ying"]
    if base.endswith("e") and not base.endswith(("ee", "ye", "oe")) and len(base) > 2:
        return [base[:-1] + "ing"]
    return [base + "ing"]


def build_english(data: dict[str, Any]) -> VerbTable:
    table = VerbTable()
    doubling = set(data.get("doubling", []))
    irregular: dict[str, list[str]] = data.get("irregular", {})
    bases: list[str] = []
    for key in ("process", "non_step", "non_step_with_object", "noun_verbs"):
        bases.extend(data.get(key, []))
    bases.extend(irregular)
    for base in dict.fromkeys(bases):
        table.add(base, base)
        table.infinitives.add(base)
        if base in irregular:
            for form in irregular[base]:
                table.add(form, base)
                if form.endswith("ing"):
                    table.gerunds.add(form)
                elif not form.endswith("s") or form in ("was", "has", "does", "is"):
                    table.participles.add(form)
            # irregular lists give -s and -ing only where they are irregular
            table.add(_en_third_person(base), base)
            for form in _en_gerund(base, base in doubling):
                table.add(form, base)
                table.gerunds.add(form)
            continue
        doubles = base in doubling
        table.add(_en_third_person(base), base)
        for form in _en_past(base, doubles):
            table.add(form, base)
            table.participles.add(form)
        for form in _en_gerund(base, doubles):
            table.add(form, base)
            table.gerunds.add(form)
    return table


# --------------------------------------------------------------------------
# German
# --------------------------------------------------------------------------


def _needs_e(stem: str) -> bool:
    """arbeit-e-t, meld-e-t, öffn-e-t, rechn-e-t: an -e- before -t/-st."""
    if stem.endswith(("t", "d")):
        return True
    if stem.endswith(("chn", "chm")):
        return True  # rechn-e-t, zeichn-e-t (but wohn-t, lehn-t: a plain "h" lengthens the vowel)
    return len(stem) >= 2 and stem[-1] in "mn" and stem[-2] not in _VOWELS | set("lrmnh")


def _is_inseparable(verb: str, prefixes: tuple[str, ...]) -> bool:
    return any(verb.startswith(prefix) and len(verb) > len(prefix) + 3 for prefix in prefixes)


def _de_weak_forms(verb: str, inseparable: tuple[str, ...]) -> tuple[list[str], str]:
    """Finite forms and the participle of a weak verb without separable prefix."""
    if verb.endswith(("eln", "ern")):
        stem = verb[:-1]
        finite = [
            stem + "e",
            verb[:-2] + "le" if verb.endswith("eln") else stem + "e",
            stem + "st",
            stem + "t",
        ]
        finite += [stem + "te", stem + "test", stem + "ten", stem + "tet"]
        past_stem = stem + "t"
    else:
        stem = verb[:-2] if verb.endswith("en") else verb[:-1]
        e = "e" if _needs_e(stem) else ""
        finite = [stem + "e", stem + e + "st", stem + e + "t", stem + e + "te", stem + e + "test"]
        finite += [stem + e + "ten", stem + e + "tet"]
        past_stem = stem + e + "t"
    no_ge = verb.endswith("ieren") or _is_inseparable(verb, inseparable)
    participle = past_stem if no_ge else "ge" + past_stem
    return finite, participle


def _add_german(
    table: VerbTable, prefix: str, base: str, finite: list[str], participle: str, sep_prefixes: set[str]
) -> None:
    """Register one verb (base with optional separable prefix)."""
    lemma = prefix + base
    table.infinitives.add(lemma)
    table.add(lemma, lemma)
    table.participles.add(prefix + participle)
    table.add(prefix + participle, lemma)
    if prefix:
        table.separable.setdefault(base, set()).add(prefix)
        table.zu_infinitives[prefix + "zu" + base] = lemma
        for form in finite:
            table.add(prefix + form, lemma)  # subordinate clause: "..., wenn wir es anlegen"
    # the split main-clause forms belong to the base verb
    table.add(base, base)
    for form in finite:
        table.add(form, base)


def _strong_participles(base: str, forms: list[str]) -> list[str]:
    """The participles among a strong verb's forms: ge- forms that are not
    present tense ("geht", "gebe" start with the present stem, "gegangen" does not)."""
    present_stem = base[:-2] if base.endswith("en") else base[:-1]
    return [
        form
        for form in forms
        if form.startswith("ge")
        and form.endswith(("en", "t"))
        and form != base
        and not form.startswith(present_stem)
    ]


def build_german(data: dict[str, Any]) -> VerbTable:
    table = VerbTable()
    inseparable = tuple(data.get("inseparable_prefixes", []))
    sep_prefixes = set(data.get("separable_prefixes", []))
    strong: dict[str, list[str]] = {k: v for k, v in data.get("strong", {}).items() if v}
    # strong bases first: their forms are the most frequent readings
    for base, forms in strong.items():
        participles = _strong_participles(base, forms)
        finite = [f for f in forms if f not in participles]
        participle = participles[0] if participles else base
        _add_german(table, "", base, finite, participle, sep_prefixes)
        for other in participles[1:]:
            table.participles.add(other)
            table.add(other, base)
    for entry in data.get("strong_compounds", []):
        prefix, _, rest = entry.rpartition("|")
        if prefix:
            base = rest
            base_forms = strong.get(base)
            if base_forms is None:
                continue
            participle = next(iter(_strong_participles(base, base_forms)), base)
            finite = [f for f in base_forms if f != participle]
            _add_german(table, prefix, base, finite, participle, sep_prefixes)
            continue
        # inseparable compound: vergeben, unterschreiben, bekommen
        for base, forms in strong.items():
            head = entry[: -len(base)]
            if entry.endswith(base) and head and head in inseparable:
                participle = next(iter(_strong_participles(base, forms)), base)
                finite = [head + f for f in forms if f != participle]
                compound_participle = head + (participle[2:] if participle.startswith("ge") else participle)
                _add_german(table, "", entry, finite, compound_participle, sep_prefixes)
                break
    for entry in [*data.get("weak", []), *data.get("weak_extra", [])]:
        prefix, _, base = entry.rpartition("|")
        finite, participle = _de_weak_forms(base, inseparable)
        _add_german(table, prefix, base, finite, participle, sep_prefixes)
    for form in data.get("not_verb_forms", []):
        table.forms.pop(form, None)
    return table


def join_lemma(entry: str) -> str:
    """'an|legen' -> 'anlegen'."""
    return entry.replace("|", "")
