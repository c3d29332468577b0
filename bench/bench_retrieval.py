"""Retrieval speed: index build time for the shipped catalogue, and the
median latency of a top-5 query on a collection of 10,000 entries.

    .venv/bin/python bench/bench_retrieval.py [--entries 10000] [--queries 300] [--builds 3]

The 10,000 entries are synthesised by perturbing the shipped catalogue
(words dropped, shuffled and swapped between entries, so that no two are
alike) and indexed with the same document layout as the real catalogue. A
query is timed end to end as the finder uses the store: embed the text, one
chroma query, aggregate documents into entries. Prints medians; asserts
nothing (the figures depend on the machine).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from _common import percentile, verdict

from interviewer.knowledge.catalogue import load_catalogue
from interviewer.knowledge.catalogue_model import AntiPattern
from interviewer.knowledge.embedding import ConceptEmbedding
from interviewer.knowledge.store import VectorStore

QUERIES = [
    "who signs off on bills",
    "Die Kunden rufen ständig an und fragen, wo ihr Auftrag steht",
    "we type the data from the email into SAP again",
    "Das wird gesammelt und einmal im Monat abgearbeitet",
    "only Maria knows how the old pricing works",
    "Wir schicken den Antrag zurück, weil Unterlagen fehlen",
    "nobody is responsible for the whole order",
    "Das haben wir schon immer so gemacht",
]


def client_at(path: str) -> object:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=path, settings=ChromaSettings(anonymized_telemetry=False))


def perturb(text: str, rng: random.Random, vocabulary: list[str]) -> str:
    words = text.split()
    if len(words) > 3:
        words = [w for w in words if rng.random() > 0.15] or words
        i, j = rng.randrange(len(words)), rng.randrange(len(words))
        words[i], words[j] = words[j], words[i]
    words.append(rng.choice(vocabulary))
    return " ".join(words)


def synthesise(entries: list[AntiPattern], count: int, seed: int = 7) -> list[AntiPattern]:
    rng = random.Random(seed)
    vocabulary = [w for e in entries for w in (e.title.en + " " + e.title.de).split() if len(w) > 4]
    out: list[AntiPattern] = []
    for number in range(count):
        base = entries[number % len(entries)]
        data = base.model_dump()
        data["id"] = f"{base.id}-v{number}"
        for field in ("title", "description"):
            data[field] = {lang: perturb(data[field][lang], rng, vocabulary) for lang in ("en", "de")}
        data["signals"] = {
            lang: [perturb(s, rng, vocabulary) for s in data["signals"][lang]] for lang in ("en", "de")
        }
        out.append(AntiPattern.model_validate(data))
    return out


def bench_build(entries: list[AntiPattern], builds: int) -> list[float]:
    times = []
    for _ in range(builds):
        with tempfile.TemporaryDirectory() as directory:
            client = client_at(directory)
            started = time.perf_counter()
            store = VectorStore(client, ConceptEmbedding(), entries)
            store.ensure_index()
            times.append(time.perf_counter() - started)
    return times


def bench_queries(store: VectorStore, rounds: int) -> list[float]:
    for text in QUERIES:  # warm up caches and the HNSW index
        store.search(text, k=5)
    latencies = []
    for number in range(rounds):
        # A text the store has not seen: the embedding and the retrieval
        # results are memoised per text, and a cached answer is not a query.
        text = f"{QUERIES[number % len(QUERIES)]} (case {number})"
        started = time.perf_counter()
        matches = store.search(text, k=5)
        latencies.append(time.perf_counter() - started)
        assert len(matches) == 5
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--builds", type=int, default=3)
    args = parser.parse_args()

    shipped = load_catalogue()
    builds = bench_build(shipped, args.builds)
    store = VectorStore(client_at(tempfile.mkdtemp()), ConceptEmbedding(), shipped)
    print(f"shipped catalogue: {len(shipped)} entries, {store.documents} documents")
    build = statistics.median(builds)
    print(
        f"index build (shipped catalogue): median {build:.2f} s over {len(builds)} builds "
        f"(min {min(builds):.2f}, max {max(builds):.2f}); target <= 5 s: {verdict(build, 5.0)}"
    )

    synthetic = synthesise(shipped, args.entries)
    with tempfile.TemporaryDirectory() as directory:
        big = VectorStore(client_at(directory), ConceptEmbedding(), synthetic)
        started = time.perf_counter()
        big.ensure_index()
        built = time.perf_counter() - started
        print(
            f"synthetic collection: {len(synthetic)} entries, {big.collection().count()} documents, built in {built:.1f} s"
        )
        latencies = bench_queries(big, args.queries)
    ms = [1000 * t for t in latencies]
    median = statistics.median(ms)
    print(
        f"top-5 query on {len(synthetic)} entries: median {median:.2f} ms, p90 {percentile(ms, 0.9):.2f} ms "
        f"over {len(ms)} queries (embed + chroma query + aggregation); target <= 10 ms: {verdict(median, 10.0)}"
    )


if __name__ == "__main__":
    main()
