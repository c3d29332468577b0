from __future__ import annotations

import threading

from interviewer.lru import LRUCache


def test_keeps_the_most_recently_used_within_its_size() -> None:
    cache: LRUCache[str, int] = LRUCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # "a" is now the most recent
    cache.put("c", 3)
    assert cache.get("b") is None
    assert (cache.get("a"), cache.get("c"), len(cache)) == (1, 3, 2)


def test_many_threads_never_lose_a_key_between_check_and_read() -> None:
    cache: LRUCache[int, int] = LRUCache(50)
    errors: list[BaseException] = []

    def hammer(offset: int) -> None:
        try:
            for i in range(5_000):
                key = (i * 7 + offset) % 200
                value = cache.get(key)
                assert value is None or value == key * 2
                cache.put(key, key * 2)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=hammer, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(cache) <= 50


def test_forget_texts_empties_every_memo() -> None:
    from functools import lru_cache

    from interviewer.lru import forget_texts, memo_function

    cache: LRUCache[str, int] = LRUCache(10)
    cache.put("sentence", 1)

    @lru_cache(maxsize=10)
    def read(text: str) -> int:
        return len(text)

    memo_function(read.cache_clear)
    read("a sentence")
    forget_texts()
    assert cache.get("sentence") is None
    assert read.cache_info().currsize == 0
