from typing import Any

import pytest

from application.errors import Forbidden, Invalid, NotFound
from application.use_cases.messages.delete_message import DeleteMessage
from application.use_cases.messages.edit_message import EditMessage
from application.wire.dto import MessageDTO
from application.wire.embeds import Embed, encode_embeds
from application.wire.timefmt import rfc3339
from domain.errors import ValidationError
from domain.permissions import Permission
from tests.unit.messages import world
from tests.unit.messages.conftest import Scene

AUTO = encode_embeds([Embed(title="auto")])
MANUAL = encode_embeds([Embed(title="manual")])


async def edit(
    scene: Scene,
    message_id: int,
    *,
    actor: int | None = None,
    channel: int | None = None,
    **fields: Any,
) -> MessageDTO:
    return await scene.run.edit(
        EditMessage(
            actor_id=actor or scene.bob,
            channel_id=channel or scene.channel_id,
            message_id=message_id,
            **fields,
        )
    )


async def test_the_author_edits_the_text(scene: Scene) -> None:
    f = scene.fakes
    carol = await world.add_user(f, "carol")
    await world.join(f, scene.guild_id, carol, nickname="Caz")
    message_id = await world.put_message(f, scene.channel_id, carol, "old")
    f.clock.advance(1234)

    reply = await edit(scene, message_id, actor=carol, content="new")

    assert reply.content == "new"
    assert reply.updated_at == rfc3339(f.clock.now_ms())
    assert (reply.author.name, reply.author.discriminator) == ("Caz", "carol")
    stored = await f.messages.get(scene.channel_id, message_id)
    assert stored is not None
    assert (stored.content, stored.edited_at_ms) == ("new", f.clock.now_ms())
    [frame] = f.events.frames(f"channel.{scene.channel_id}")
    assert frame["t"] == 101
    assert frame["d"]["guild_id"] == scene.guild_id
    assert frame["d"]["message"]["content"] == "new"
    assert frame["d"]["message"]["updated_at"] == reply.updated_at


async def test_an_edit_must_change_something(scene: Scene) -> None:
    message_id = await world.put_message(scene.fakes, scene.channel_id, scene.bob)

    with pytest.raises(Invalid, match=r"^message content, embeds, or flags update is required$"):
        await edit(scene, message_id)


async def test_flags_alone_are_a_valid_edit_and_must_not_be_negative(scene: Scene) -> None:
    message_id = await world.put_message(scene.fakes, scene.channel_id, scene.bob)

    assert (await edit(scene, message_id, flags=0)).flags == 0
    with pytest.raises(ValidationError):
        await edit(scene, message_id, flags=-1)


async def test_edited_text_obeys_the_length_rule(scene: Scene) -> None:
    message_id = await world.put_message(scene.fakes, scene.channel_id, scene.bob)

    with pytest.raises(ValidationError):
        await edit(scene, message_id, content="x" * 2001)


async def test_edited_embeds_are_validated(scene: Scene) -> None:
    message_id = await world.put_message(scene.fakes, scene.channel_id, scene.bob)

    with pytest.raises(Invalid):
        await edit(scene, message_id, embeds=[Embed(title="t")] * 11)


