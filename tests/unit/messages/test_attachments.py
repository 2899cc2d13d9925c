from typing import Any

import msgspec
import pytest

from application.errors import Forbidden, Invalid, NotFound, TooLarge
from application.ports.attachment_store import Attachment
from application.use_cases.messages.create_attachment import CreateAttachment
from application.use_cases.messages.send_message import SendMessage
from application.wire.dto import AttachmentUploadDTO, MessageDTO
from domain.channels import ChannelType
from domain.errors import ValidationError
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.messages import world
from tests.unit.messages.conftest import Scene


async def send_files(scene: Scene, ids: list[int], *, channel: int | None = None) -> MessageDTO:
    return await scene.run.send(
        SendMessage(actor_id=scene.bob, channel_id=channel or scene.channel_id, attachment_ids=ids)
    )


async def test_attachments_alone_make_a_message_and_keep_request_order(scene: Scene) -> None:
    f = scene.fakes
    first = await world.attachment(f, scene.channel_id, scene.bob, filename="1.txt")
    second = await world.attachment(f, scene.channel_id, scene.bob, filename="2.txt")

    reply = await send_files(scene, [second, first])

    assert [a.filename for a in reply.attachments] == ["2.txt", "1.txt"]
    stored = await f.messages.get(scene.channel_id, reply.id)
    assert stored is not None
    assert stored.attachments == [second, first]
    assert stored.content == ""


async def invalid(scene: Scene, ids: list[int], channel: int | None = None) -> None:
    f = scene.fakes
    target = channel or scene.channel_id
    with pytest.raises(Invalid, match=r"^invalid attachments$"):
        await send_files(scene, ids, channel=target)
    assert await world.last_message_id(f, target) == 0
    assert f.events.published == []


async def test_duplicate_ids_are_refused(scene: Scene) -> None:
    file_id = await world.attachment(scene.fakes, scene.channel_id, scene.bob)

    await invalid(scene, [file_id, file_id])


async def test_unknown_ids_are_refused(scene: Scene) -> None:
    file_id = await world.attachment(scene.fakes, scene.channel_id, scene.bob)

    await invalid(scene, [file_id, scene.fakes.ids.next_id()])


async def test_unfinished_uploads_are_refused(scene: Scene) -> None:
    pending = await world.attachment(scene.fakes, scene.channel_id, scene.bob, done=False)

    await invalid(scene, [pending])


async def test_someone_elses_files_are_refused(scene: Scene) -> None:
    theirs = await world.attachment(scene.fakes, scene.channel_id, scene.alice)

    await invalid(scene, [theirs])


async def test_files_of_another_channel_are_refused(scene: Scene) -> None:
    other = await world.add_channel(scene.fakes, scene.guild_id, ChannelType.GUILD_TEXT)
    elsewhere = await world.attachment(scene.fakes, other, scene.bob)

    await invalid(scene, [elsewhere])


async def test_more_than_ten_files_are_refused(scene: Scene) -> None:
    ids = [await world.attachment(scene.fakes, scene.channel_id, scene.bob) for _ in range(11)]

    await invalid(scene, ids)


async def test_attaching_needs_attach_files(scene: Scene) -> None:
    f = scene.fakes
    file_id = await world.attachment(f, scene.channel_id, scene.bob)
    await world.set_everyone(
        f, scene.guild_id, DEFAULT_GUILD_PERMISSIONS & ~Permission.ATTACH_FILES
    )

    with pytest.raises(Forbidden):
        await send_files(scene, [file_id])
    await scene.run.send(
        SendMessage(actor_id=scene.bob, channel_id=scene.channel_id, content="text ok")
    )


# Reserving an upload (POST .../attachment).


async def reserve(
    scene: Scene, *, actor: int | None = None, channel: int | None = None, **fields: Any
) -> AttachmentUploadDTO:
    values: dict[str, Any] = {"filename": "cat.png", "file_size": 100}
    values.update(fields)
    command = CreateAttachment(
        actor_id=actor or scene.bob, channel_id=channel or scene.channel_id, **values
    )
    return await scene.run.attach(command)


