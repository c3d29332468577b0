"""An engine pointed at a non-loopback address fails fast in tests: nothing leaves the machine."""

from __future__ import annotations

import pytest

from interviewer.engines.llm import LLMEngine
from interviewer.errors import LLMError
from interviewer.models import EngineInfo
from interviewer.settings import Settings
from tests.llm.conftest import RecordingSleep
from tests.llm.samples import ENGLISH


def test_a_remote_endpoint_is_refused_by_the_guard_and_reported_as_llm_error(sleep: RecordingSleep) -> None:
    # 203.0.113.0/24 is TEST-NET-3: never routed. An IP, so no DNS lookup happens either.
    settings = Settings(engine="llm", llm_base_url="http://203.0.113.7:8080/v1", llm_max_retries=1)
    with LLMEngine.from_settings(settings, fallback=None, sleep=sleep) as engine:
        assert engine.options.pseudonymise  # a remote host: personal data would have been replaced
        with pytest.raises(LLMError, match="connection failed") as raised:
            engine.extract(ENGLISH, "en", EngineInfo(name="llm"))
    assert "tests stay on loopback" in str(raised.value)
    assert len(sleep.delays) == 1  # one retry, no real waiting


def test_the_engine_needs_an_endpoint() -> None:
    from interviewer.errors import ConfigurationError

    with pytest.raises(ConfigurationError, match="INTERVIEWER_LLM_BASE_URL"):
        LLMEngine.from_settings(Settings(engine="llm"))
