"""Who may see which channel, asked of the application once and reused for a short while.

Every channel-scoped frame (a message in ``channel.{c}``, a 300 notification or a mention in
``guild.{g}``...) is checked against this before it reaches a socket. Answers are kept for
``ttl_s`` seconds per (channel, user); events that change permissions (roles, channels,
membership) drop the affected answers at once, and the TTL bounds the rest (channel override
changes publish no event). A failed lookup withholds the frame (fail closed) and is counted.
"""

import logging
import time
from collections.abc import Awaitable, Callable, Iterable

from entrypoints.ws.metrics import Metrics

log = logging.getLogger("parley.ws")

Load = Callable[[int, list[int]], Awaitable[frozenset[int]]]
"""(channel id, user ids) → the users among them who may view the channel."""

SWEEP_EVERY = 4096


class ViewerCache:
    def __init__(
        self,
        load: Load,
        *,
        ttl_s: float,
        metrics: Metrics,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._load = load
        self._ttl_s = ttl_s
        self._metrics = metrics
        self._clock = clock
        self._verdicts: dict[int, dict[int, tuple[bool, float]]] = {}
        """Channel id → user id → (may view, valid until)."""
        self._guild_of: dict[int, int] = {}
        self._lookups = 0

    async def viewers(self, channel_id: int, guild_id: int, user_ids: Iterable[int]) -> set[int]:
        """The users among ``user_ids`` who may view the channel now."""
        now = self._clock()
        self._sweep(now)
        self._guild_of[channel_id] = guild_id
        known = self._verdicts.setdefault(channel_id, {})
        allowed: set[int] = set()
        missing: list[int] = []
        for user_id in set(user_ids):
            verdict = known.get(user_id)
            if verdict is not None and verdict[1] > now:
                if verdict[0]:
                    allowed.add(user_id)
            else:
                missing.append(user_id)
        if missing:
            try:
                found = await self._load(channel_id, missing)
            except Exception:
                log.exception("viewers of channel %s could not be loaded", channel_id)
                self._metrics.viewer_lookups_failed += 1
                return allowed
            until = self._clock() + self._ttl_s
            for user_id in missing:
                known[user_id] = (user_id in found, until)
            allowed |= found
        return allowed

    def known(self, channel_id: int, user_id: int) -> bool | None:
        """A cached answer, even a stale one (for a channel that no longer exists)."""
        verdict = self._verdicts.get(channel_id, {}).get(user_id)
        return None if verdict is None else verdict[0]

    def forget_channel(self, channel_id: int) -> None:
        self._verdicts.pop(channel_id, None)

    def forget_guild(self, guild_id: int) -> None:
        for channel_id in [c for c, g in self._guild_of.items() if g == guild_id]:
            self._verdicts.pop(channel_id, None)
            del self._guild_of[channel_id]

    def _sweep(self, now: float) -> None:
        """Drop expired answers now and then, so memory follows the active channels."""
        self._lookups += 1
        if self._lookups % SWEEP_EVERY:
            return
        for channel_id in list(self._verdicts):
            fresh = {u: v for u, v in self._verdicts[channel_id].items() if v[1] > now}
            if fresh:
                self._verdicts[channel_id] = fresh
            else:
                del self._verdicts[channel_id]
                self._guild_of.pop(channel_id, None)