async def test_a_placeholder_is_stored_for_the_upload(scene: Scene) -> None:
    f = scene.fakes

    reply = await reserve(scene, width=10, height=20, content_type="image/png")

    assert msgspec.to_builtins(reply) == {
        "id": reply.id,
        "channel_id": scene.channel_id,
        "file_name": "cat.png",
    }
    [stored] = await f.attachments.get_many(scene.channel_id, [reply.id], f.clock.now_ms())
    assert stored == Attachment(
        id=reply.id,
        channel_id=scene.channel_id,
        author_id=scene.bob,
        filename="cat.png",
        size=100,
        done=False,
        expires_at_ms=f.clock.now_ms() + world.TTL_MS,
    )


async def test_a_placeholder_lapses_after_the_ttl(scene: Scene) -> None:
    f = scene.fakes
    reply = await reserve(scene)

    f.clock.advance(world.TTL_MS)

    assert await f.attachments.get_many(scene.channel_id, [reply.id], f.clock.now_ms()) == []


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"filename": ""}, "filename: filename is required."),
        ({"filename": "x" * 256}, "filename: filename must be less than 255 characters."),
        ({"file_size": 0}, "file_size: file size must be positive."),
        ({"file_size": 104_857_601}, "file_size: file size must be less than 100MB."),
        ({"width": -1}, "width: width and height must be non-negative."),
        (
            {"filename": "", "height": -1},
            "filename: filename is required.; height: width and height must be non-negative.",
        ),
    ],
)
async def test_placeholder_fields_are_validated(
    scene: Scene, fields: dict[str, Any], text: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        await reserve(scene, **fields)
    # ValidationError.of joins the problems with "; " and ends with one period.
    assert caught.value.message == text.replace(".; ", "; ")


async def test_the_longest_name_and_largest_size_pass_validation(scene: Scene) -> None:
    await reserve(scene, filename="é" * 255, file_size=world.UPLOAD_LIMIT)


async def test_files_over_the_configured_limit_are_too_big(scene: Scene) -> None:
    with pytest.raises(TooLarge, match=r"^file is too big$"):
        await reserve(scene, file_size=world.UPLOAD_LIMIT + 1)


async def test_a_users_own_limit_replaces_the_configured_one(scene: Scene) -> None:
    f = scene.fakes
    big = await world.add_user(f, "big", upload_limit=world.UPLOAD_LIMIT * 10)
    small = await world.add_user(f, "small", upload_limit=5)
    await world.join(f, scene.guild_id, big)
    await world.join(f, scene.guild_id, small)

    await reserve(scene, actor=big, file_size=world.UPLOAD_LIMIT * 10)
    with pytest.raises(TooLarge):
        await reserve(scene, actor=small, file_size=6)


async def test_the_size_is_checked_before_the_channel(scene: Scene) -> None:
    with pytest.raises(TooLarge):
        await reserve(scene, channel=scene.fakes.ids.next_id(), file_size=world.UPLOAD_LIMIT + 1)
    with pytest.raises(NotFound, match=r"^channel not found$"):
        await reserve(scene, channel=scene.fakes.ids.next_id())


async def test_reserving_needs_attach_files(scene: Scene) -> None:
    f = scene.fakes
    await world.set_everyone(
        f, scene.guild_id, DEFAULT_GUILD_PERMISSIONS & ~Permission.ATTACH_FILES
    )

    with pytest.raises(Forbidden, match=r"^permissions required$"):
        await reserve(scene)
    await reserve(scene, actor=scene.alice)


async def test_dm_uploads_need_participation(scene: Scene) -> None:
    dm = await world.make_dm(scene.fakes, scene.alice, scene.bob)

    await reserve(scene, channel=dm)
    with pytest.raises(Forbidden):
        await reserve(scene, channel=dm, actor=scene.eve)


async def test_an_actor_without_a_user_row_cannot_reserve(scene: Scene) -> None:
    with pytest.raises(NotFound, match=r"^unable to get user$"):
        await reserve(scene, actor=scene.fakes.ids.next_id())


async def test_categories_take_no_uploads(scene: Scene) -> None:
    category = await world.add_channel(scene.fakes, scene.guild_id, ChannelType.GUILD_CATEGORY)

    with pytest.raises(Invalid, match=r"^unable to send to this channel$"):
        await reserve(scene, channel=category)
