"""The LLM engine (see engine.py). Importing this package is cheap: langchain
and openai are imported only when the engine builds its client.
"""

from interviewer.engines.llm.cost import summarise_usage
from interviewer.engines.llm.engine import EngineOptions, LLMEngine

__all__ = ["EngineOptions", "LLMEngine", "summarise_usage"]
