"""Loose ASGI types for the few hand-written ASGI pieces (the edge router, middleware).

Litestar's own ASGI aliases are precise TypedDict unions, which make generic pass-through code
(look at ``scope["type"]``, forward every message) fight the checker. ASGI scopes and messages
are plain dicts at run time; these aliases say so.
"""

from collections.abc import Awaitable, Callable
from typing import Any

Scope = Any
Message = Any
Receive = Callable[..., Awaitable[Any]]
Send = Callable[..., Awaitable[None]]
ASGIApp = Callable[..., Awaitable[None]]
