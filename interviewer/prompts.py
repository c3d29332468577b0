"""Prompt templates: files under prompts/<purpose>/<message>.<language>.md.

Prompts are data, reviewed like code: one file per message and language,
placeholders written `{{ name }}`. Rendering is strict in both directions:
a placeholder without a value is an error, and so is a value the template
does not use (it usually means the template and the code drifted apart).
Each template's sha256 is returned with the rendered text so that every
result can say exactly which prompt produced it.

The files live in the repository's top-level prompts/ directory; a wheel
carries them as interviewer/_prompts (pyproject: force-include). Both are
searched, the packaged copy first.
"""

from __future__ import annotations

import functools
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from interviewer.errors import ConfigurationError

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_PACKAGE = Path(__file__).resolve().parent


class PromptError(ConfigurationError):
    """A prompt template is missing, or its variables do not match the values given."""


def prompt_directories() -> list[Path]:
    """Where templates are looked up, in order: the packaged copy, then the repository's."""
    return [path for path in (_PACKAGE / "_prompts", _PACKAGE.parent / "prompts") if path.is_dir()]


@dataclass(frozen=True)
class PromptTemplate:
    name: str  # "extract/system.en"
    text: str
    sha256: str
    variables: frozenset[str]
    path: Path

    def render(self, values: dict[str, str]) -> RenderedPrompt:
        missing = sorted(self.variables - values.keys())
        unused = sorted(values.keys() - self.variables)
        if missing or unused:
            parts = []
            if missing:
                parts.append(f"no value for {', '.join(missing)}")
            if unused:
                parts.append(f"value(s) not used by the template: {', '.join(unused)}")
            raise PromptError(f"prompt {self.name} ({self.path}): {'; '.join(parts)}")
        for key, value in values.items():
            if not isinstance(value, str):
                raise PromptError(
                    f"prompt {self.name}: value for {key} must be text, got {type(value).__name__}"
                )
        # One pass over the template: placeholders inside the values (a
        # transcript may contain "{{ x }}") are never expanded.
        text = _PLACEHOLDER.sub(lambda match: values[match.group(1)], self.text)
        return RenderedPrompt(name=self.name, text=text, template_sha256=self.sha256)


@dataclass(frozen=True)
class RenderedPrompt:
    name: str
    text: str
    template_sha256: str


def template_name(purpose: str, message: str, language: str) -> str:
    return f"{purpose}/{message}.{language}"


@functools.cache
def load_template(purpose: str, message: str, language: str, directory: Path | None = None) -> PromptTemplate:
    """The template prompts/<purpose>/<message>.<language>.md (cached: prompts are read once)."""
    name = template_name(purpose, message, language)
    candidates = [directory] if directory is not None else prompt_directories()
    for base in candidates:
        path = base / purpose / f"{message}.{language}.md"
        if path.is_file():
            raw = path.read_bytes()
            text = raw.decode("utf-8")
            return PromptTemplate(
                name=name,
                text=text,
                sha256=hashlib.sha256(raw).hexdigest(),
                variables=frozenset(_PLACEHOLDER.findall(text)),
                path=path,
            )
    searched = ", ".join(str(base) for base in candidates) or "(no prompts directory found)"
    raise PromptError(f"prompt {name} not found; searched {searched}")


def render(
    purpose: str, message: str, language: str, values: dict[str, str], *, directory: Path | None = None
) -> RenderedPrompt:
    """Render prompts/<purpose>/<message>.<language>.md with exactly these values."""
    return load_template(purpose, message, language, directory).render(values)


def combined_hash(prompts: list[RenderedPrompt]) -> str:
    """One hash naming the set of templates used by a call (for LLMCall.prompt_hash)."""
    digest = hashlib.sha256()
    for prompt in prompts:
        digest.update(f"{prompt.name}={prompt.template_sha256}\n".encode())
    return digest.hexdigest()
