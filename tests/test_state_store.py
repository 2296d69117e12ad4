"""The shared StateStore, the same contract on SQLite and on a real redis-server."""

from __future__ import annotations

import datetime as dt
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from adapters.common.shared_state import StoredAnswers, StoredFrames, from_json, to_json
from adapters.common.state_store import (
    RedisStateStore,
    SQLiteStateStore,
    StateStore,
    StateStoreError,
    open_state_store,
)
from bot.nlu.parse import Frame
from bot.reply import Reply, RoundRow, Source, Understood


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture(params=["sqlite", "redis"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StateStore]:
    if request.param == "sqlite":
        made: StateStore = SQLiteStateStore(tmp_path / "state.db")
    else:
        url = request.getfixturevalue("redis_url")
        made = RedisStateStore(url, prefix=f"test-{uuid.uuid4().hex}:")
    yield made
    made.close()


def test_set_get_delete(store: StateStore) -> None:
    assert store.get("a") is None
    store.set("a", "one", 60)
    assert store.get("a") == "one"
    store.set("a", "two", 60)
    assert store.get("a") == "two"
    store.delete("a")
    assert store.get("a") is None


def test_add_is_set_if_absent(store: StateStore) -> None:
    assert store.add("lock", "me", 60) is True
    assert store.add("lock", "you", 60) is False
    assert store.get("lock") == "me"


def test_remember_once(store: StateStore) -> None:
    assert store.remember_once("event:Ev1", 60)
    assert not store.remember_once("event:Ev1", 60)
    assert store.remember_once("event:Ev2", 60)


def test_take_returns_the_value_once(store: StateStore) -> None:
    store.set("staged", "csv", 60)
    assert store.take("staged") == "csv"
    assert store.take("staged") is None
    assert store.get("staged") is None


def test_concurrent_remember_once_has_one_winner(store: StateStore, tmp_path: Path) -> None:
    """Threads with their own connections (as separate processes would have) race for one key."""
    stores = [store] + ([SQLiteStateStore(tmp_path / "state.db") for _ in range(3)]
                        if isinstance(store, SQLiteStateStore) else [])
    wins: list[bool] = []
    barrier = threading.Barrier(8)

    def race(i: int) -> None:
        barrier.wait()
        wins.append(stores[i % len(stores)].remember_once("event:race", 60))

    threads = [threading.Thread(target=race, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_sqlite_expiry(tmp_path: Path) -> None:
    clock = Clock()
    store = SQLiteStateStore(tmp_path / "state.db", clock=clock)
    store.set("k", "v", 10)
    assert store.remember_once("seen", 10)
    clock.now += 11
    assert store.get("k") is None
    assert store.take("k") is None
    assert store.remember_once("seen", 10), "an expired key counts as absent"


def test_redis_expiry_is_redis_own(redis_url: str) -> None:
    store = RedisStateStore(redis_url, prefix=f"test-{uuid.uuid4().hex}:")
    store.set("k", "v", 30)
    ttl_ms = store._redis.pttl(store.prefix + "k")
    assert 0 < ttl_ms <= 30_000


def test_two_sqlite_handles_share_the_file(tmp_path: Path) -> None:
    one, two = SQLiteStateStore(tmp_path / "db.sqlite"), SQLiteStateStore(tmp_path / "db.sqlite")
    one.set("frame:x", "1", 60)
    assert two.get("frame:x") == "1"
    assert two.take("frame:x") == "1" and one.take("frame:x") is None


def test_open_state_store_picks_redis_when_configured(tmp_path: Path, redis_url: str) -> None:
    assert isinstance(open_state_store(tmp_path / "a.db", env={}), SQLiteStateStore)
    chosen = open_state_store(tmp_path / "a.db", env={"REDIS_URL": redis_url})
    assert isinstance(chosen, RedisStateStore)
    chosen.ping()


def test_unreachable_redis_is_one_clear_error() -> None:
    store = RedisStateStore("redis://:hunter2@127.0.0.1:1/0")
    with pytest.raises(StateStoreError) as err:
        store.ping()
    assert "hunter2" not in str(err.value) and "127.0.0.1:1" in str(err.value)


FRAME = Frame(intent="company_total", text="how many has amazon cut in 2023", companies=["Amazon"],
              start=dt.date(2023, 1, 1), end=dt.date(2023, 12, 31), has_period=True,
              did_you_mean=[("amazn", "Amazon")], periods=[(dt.date(2023, 1, 1), None)])
REPLY = Reply(intent="company_total", text="Amazon cut 27,000", headline="Amazon", total=27000,
              understood=Understood(companies=["Amazon"], start=dt.date(2023, 1, 1)),
              rows=[RoundRow(id=1, company="Amazon", division=None, date=dt.date(2023, 1, 18), count=18000)],
              sources=[Source("https://example.com", "news")], extra={"k": [1, 2]})


@pytest.mark.parametrize("value", [FRAME, REPLY, {"a": (1, 2)}, [dt.datetime(2024, 1, 1, 12)]],
                         ids=["frame", "reply", "dict-of-tuple", "datetime"])
def test_json_codec_round_trips(value: object) -> None:
    assert from_json(to_json(value)) == value


@pytest.mark.parametrize("payload", [
    '{"__dc__": "os:system", "f": {}}',
    '{"__dc__": "subprocess:Popen", "f": {"args": "id"}}',
    '{"__dc__": "bot.reply:dt", "f": {}}',
], ids=["os", "subprocess", "not-a-dataclass"])
def test_json_codec_rebuilds_only_core_dataclasses(payload: str) -> None:
    with pytest.raises((ValueError, AttributeError)):
        from_json(payload)


def test_frames_and_answers_through_the_store(store: StateStore) -> None:
    frames = StoredFrames(store)
    assert frames.get("slack:T1:C1:t") is None
    frames.put("slack:T1:C1:t", FRAME)
    assert frames.get("slack:T1:C1:t") == FRAME
    answers: StoredAnswers[Reply] = StoredAnswers(store)
    key = answers.put(REPLY)
    assert StoredAnswers(store).get(key) == REPLY
    assert answers.get("nope") is None and answers.get("") is None


# -- the core through the store: two "processes" (two handles on one file, or one Redis) -------

try:
    from fixtures_data import DATA, small_db
except ModuleNotFoundError:  # pragma: no cover
    from tests.fixtures_data import DATA, small_db  # noqa: F401


def _second_handle(store: StateStore, tmp_path: Path) -> StateStore:
    if isinstance(store, SQLiteStateStore):
        return SQLiteStateStore(store.path)
    assert isinstance(store, RedisStateStore)
    return RedisStateStore("redis://unused", prefix=store.prefix, client=store._redis)


def test_staged_import_confirmed_through_another_handle_imports_once(store: StateStore, tmp_path: Path,
                                                                     small_db) -> None:
    from bot import admin

    admin.grant(small_db, "slack", "T1:U_ADA", by="test")
    ada = admin.Actor("slack", "T1:U_ADA", "Ada")
    other = _second_handle(store, tmp_path)
    try:
        admin.use_staging_store(store)
        preview = admin.stage_import(small_db, ada, "small.csv", (DATA / "fyi11_small.csv").read_bytes())
        admin.use_staging_store(other)
        with pytest.raises(admin.PermissionDenied):  # someone else's import stays pending for its uploader
            admin.confirm_import(small_db, admin.Actor("slack", "T2:U_ADA"), preview.token)
        assert admin.confirm_import(small_db, ada, preview.token).added == 6
        admin.use_staging_store(store)
        with pytest.raises(admin.ImportExpired):
            admin.confirm_import(small_db, ada, preview.token)
    finally:
        admin.use_staging_store(None)


def test_follow_up_answered_by_another_engine_continues(store: StateStore, tmp_path: Path) -> None:
    import fixtures_core

    from bot.engine import Engine

    db = fixtures_core.build_fixture_db()
    today = dt.date(2026, 2, 15)
    first = Engine(db, today=today, frames=StoredFrames(store))
    second = Engine(db, today=today, frames=StoredFrames(_second_handle(store, tmp_path)))
    assert "Amazon" in first.answer("how many has Amazon cut in 2023?", conversation="c1").headline
    follow = second.answer("what about Google?", conversation="c1")
    assert "Google" in follow.headline and "2023" in follow.text
    alone = Engine(db, today=today).answer("what about Google?", conversation="c1")
    assert alone.text != follow.text or alone.headline != follow.headline
