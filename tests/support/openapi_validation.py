"""Checks request bodies against the OpenAI API description.

The description (../shared/vendor/openai-openapi/openapi.yaml) is OpenAPI
3.1 but still marks optional values with the 3.0 keyword `nullable`, which
JSON Schema ignores; we rewrite it to `anyOf [..., null]` so that a null the
API allows is not reported as an error.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

OPENAPI_PATH = (
    Path(__file__).resolve().parents[2].parent / "shared" / "vendor" / "openai-openapi" / "openapi.yaml"
)
_BASE_URI = "urn:openai-openapi"


def _allow_nulls(node: Any) -> Any:
    if isinstance(node, list):
        return [_allow_nulls(item) for item in node]
    if not isinstance(node, dict):
        return node
    converted = {key: _allow_nulls(value) for key, value in node.items()}
    if converted.pop("nullable", False) is True:
        return {"anyOf": [converted, {"type": "null"}]}
    return converted


class RequestValidator:
    """Validates bodies against components/schemas/<name> of the description."""

    def __init__(self, spec: dict[str, Any]) -> None:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        resource = Resource.from_contents(_allow_nulls(spec), default_specification=DRAFT202012)
        self._registry = Registry().with_resource(_BASE_URI, resource)
        self._validators: dict[str, Draft202012Validator] = {}
        self._validator_class = Draft202012Validator

    def errors(self, schema_name: str, body: object) -> list[str]:
        validator = self._validators.get(schema_name)
        if validator is None:
            schema = {"$ref": f"{_BASE_URI}#/components/schemas/{schema_name}"}
            validator = self._validator_class(schema, registry=self._registry)
            self._validators[schema_name] = validator
        return [
            f"{schema_name}: {'/'.join(map(str, error.absolute_path)) or '<root>'}: {error.message[:300]}"
            for error in validator.iter_errors(body)
        ]


@functools.cache
def load_validator() -> RequestValidator | None:
    """The validator, or None when ../shared is not there (the caller says so loudly)."""
    if not OPENAPI_PATH.is_file():
        return None
    import yaml

    with OPENAPI_PATH.open(encoding="utf-8") as handle:
        spec = yaml.load(handle, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return RequestValidator(spec)