async def test_an_edit_may_not_leave_an_empty_message(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(f, scene.channel_id, scene.bob, "text")

    with pytest.raises(Invalid, match=r"^message content, attachments, or embeds are required$"):
        await edit(scene, message_id, content="")
    stored = await f.messages.get(scene.channel_id, message_id)
    assert stored is not None
    assert stored.content == "text"
    assert f.events.published == []


async def test_a_message_with_files_may_lose_its_text(scene: Scene) -> None:
    f = scene.fakes
    file_id = await world.attachment(f, scene.channel_id, scene.bob, filename="keep.txt")
    message_id = await world.put_message(
        f, scene.channel_id, scene.bob, "text", attachments=[file_id]
    )

    reply = await edit(scene, message_id, content="")

    assert reply.content == ""
    assert [a.filename for a in reply.attachments] == ["keep.txt"]


async def test_embeds_replace_the_manual_ones_and_keep_the_generated(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(f, scene.channel_id, scene.bob, "x", auto_embeds=AUTO)

    reply = await edit(scene, message_id, embeds=[Embed(title="manual")], content="x")

    assert [bytes(e) for e in reply.embeds] == [b'{"title":"manual"}', b'{"title":"auto"}']


async def test_new_text_drops_the_generated_embeds(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(
        f, scene.channel_id, scene.bob, "x", embeds=MANUAL, auto_embeds=AUTO
    )

    reply = await edit(scene, message_id, content="y")

    assert [bytes(e) for e in reply.embeds] == [b'{"title":"manual"}']
    stored = await f.messages.get(scene.channel_id, message_id)
    assert stored is not None
    assert stored.auto_embeds == "[]"


async def test_suppressing_embeds_drops_the_generated_ones(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(f, scene.channel_id, scene.bob, "x", auto_embeds=AUTO)

    reply = await edit(scene, message_id, flags=4)

    assert reply.embeds == []
    assert reply.flags == 4


async def test_only_embeds_left_still_make_a_message(scene: Scene) -> None:
    message_id = await world.put_message(
        scene.fakes, scene.channel_id, scene.bob, "x", embeds=MANUAL
    )

    reply = await edit(scene, message_id, content="")

    assert [bytes(e) for e in reply.embeds] == [b'{"title":"manual"}']


async def test_only_the_author_may_edit(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(f, scene.channel_id, scene.bob, "mine")

    with pytest.raises(Forbidden, match=r"^permissions required$"):
        await edit(scene, message_id, actor=scene.alice, content="owned")
    stored = await f.messages.get(scene.channel_id, message_id)
    assert stored is not None
    assert stored.content == "mine"
    assert f.events.published == []


async def test_an_author_who_left_may_no_longer_edit(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(f, scene.channel_id, scene.bob, "mine")
    await world.ban(f, scene.guild_id, scene.bob)

    with pytest.raises(Forbidden):
        await edit(scene, message_id, content="sneaky")
    assert f.events.published == []


async def test_editing_a_missing_message_is_404(scene: Scene) -> None:
    with pytest.raises(NotFound, match=r"^message not found$"):
        await edit(scene, scene.fakes.ids.next_id(), content="x")


async def test_dm_edits_announce_a_null_guild(scene: Scene) -> None:
    f = scene.fakes
    dm = await world.make_dm(f, scene.alice, scene.bob)
    message_id = await world.put_message(f, dm, scene.bob, "x")

    reply = await edit(scene, message_id, channel=dm, content="y")

    assert reply.author.name == "bob"
    [frame] = f.events.frames(f"channel.{dm}")
    assert frame["d"]["guild_id"] is None


# Deleting.


async def delete(scene: Scene, message_id: int, *, actor: int, channel: int | None = None) -> None:
    await scene.run.delete(
        DeleteMessage(actor_id=actor, channel_id=channel or scene.channel_id, message_id=message_id)
    )


async def test_the_author_deletes_and_readers_are_told(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(f, scene.channel_id, scene.bob)

    await delete(scene, message_id, actor=scene.bob)

    assert await f.messages.get(scene.channel_id, message_id) is None
    assert f.events.frames(f"channel.{scene.channel_id}") == [
        {
            "op": 0,
            "t": 102,
            "d": {"guild_id": None, "channel_id": scene.channel_id, "message_id": message_id},
        }
    ]


async def test_members_without_manage_messages_cannot_delete_others(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(f, scene.channel_id, scene.alice)

    with pytest.raises(Forbidden, match=r"^permissions required$"):
        await delete(scene, message_id, actor=scene.bob)
    assert await f.messages.get(scene.channel_id, message_id) is not None
    assert f.events.published == []


async def test_moderators_and_the_owner_delete_anyones_message(scene: Scene) -> None:
    f = scene.fakes
    moderator = await world.add_user(f, "mod")
    role = await world.add_role(f, scene.guild_id, int(Permission.MANAGE_MESSAGES))
    await world.join(f, scene.guild_id, moderator, roles=(role,))
    first = await world.put_message(f, scene.channel_id, scene.bob)
    second = await world.put_message(f, scene.channel_id, scene.bob)

    await delete(scene, first, actor=moderator)
    await delete(scene, second, actor=scene.alice)

    assert await f.messages.before(scene.channel_id, second, 10) == []


async def test_nobody_moderates_a_dm(scene: Scene) -> None:
    f = scene.fakes
    dm = await world.make_dm(f, scene.alice, scene.bob)
    message_id = await world.put_message(f, dm, scene.bob)

    with pytest.raises(Forbidden):
        await delete(scene, message_id, actor=scene.alice, channel=dm)


async def test_deleting_a_missing_message_is_404(scene: Scene) -> None:
    with pytest.raises(NotFound, match=r"^message not found$"):
        await delete(scene, scene.fakes.ids.next_id(), actor=scene.bob)
