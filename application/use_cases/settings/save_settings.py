import msgspec

from application.errors import Invalid
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.use_cases.settings.document import parse_settings, settings_problem
from application.wire.events import EventType, SettingsEvent, user_subject


class SaveSettings(msgspec.Struct, frozen=True, kw_only=True):
    """``POST /user/me/settings``: ``body`` is the raw ``UserSettingsData`` JSON."""

    actor_id: int
    body: bytes


class SaveSettingsHandler:
    """Replace the caller's settings document (spec §2.4.2 row 26, §13.3); publish 401.

    The body is decoded as GoChat does (unknown keys ignored, ``null`` = zero value, ids as
    numbers or numeric strings) and a malformed one is 400 ``parse error: …``. Then the rules:
    ``status.status`` one of online/idle/dnd/offline or empty, ``custom_status_text`` at most
    255 characters, audio levels 0-200, every favourite GIF a URL; a failure is 400 with
    ozzo's text. The normalized document (every key present) replaces the stored one and the
    version goes up by one; 401 ``{settings}`` then goes to ``user.{me}``, so the caller's
    other sessions pick it up.

    Deviation: the status text is limited to 255 characters (code points); GoChat counted
    bytes, which cut non-Latin texts short.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: SaveSettings) -> None:
        """Store and announce the document; raise ``Invalid`` when it is refused."""
        data = parse_settings(command.body)
        problem = settings_problem(data)
        if problem:
            raise Invalid(problem)
        document = msgspec.json.encode(data)
        outbox = Outbox()
        async with self._uow.write() as tx:
            await tx.settings.save(command.actor_id, document)
            outbox.add(
                user_subject(command.actor_id),
                EventType.SETTINGS_UPDATE,
                SettingsEvent(settings=msgspec.Raw(document)),
            )
        await outbox.flush(self._events)
