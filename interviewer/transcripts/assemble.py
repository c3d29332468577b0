"""From the raw turns a format parser found to the contract's Turn list:
roles split from "Name (Role)", a speaker's role carried to the turns that
omit it, cues of one speaker joined, interviewer turns marked, numbering.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from interviewer.errors import TranscriptError
from interviewer.models import Turn
from interviewer.transcripts.labels import is_interviewer_label, split_role

# The person asking the questions, when no label says so: at least half of
# their turns ask something, clearly more often than anybody else.
_MIN_QUESTION_SHARE = 0.5
_MIN_QUESTION_MARGIN = 0.25


@dataclass
class RawTurn:
    speaker: str
    text: str
    line: int
    role: str | None = None
    start: float | None = None
    end: float | None = None
    is_interviewer: bool | None = None  # when the file says so explicitly (JSON)


def build_turns(raw: list[RawTurn], *, merge_consecutive: bool, path: str) -> list[Turn]:
    """Turn raw turns into numbered Turns. Raises TranscriptError when none carry text."""
    turns = [_with_role(r) for r in raw]
    turns = [t for t in _carry_roles(turns) if t.text]
    if merge_consecutive:
        turns = _merge_same_speaker(turns)
    if not turns:
        raise TranscriptError("no turns found: the transcript has no speaker with any text", path=path)
    interviewers = _interviewers(turns)
    return [
        Turn(
            number=index,
            speaker=t.speaker,
            role=t.role,
            text=t.text,
            start_seconds=t.start,
            end_seconds=t.end if t.end is None or t.start is None or t.end >= t.start else None,
            is_interviewer=t.is_interviewer if t.is_interviewer is not None else t.speaker in interviewers,
        )
        for index, t in enumerate(turns, start=1)
    ]


def _with_role(turn: RawTurn) -> RawTurn:
    speaker, role = split_role(turn.speaker)
    return RawTurn(
        speaker=speaker or "Unknown",
        text=" ".join(turn.text.split()),
        line=turn.line,
        role=turn.role.strip() if turn.role and turn.role.strip() else role,
        start=turn.start,
        end=turn.end,
        is_interviewer=turn.is_interviewer,
    )


def _carry_roles(turns: list[RawTurn]) -> list[RawTurn]:
    """ "Petra (Vertrieb):" once, then "Petra:" - the later turns are Vertrieb too."""
    known: dict[str, str] = {}
    for turn in turns:
        if turn.role and turn.speaker not in known:
            known[turn.speaker] = turn.role
    for turn in turns:
        if not turn.role and turn.speaker in known:
            turn.role = known[turn.speaker]
    return turns


def _merge_same_speaker(turns: list[RawTurn]) -> list[RawTurn]:
    merged: list[RawTurn] = []
    for turn in turns:
        last = merged[-1] if merged else None
        if last is not None and last.speaker == turn.speaker and last.role == turn.role:
            last.text = f"{last.text} {turn.text}"
            last.end = turn.end if turn.end is not None else last.end
            if last.start is None:
                last.start = turn.start
        else:
            merged.append(RawTurn(**vars(turn)))
    return merged


def _interviewers(turns: list[RawTurn]) -> set[str]:
    labelled = {t.speaker for t in turns if is_interviewer_label(t.speaker) or is_interviewer_label(t.role)}
    if labelled or any(t.is_interviewer for t in turns):
        return labelled
    asked: dict[str, list[bool]] = defaultdict(list)
    for turn in turns:
        asked[turn.speaker].append("?" in turn.text)
    if len(asked) < 2:
        return set()
    shares = {speaker: sum(flags) / len(flags) for speaker, flags in asked.items()}
    ranked = sorted(shares.items(), key=lambda item: item[1], reverse=True)
    (top, top_share), (_, second_share) = ranked[0], ranked[1]
    if top_share >= _MIN_QUESTION_SHARE and top_share - second_share >= _MIN_QUESTION_MARGIN:
        return {top}
    return set()
