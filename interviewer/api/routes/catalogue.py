"""/v1/patterns: search the anti-pattern catalogue."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request

from interviewer.api.auth import Analyst
from interviewer.api.context import get_context
from interviewer.api.problems import problem_responses
from interviewer.api.schemas import PatternMatch, PatternSearch
from interviewer.models import Category

router = APIRouter(prefix="/v1/patterns", tags=["catalogue"])


@router.get(
    "",
    response_model=PatternSearch,
    summary="Search the anti-pattern catalogue",
    responses=problem_responses(401, 403, 422, 429, 503),
)
def search_patterns(
    request: Request,
    caller: Analyst,
    q: Annotated[
        str | None,
        Query(
            max_length=1000,
            description="What someone said, e.g. 'who signs off on bills'. Empty: list entries.",
        ),
    ] = None,
    category: Annotated[Category | None, Query(description="Only entries of this taxonomy category.")] = None,
    lang: Annotated[
        Literal["en", "de"] | None, Query(description="Search (and title) in this language.")
    ] = None,
    k: Annotated[int, Query(ge=1, le=50, description="Number of entries.")] = 5,
) -> PatternSearch:
    store = get_context(request).vector_store()
    title_lang = lang or "en"
    if not q or not q.strip():
        entries = sorted(store.entries.values(), key=lambda e: (e.category, e.id))
        listed = [e for e in entries if category is None or e.category == category][:k]
        return PatternSearch(
            query=None,
            results=[
                PatternMatch(id=e.id, category=e.category, title=getattr(e.title, title_lang)) for e in listed
            ],
        )
    matches = store.search(q, k=k, category=category, language=lang)
    results = []
    for match in matches:
        entry = store.entry(match.entry_id)
        results.append(
            PatternMatch(
                id=match.entry_id,
                category=match.category,
                title=getattr(entry.title, title_lang) if entry else match.entry_id,
                similarity=round(float(match.similarity), 4),
                matched_text=match.matched_text,
                language=match.language,
            )
        )
    return PatternSearch(query=q, results=results)
