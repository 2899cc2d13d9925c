import msgspec

from application.errors import NotFound, TooLarge
from application.ports.attachment_store import Attachment, AttachmentStore
from application.ports.clock import Clock
from application.ports.id_generator import IdGenerator
from application.ports.unit_of_work import UnitOfWork
from application.use_cases.messages.gate import SEND_REFUSED, open_channel
from application.wire.dto import AttachmentUploadDTO
from domain.errors import ValidationError
from domain.permissions import Permission

FILENAME_MAX = 255
FILE_SIZE_MAX = 100 * 1024 * 1024


class CreateAttachment(msgspec.Struct, frozen=True, kw_only=True):
    """A file the actor is about to upload to ``channel_id``."""

    actor_id: int
    channel_id: int
    filename: str
    file_size: int
    width: int | None = None
    height: int | None = None
    content_type: str | None = None


class CreateAttachmentHandler:
    """Reserve an attachment for a later upload (spec §11.1 step 1).

    ``filename`` 1..255 characters, ``file_size`` 1..100 MiB and within the user's own upload
    limit when set, else the configured one (413 ``file is too big``, checked before the
    channel, as GoChat does). Guild channels need AttachFiles. The placeholder lapses after
    ``attachment_ttl_ms`` unless its bytes arrive. Declared type and dimensions are ignored,
    as in GoChat: the real ones are measured from the upload (§17 item 38).

    Deviations: DMs and group DMs need participation (GoChat checked nothing meaningful,
    §17 item 17), and channels that cannot hold messages are refused (400).
    """

    def __init__(
        self,
        *,
        uow: UnitOfWork,
        attachments: AttachmentStore,
        ids: IdGenerator,
        clock: Clock,
        upload_limit: int,
        attachment_ttl_ms: int,
    ) -> None:
        self._uow = uow
        self._attachments = attachments
        self._ids = ids
        self._clock = clock
        self._upload_limit = upload_limit
        self._ttl_ms = attachment_ttl_ms

    async def __call__(self, command: CreateAttachment) -> AttachmentUploadDTO:
        """The placeholder's ids; raise ``TooLarge``, ``NotFound``, ``Invalid``, ``Forbidden``."""
        _validate(command)
        async with self._uow.read() as tx:
            user = await tx.users.get(command.actor_id)
            if user is None:
                raise NotFound("unable to get user")
            limit = self._upload_limit if user.upload_limit is None else user.upload_limit
            if command.file_size > limit:
                raise TooLarge("file is too big")
            gate = await open_channel(
                tx, command.channel_id, command.actor_id, refusal=SEND_REFUSED
            )
            gate.require(Permission.ATTACH_FILES)
        placeholder = Attachment(
            id=self._ids.next_id(),
            channel_id=gate.channel.id,
            author_id=command.actor_id,
            filename=command.filename,
            size=command.file_size,
            expires_at_ms=self._clock.now_ms() + self._ttl_ms,
        )
        await self._attachments.add_placeholder(placeholder)
        return AttachmentUploadDTO(
            id=placeholder.id, channel_id=placeholder.channel_id, file_name=placeholder.filename
        )


def _validate(command: CreateAttachment) -> None:
    """GoChat's field rules and texts, reported together in its ``field: text.`` form."""
    problems: dict[str, str] = {}
    if not command.filename:
        problems["filename"] = "filename is required"
    elif len(command.filename) > FILENAME_MAX:
        problems["filename"] = "filename must be less than 255 characters"
    if command.file_size < 1:
        problems["file_size"] = "file size must be positive"
    elif command.file_size > FILE_SIZE_MAX:
        problems["file_size"] = "file size must be less than 100MB"
    for name, value in (("width", command.width), ("height", command.height)):
        if value is not None and value < 0:
            problems[name] = "width and height must be non-negative"
    if problems:
        raise ValidationError.of(problems)
