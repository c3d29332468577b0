"""What the rule mixins of OfflineExtractor (StepRules, ActorRules) read from
it: declared once here for the type checker; OfflineExtractor sets them."""

from __future__ import annotations

import re

from interviewer.engines.offline import conversation
from interviewer.engines.offline.actors import ActorFinder
from interviewer.engines.offline.lexicon import Lexicon
from interviewer.models import Language


class RuleContext:
    lang: Language
    lex: Lexicon
    finder: ActorFinder
    handoff_verbs: frozenset[str]
    receive_verbs: frozenset[str]
    handoff_preps: frozenset[str]
    transfer_verbs: frozenset[str]
    non_step: frozenset[str]
    non_step_with_object: frozenset[str]
    contact_verbs: frozenset[str]
    status_cues: re.Pattern[str]
    speaker_names: dict[str, conversation.SpeakerInfo]
