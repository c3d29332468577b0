"""From a gap to the words the interviewer says (templates, no LLM).

Used by the offline engine for every question, and by the LLM engine for
the parts of the conversation it does not phrase (opening, read-back,
close) and whenever its own phrasing is unusable.
"""

from __future__ import annotations

from dataclasses import dataclass

from interviewer.interview.coverage import Gap
from interviewer.interview.questions import choose, fill, hours_in_words, normalised, quoted, templates
from interviewer.interview.state import InterviewState
from interviewer.models import Language


@dataclass(frozen=True)
class Phrasing:
    text: str
    template_id: str


def _values(state: InterviewState, gap: Gap, language: Language) -> dict[str, str]:
    values = {"process": state.process_name}
    if gap.label or gap.step_action:
        values["step"] = quoted(gap.label or gap.step_action or "", language)
    if "lead" in gap.values:
        values["lead"] = hours_in_words(gap.values["lead"], language)
    if "known" in gap.values:
        values["known"] = hours_in_words(gap.values["known"], language)
    return values


def phrase_gap(state: InterviewState, gap: Gap, language: Language | None = None) -> Phrasing:
    """The question for this gap, in a phrasing not used before in this interview."""
    lang = language or state.language
    options = templates(lang).questions[gap.kind]
    used_ids = [q.template_id for q in state.asked]
    used_texts = {normalised(q.text) for q in state.asked}
    chosen = choose(
        options,
        seed=state.id,
        kind=gap.kind,
        used_ids=used_ids,
        used_texts=used_texts,
        values=_values(state, gap, lang),
    )
    if chosen is None:
        # Every phrasing was said word for word before (the same step asked about
        # twice cannot happen; this is a guard): say it with the step's position.
        base = fill(options[0].text, _values(state, gap, lang), where=options[0].id)
        return Phrasing(f"{base} ({len(state.asked) + 1})", options[0].id)
    return Phrasing(chosen.text, chosen.id)


def opening_text(state: InterviewState, first: Gap) -> Phrasing:
    """Purpose, use of the answers, skip and stop, then the first question; in
    both languages while the person's language is not known yet."""
    languages: tuple[Language, ...] = (state.language,)
    if not state.language_confirmed:
        languages = (state.language, "de" if state.language == "en" else "en")
    parts = []
    template_id = ""
    for language in languages:
        t = templates(language)
        opening = fill(t.opening[0].text, {"process": state.process_name}, where=t.opening[0].id)
        if first.kind == "consent":
            question = Phrasing(t.consent[0].text, t.consent[0].id)
        else:
            question = phrase_gap(state, first, language)
        template_id = template_id or question.template_id
        parts.append(f"{opening}\n\n{question.text}")
    return Phrasing("\n\n".join(parts), template_id)


def ack(state: InterviewState, note: str) -> str:
    """A short acknowledgement before the next question ("No problem, ...")."""
    options = templates(state.language).acks.get(note) or [""]
    seen = sum(1 for q in state.asked if q.text.startswith(tuple(options)))
    return options[seen % len(options)]


def closing_text(state: InterviewState, *, declined: bool = False) -> Phrasing:
    t = templates(state.language)
    options = t.declined if declined else t.closing
    chosen = options[len(state.id) % len(options)]
    return Phrasing(chosen.text, chosen.id)
