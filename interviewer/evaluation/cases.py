"""Evaluation cases: one YAML file per case (../shared/spec/eval-cases.md).

A case is a transcript plus what a careful analyst would extract from it.
Loading validates every file strictly, so that a typo in a hand-written case
("actors:" for "actor:", a handoff pointing past the last step) fails loudly
with the file and the field instead of silently scoring zero.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from interviewer.errors import InputError
from interviewer.models import Category, Language

DEFAULT_CASES_DIR = Path("eval/cases")


class CaseError(InputError):
    """A broken evaluation case file. Names the file and the field."""

    def __init__(self, message: str, *, path: str | None = None, field: str | None = None) -> None:
        self.path = path
        self.field = field
        where = f"{path}: " if path else ""
        what = f"field '{field}': " if field else ""
        super().__init__(f"{where}{what}{message}")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ExpectedStep(_Strict):
    action: str = Field(min_length=1, description="Short verb phrase.")
    actor: str | None = Field(default=None, description="Role or unit that does the step.")
    aliases: list[str] = Field(default_factory=list, description="Other phrasings of the same step.")
    system: str | None = None
    wait_hours: float | None = Field(default=None, ge=0)
    duration_hours: float | None = Field(default=None, ge=0)

    @property
    def phrases(self) -> list[str]:
        """The action and its aliases: every phrasing that counts as this step."""
        return [self.action, *self.aliases]


class Expected(_Strict):
    steps: list[ExpectedStep] = Field(min_length=1)
    handoffs: list[tuple[int, int]] = Field(default_factory=list, description="1-based step index pairs.")
    anti_patterns: list[Category] = Field(default_factory=list)
    lead_time_hours: float | None = Field(default=None, gt=0)

    def handoff_problems(self) -> list[tuple[int, str]]:
        """(1-based handoff position, problem) for handoffs that point nowhere."""
        count = len(self.steps)
        problems = []
        for position, (source, target) in enumerate(self.handoffs, start=1):
            if not (1 <= source <= count and 1 <= target <= count):
                problems.append((position, f"[{source}, {target}] points outside steps 1..{count}"))
            elif source == target:
                problems.append((position, f"[{source}, {target}] hands a step to itself"))
        return problems


class EvalCase(_Strict):
    id: str = Field(min_length=1, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    language: Language
    title: str = ""
    transcript: str = Field(min_length=1)
    expected: Expected

    @field_validator("transcript")
    @classmethod
    def _has_turns(cls, value: str) -> str:
        if ":" not in value:
            raise ValueError('no "Speaker: text" lines')
        return value

    @property
    def transcript_text(self) -> str:
        return self.transcript


def _field_path(location: Sequence[int | str]) -> str:
    """pydantic's loc tuple as the path a person finds in the YAML, positions
    1-based like the handoff indices the case author writes: expected.steps[3].actor.
    """
    text = ""
    for item in location:
        if isinstance(item, int):
            text += f"[{item + 1}]"
        else:
            text += f".{item}" if text else item
    return text


def parse_case(data: Any, *, path: Path | str) -> EvalCase:
    """Validate loaded YAML as a case. Step and handoff positions in errors are 1-based."""
    if not isinstance(data, dict):
        raise CaseError(
            "a case file must be a mapping with id, language, transcript, expected", path=str(path)
        )
    try:
        case = EvalCase.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        field = _field_path(first["loc"]) or None
        more = f" (and {error.error_count() - 1} more problems)" if error.error_count() > 1 else ""
        raise CaseError(f"{first['msg']}{more}", path=str(path), field=field) from error
    for position, problem in case.expected.handoff_problems():
        raise CaseError(problem, path=str(path), field=f"expected.handoffs[{position}]")
    stem = Path(path).stem
    if isinstance(path, Path) and case.id != stem:
        raise CaseError(f"id '{case.id}' differs from the file name '{stem}'", path=str(path), field="id")
    return case


def load_case(path: Path) -> EvalCase:
    import yaml

    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise CaseError(f"cannot read: {error.strerror}", path=str(path)) from error
    except UnicodeDecodeError as error:
        raise CaseError("not UTF-8 text", path=str(path)) from error
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise CaseError(
            f"not valid YAML{line}: {getattr(error, 'problem', error)}", path=str(path)
        ) from error
    return parse_case(data, path=path)


def case_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise CaseError("no such folder of evaluation cases", path=str(directory))
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_cases(directory: Path, ids: Iterable[str] | None = None) -> list[EvalCase]:
    """All cases of a folder, sorted by file name; `ids` selects some of them."""
    cases = [load_case(path) for path in case_files(directory)]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CaseError(f"duplicate case id '{case.id}'", path=str(directory), field="id")
        seen.add(case.id)
    if ids is not None:
        wanted = list(ids)
        unknown = [i for i in wanted if i not in seen]
        if unknown:
            raise CaseError(f"no case with id {', '.join(unknown)}", path=str(directory))
        cases = [case for case in cases if case.id in wanted]
    if not cases:
        raise CaseError("no *.yaml evaluation cases found", path=str(directory))
    return cases
