"""Presence over the memory store: op 3, heartbeats, closes, snapshots and RTC binding."""

from dataclasses import dataclass
from typing import Any

import pytest

from adapters.memory.presence_store import MemoryPresenceStore
from application.services.presence import session_ttl_s
from application.use_cases.gateway.bind_voice import BindVoice, BindVoiceHandler
from application.use_cases.gateway.end_presence import EndPresence, EndPresenceHandler
from application.use_cases.gateway.presence_snapshots import (
    PresenceSnapshots,
    PresenceSnapshotsHandler,
)
from application.use_cases.gateway.touch_presence import TouchPresence, TouchPresenceHandler
from application.use_cases.gateway.update_presence import UpdatePresence, UpdatePresenceHandler
from domain.presence import Presence, Status
from tests.unit.fakes import Fakes

TTL_S = 70
USER = 7


@dataclass
class Run:
    fakes: Fakes
    store: MemoryPresenceStore
    update: UpdatePresenceHandler
    touch: TouchPresenceHandler
    end: EndPresenceHandler
    snapshots: PresenceSnapshotsHandler
    bind: BindVoiceHandler

    def now(self) -> int:
        return self.fakes.clock.now_ms() // 1000

    def frames(self) -> list[dict[str, Any]]:
        return self.fakes.events.frames(f"presence.user.{USER}")

    async def set(self, session: str, status: str, **fields: object) -> Presence | None:
        command = UpdatePresence(actor_id=USER, session_id=session, status=status, **fields)  # type: ignore[arg-type]
        return await self.update(command)


@pytest.fixture
def run(fakes: Fakes) -> Run:
    store = MemoryPresenceStore(fakes.clock)
    common = {"presence": store, "events": fakes.events, "clock": fakes.clock, "ttl_s": TTL_S}
    return Run(
        fakes=fakes,
        store=store,
        update=UpdatePresenceHandler(**common),  # type: ignore[arg-type]
        touch=TouchPresenceHandler(presence=store, ttl_s=TTL_S),
        end=EndPresenceHandler(**common),  # type: ignore[arg-type]
        snapshots=PresenceSnapshotsHandler(presence=store, clock=fakes.clock),
        bind=BindVoiceHandler(**common),  # type: ignore[arg-type]
    )


def test_sessions_live_two_heartbeat_intervals() -> None:
    assert session_ttl_s(35_000) == 70
    assert session_ttl_s(100) == 1


async def test_a_status_is_stored_for_the_session_and_published(run: Run) -> None:
    shown = await run.set("s1", "dnd", platform="web", custom_status_text="busy", mute=True)

    assert shown == Presence(
        user_id=USER, status=Status.DND, since=run.now(), custom_status_text="busy"
    )
    assert run.frames() == [
        {
            "op": 3,
            "d": {
                "user_id": USER,
                "status": "dnd",
                "since": run.now(),
                "custom_status_text": "busy",
            },
        }
    ]
    assert await run.store.get_aggregate(USER) == shown


async def test_an_unknown_status_changes_nothing(run: Run) -> None:
    assert await run.set("s1", "sleepy") is None
    assert run.frames() == []


async def test_voice_state_shows_in_the_published_frame(run: Run) -> None:
    await run.set("s1", "online", voice_channel_id=55, mute=True, deafen=True)
    await run.set("s2", "idle", voice_channel_id=0)

    frame = run.frames()[-1]["d"]

    assert frame == {
        "user_id": USER,
        "status": "online",
        "since": run.now(),
        "voice_channel_id": 55,
        "mute": True,
        "deafen": True,
    }


async def test_offline_is_an_override_until_another_status(run: Run) -> None:
    await run.set("s1", "online")
    hidden = await run.set("s1", "offline", custom_status_text="away")
    shown = await run.set("s1", "idle")

    assert hidden is not None
    assert (hidden.status, hidden.custom_status_text) == (Status.OFFLINE, "away")
    assert shown is not None
    assert shown.status is Status.IDLE


async def test_heartbeats_keep_sessions_alive_past_their_ttl(run: Run) -> None:
    await run.set("s1", "online")
    run.fakes.clock.advance((TTL_S - 10) * 1000)
    await run.touch(TouchPresence(actor_id=USER))
    run.fakes.clock.advance(20_000)

    record = await run.store.load(USER)

    assert [s.session_id for s in record.sessions] == ["s1"]


async def test_closing_the_last_session_publishes_offline(run: Run) -> None:
    await run.set("s1", "online")

    assert await run.end(EndPresence(actor_id=USER, session_id="s1")) is True
    assert run.frames()[-1]["d"] == {"user_id": USER, "status": "offline", "since": run.now()}


async def test_closing_one_of_two_alike_sessions_publishes_nothing(run: Run) -> None:
    await run.set("s1", "online", voice_channel_id=9)
    await run.set("s2", "online")
    published = len(run.frames())

    assert await run.end(EndPresence(actor_id=USER, session_id="s1")) is False
    assert len(run.frames()) == published
    cached = await run.store.get_aggregate(USER)
    assert cached is not None
    assert cached.voice_channel_id is None


async def test_closing_without_a_cached_aggregate_recomputes_it(run: Run) -> None:
    await run.set("s1", "online")
    run.fakes.clock.advance(TTL_S * 1000)  # everything expired

    assert await run.end(EndPresence(actor_id=USER, session_id="s1")) is False


async def test_snapshots_use_the_cache_or_say_offline(run: Run) -> None:
    await run.set("s1", "idle", voice_channel_id=3, mute=True)

    known, unknown = await run.snapshots(PresenceSnapshots(actor_id=1, user_ids=[USER, 99]))

    assert (known.status, known.voice_channel_id) == (Status.IDLE, 3)
    assert unknown == Presence(user_id=99, status=Status.OFFLINE, since=run.now())


async def test_binding_voice_creates_or_updates_the_session(run: Run) -> None:
    joined = await run.bind(BindVoice(actor_id=USER, session_id="s1", channel_id=40))
    await run.set("s2", "dnd")
    run.fakes.clock.advance(1_000)
    moved = await run.bind(BindVoice(actor_id=USER, session_id="s2", channel_id=41))

    assert (joined.status, joined.voice_channel_id) == (Status.ONLINE, 40)
    assert (moved.status, moved.voice_channel_id) == (Status.DND, 41)
    assert run.frames()[-1]["d"]["voice_channel_id"] == 41
