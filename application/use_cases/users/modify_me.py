import msgspec

from application.errors import Invalid, NotFound
from application.ports.event_publisher import EventPublisher
from application.ports.unit_of_work import UnitOfWork
from application.services.outbox import Outbox
from application.services.present import user_dto
from application.wire.events import EventType, UserUpdateEvent, user_subject
from domain.errors import ValidationError
from domain.users import name_problem


class ModifyMe(msgspec.Struct, frozen=True, kw_only=True):
    """``PATCH /user/me``: ``None`` leaves a field as it is."""

    actor_id: int
    name: str | None = None
    avatar: int | None = None


class ModifyMeHandler:
    """Change the caller's name and/or active avatar (spec §2.4.2 row 8); publish 406.

    At least one field must be given (``null`` counts as absent, as in GoChat); the name is 4-20
    characters and the avatar id positive, reported together in ozzo's ``field: text.`` form.
    After the change the full ``User`` goes out as 406 on ``user.{me}``, even when nothing
    changed, as GoChat does.

    Deviation: GoChat stores any avatar id it is sent, including ids of other users' avatars
    or of nothing. Avatars are owned by a later issue, so until they can be looked up the only
    avatar accepted is the one already active; any other is 400 ``unknown avatar``.
    """

    def __init__(self, *, uow: UnitOfWork, events: EventPublisher) -> None:
        self._uow = uow
        self._events = events

    async def __call__(self, command: ModifyMe) -> None:
        """Apply the change and publish 406; raise ``Invalid`` or ``ValidationError``."""
        if command.name is None and command.avatar is None:
            raise Invalid("at least one field must be provided for update")
        problems: dict[str, str] = {}
        if command.name is not None and (problem := name_problem(command.name)):
            problems["name"] = problem
        if command.avatar is not None and command.avatar < 1:
            problems["avatar"] = "avatar ID must be positive"
        if problems:
            raise ValidationError.of(problems)
        outbox = Outbox()
        async with self._uow.write() as tx:
            user = await tx.users.get(command.actor_id)
            if user is None:
                raise NotFound("unable to get user")
            if command.avatar is not None and command.avatar != user.avatar:
                raise Invalid("unknown avatar")
            if command.name is not None:
                user.name = command.name
            await tx.users.update(user)
            outbox.add(
                user_subject(user.id), EventType.USER_UPDATE, UserUpdateEvent(user=user_dto(user))
            )
        await outbox.flush(self._events)
