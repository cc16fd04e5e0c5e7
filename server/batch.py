"""Scoring a validated batch in slices through the scoring threads, so other requests get in between."""
from __future__ import annotations

from typing import Any, Iterable, Iterator

from anyio import CapacityLimiter, to_thread
from starlette.responses import Response

from classifier.api import OverclaimModel, score_text
from server import serialize
from server.validation import BatchDocument, BatchRequest, ScoreOptions


def slices(documents: Iterable[BatchDocument], max_chars: int) -> Iterator[tuple[BatchDocument, ...]]:
    """Consecutive runs of documents reaching about `max_chars` characters; at least one document each."""
    current: list[BatchDocument] = []
    size = 0
    for doc in documents:
        current.append(doc)
        size += len(doc.text)
        if size >= max_chars:
            yield tuple(current)
            current, size = [], 0
    if current:
        yield tuple(current)


def score_document(model: OverclaimModel, doc: BatchDocument, options: ScoreOptions) -> dict[str, Any]:
    """One result in the batch shape: id, text_sha256, document, matches (and sentences if asked)."""
    result = score_text(model, doc.text, options.threshold, options.all_sentences)
    return serialize.batch_item(doc.id, doc.text, result, options.offset_encoding, model.lexicon.messages, options.all_sentences)


def _score_slice(model: OverclaimModel, documents: tuple[BatchDocument, ...], options: ScoreOptions) -> list[dict[str, Any]]:
    return [score_document(model, doc, options) for doc in documents]


async def respond(model: OverclaimModel, req: BatchRequest, limiter: CapacityLimiter, slice_chars: int) -> Response:
    """Every document scored by the same model, results in request order, JSON built off the event loop."""
    results: list[dict[str, Any]] = []
    for part in slices(req.documents, slice_chars):
        results += await to_thread.run_sync(_score_slice, model, part, req.options, limiter=limiter)
    payload = {"model": serialize.model_summary(model.card, req.options.threshold), "results": results}
    return Response(await to_thread.run_sync(serialize.encode, payload, limiter=limiter), media_type="application/json")
