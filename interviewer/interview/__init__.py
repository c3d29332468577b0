"""The live interview: state, coverage of the process, next question, read-back.

    from interviewer.interview import Conductor
    conductor = Conductor.from_settings(settings)
    state, question = conductor.start(process_name="Waste bin delivery", language="en")
    state, question = conductor.answer(state, "I work in customer service.")
    ...
    result = conductor.finish(state)

InterviewState is plain JSON (model_dump_json / model_validate_json): store
it after every answer and resume at any turn.
"""

from interviewer.interview.conductor import Conductor
from interviewer.interview.readback import readback_text, summary_text
from interviewer.interview.state import AskedQuestion, InterviewState, Question, StepKnowledge

__all__ = [
    "AskedQuestion",
    "Conductor",
    "InterviewState",
    "Question",
    "StepKnowledge",
    "readback_text",
    "summary_text",
]
