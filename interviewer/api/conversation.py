"""The live interview over storage: start, answer, finish, so that nothing
received is lost.

An answer is committed before the engine sees it. The engine then runs
outside any transaction; its reply (new state and next question) is stored
once. If the engine fails, or the process dies, the answer stays pending and
repeating the request runs the engine for it again; the conductor's `answer`
is pure and deterministic (offline), so a repeat gives the same reply, and
the reply stored first is the one everybody gets.
"""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from interviewer.api.problems import EngineUnavailableError
from interviewer.errors import InterviewerError
from interviewer.models import AnalysisResult, Process
from interviewer.storage.records import AcceptedAnswer, ConflictError, InterviewInfo, SnapshotInfo

if TYPE_CHECKING:
    from interviewer.storage import Repository

log = logging.getLogger("interviewer.api")
T = TypeVar("T")


class QuestionLike(Protocol):
    text: str
    done: bool

    def model_dump_json(self) -> str: ...


class StateLike(Protocol):
    language: Any
    process: Process

    def model_dump_json(self) -> str: ...


class ConductorLike(Protocol):
    """The part of interviewer.interview.Conductor the API uses."""

    def start(
        self,
        *,
        process_name: str,
        language: Any = None,
        interviewee_role: str | None = None,
        interview_id: str | None = None,
        consent: bool = True,
    ) -> tuple[Any, Any]: ...

    def answer(self, state: Any, text: str) -> tuple[Any, Any]: ...

    def finish(self, state: Any) -> AnalysisResult: ...


@dataclass(frozen=True)
class Reply:
    """The interviewer's reply to one answer, as stored."""

    interview_id: str
    answer: AcceptedAnswer
    snapshot: SnapshotInfo
    state: Any


class _StateCache:
    """Parsed states by (interview, turn): the next answer of a live interview
    then starts from memory instead of parsing its stored JSON again. States
    are immutable to the conductor, so sharing them is safe."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, int]) -> Any | None:
        with self._lock:
            value = self._items.get(key)
            if value is not None:
                self._items.move_to_end(key)
            return value

    def put(self, key: tuple[str, int], value: Any) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class Conversation:
    def __init__(self, repository: Repository, conductor: ConductorLike, state_type: Any) -> None:
        self.repository = repository
        self.conductor = conductor
        self.state_type = state_type  # the pydantic model stored states are read back into
        self._states = _StateCache()

    # -- reading states -----------------------------------------------------------

    def state_of(self, snapshot: SnapshotInfo) -> Any:
        key = (snapshot.interview_id, snapshot.turn_number)
        state = self._states.get(key)
        if state is None:
            state = self.state_type.model_validate_json(snapshot.state_json)
            self._states.put(key, state)
        return state

    @staticmethod
    def question_of(snapshot: SnapshotInfo) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(snapshot.question_json)
        return data

    # -- the three use cases ------------------------------------------------------

    def start(
        self,
        *,
        workspace_id: str,
        key_id: str | None,
        process_name: str,
        interviewee_role: str | None,
        language: str | None,
        consent: bool,
    ) -> tuple[InterviewInfo, str, SnapshotInfo]:
        interview_id = str(uuid.uuid4())
        state, question = self._engine(
            "start the interview",
            lambda: self.conductor.start(
                process_name=process_name,
                language=language,
                interviewee_role=interviewee_role,
                interview_id=interview_id,
                consent=consent,
            ),
        )
        state_json, question_json = state.model_dump_json(), question.model_dump_json()
        info, token = self.repository.interviews.create(
            interview_id=interview_id,
            workspace_id=workspace_id,
            created_by_key_id=key_id,
            process_name=process_name,
            interviewee_role=interviewee_role,
            language=str(state.language) if getattr(state, "language", None) else language,
            consent=consent,
            state_json=state_json,
            question_json=question_json,
            question_text=question.text,
            status="closed" if question.done else "active",
        )
        self._states.put((interview_id, 1), state)
        return info, token, SnapshotInfo(interview_id, 1, state_json, question_json)

    def accept(self, interview_id: str, text: str, idempotency_key: str | None) -> AcceptedAnswer:
        """Step 1: the answer is stored (or found, for a repeated request)."""
        return self.repository.interviews.accept_answer(interview_id, text, idempotency_key)

    def reply(self, interview_id: str, accepted: AcceptedAnswer) -> Reply:
        """Steps 2 and 3: the engine's reply to a stored answer, stored once."""
        if accepted.snapshot is not None:
            return Reply(interview_id, accepted, accepted.snapshot, self.state_of(accepted.snapshot))
        number = accepted.turn.number
        state = self._states.get((interview_id, number - 1))
        if state is None:
            before = self.repository.interviews.snapshot_at(interview_id, number - 1)
            if before is None:
                raise ConflictError(f"interview {interview_id} has no state before turn {number}")
            state = self.state_of(before)
        new_state, question = self._engine(
            f"process the answer in turn {number}",
            lambda: self.conductor.answer(state, accepted.turn.text),
            saved="your answer is saved",
        )
        state_json = new_state.model_dump_json()
        snapshot = self.repository.interviews.complete_answer(
            interview_id,
            number,
            state_json=state_json,
            question_json=question.model_dump_json(),
            question_text=question.text,
            done=bool(question.done),
            language=str(new_state.language) if getattr(new_state, "language", None) else None,
        )
        if snapshot.state_json == state_json:  # ours, not a concurrent request's
            self._states.put((interview_id, snapshot.turn_number), new_state)
            return Reply(interview_id, accepted, snapshot, new_state)
        return Reply(interview_id, accepted, snapshot, self.state_of(snapshot))

    def complete_pending(self, interview_id: str) -> None:
        """Run the engine for an answer left pending (before finishing)."""
        pending = self.repository.interviews.pending_answer(interview_id)
        if pending is not None:
            self.reply(interview_id, AcceptedAnswer(pending, False, None))

    def finish(self, interview_id: str) -> str:
        """The analysis of the interview as JSON, computed and stored once."""
        stored = self.repository.interviews.result(interview_id)
        if stored is not None:
            return stored
        self.complete_pending(interview_id)
        state = self.state_of(self.repository.interviews.latest_snapshot(interview_id))
        if getattr(state, "consent", True) is False:
            raise ConflictError(
                f"interview {interview_id} is not analysed: the interviewee did not consent to the interview"
            )
        result = self._engine(
            "analyse the interview", lambda: self.conductor.finish(state), saved="the interview is saved"
        )
        return self.repository.interviews.save_result(interview_id, result.model_dump_json())

    @staticmethod
    def _engine(what: str, call: Callable[[], T], *, saved: str = "nothing was stored") -> T:
        try:
            return call()
        except InterviewerError as error:
            if error.http_status < 500:  # the request was wrong, not the engine
                raise
            failure: Exception = error
        except Exception as error:
            failure = error
        log.warning("the interview engine failed to %s", what, exc_info=failure)
        raise EngineUnavailableError(
            f"the interviewer could not {what} ({type(failure).__name__}); {saved}: "
            "repeat the same request to try again"
        ) from failure
