from contextlib import AbstractAsyncContextManager
from typing import Any

import msgspec
import pytest
from typing_extensions import override

from adapters.memory.unit_of_work import MemoryUnitOfWork
from application.errors import Forbidden, Invalid, NotFound, Unavailable
from application.ports.unit_of_work import Transaction, UnitOfWork
from application.use_cases.messages.get_messages import GetMessages
from application.use_cases.messages.send_message import SendMessage, SendMessageHandler
from application.wire.dto import MessageDTO
from application.wire.embeds import Embed
from domain.channels import ChannelType
from domain.errors import ValidationError
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.messages import world
from tests.unit.messages.conftest import Scene


async def send(
    scene: Scene, actor: int | None = None, channel: int | None = None, **fields: Any
) -> MessageDTO:
    command = SendMessage(
        actor_id=actor or scene.bob, channel_id=channel or scene.channel_id, **fields
    )
    return await scene.run.send(command)


async def test_send_stores_replies_and_announces(scene: Scene) -> None:
    f = scene.fakes

    reply = await send(scene, content="hello")

    assert msgspec.json.decode(msgspec.json.encode(reply)) == {
        "id": reply.id,
        "channel_id": scene.channel_id,
        "author": {"id": scene.bob, "name": "bob", "discriminator": "bob"},
        "content": "hello",
        "type": 0,
    }
    stored = await f.messages.get(scene.channel_id, reply.id)
    assert stored is not None
    assert (stored.author_id, stored.content, stored.type, stored.flags) == (
        scene.bob,
        "hello",
        0,
        0,
    )
    assert (stored.embeds, stored.auto_embeds, stored.attachments) == ("[]", "[]", [])
    assert await world.last_message_id(f, scene.channel_id) == reply.id
    assert await f.read_states.get_all(scene.bob) == {scene.channel_id: reply.id}
    message = msgspec.json.decode(msgspec.json.encode(reply))
    assert f.events.subjects() == [f"channel.{scene.channel_id}", f"guild.{scene.guild_id}"]
    assert f.events.frames(f"channel.{scene.channel_id}") == [
        {"op": 0, "t": 100, "d": {"guild_id": scene.guild_id, "message": message}}
    ]
    assert f.events.frames(f"guild.{scene.guild_id}") == [
        {
            "op": 0,
            "t": 300,
            "d": {
                "guild_id": scene.guild_id,
                "channel_id": scene.channel_id,
                "message_id": reply.id,
            },
        }
    ]


async def test_a_sent_message_shows_in_history(scene: Scene) -> None:
    first = await send(scene, content="one")
    second = await send(scene, content="two", actor=scene.alice)

    got = await scene.run.get(GetMessages(actor_id=scene.bob, channel_id=scene.channel_id))

    assert [(m.id, m.content) for m in got] == [(second.id, "two"), (first.id, "one")]


async def test_a_one_to_one_dm_also_tells_the_other_side(scene: Scene) -> None:
    f = scene.fakes
    dm = await world.make_dm(f, scene.alice, scene.bob)

    reply = await send(scene, channel=dm, content="psst")

    assert f.events.subjects() == [f"channel.{dm}", f"user.{scene.alice}"]
    [created] = f.events.frames(f"channel.{dm}")
    assert created["d"]["guild_id"] is None
    assert f.events.frames(f"user.{scene.alice}") == [
        {
            "op": 0,
            "t": 405,
            "d": {
                "channel_id": dm,
                "message_id": reply.id,
                "from": {"id": scene.bob, "name": "bob", "discriminator": "bob"},
            },
        }
    ]


async def test_dm_notice_carries_the_senders_avatar_id(scene: Scene) -> None:
    f = scene.fakes
    carol = await world.add_user(f, "carol", avatar=77)
    dm = await world.make_dm(f, carol, scene.bob)

    await send(scene, actor=carol, channel=dm, content="hi")

    [notice] = f.events.frames(f"user.{scene.bob}")
    assert notice["d"]["from"] == {
        "id": carol,
        "name": "carol",
        "discriminator": "carol",
        "avatar": 77,
    }


async def test_a_group_dm_gets_no_personal_notices(scene: Scene) -> None:
    f = scene.fakes
    group = await world.make_dm(f, scene.alice, scene.bob, scene.eve, kind=ChannelType.GROUP_DM)

    await send(scene, channel=group, content="all")

    assert f.events.subjects() == [f"channel.{group}"]


async def test_content_is_required_without_attachments_or_embeds(scene: Scene) -> None:
    with pytest.raises(ValidationError):
        await send(scene, content="")


async def test_content_longer_than_2000_characters_is_refused(scene: Scene) -> None:
    with pytest.raises(ValidationError):
        await send(scene, content="é" * 2001)
    await send(scene, content="é" * 2000)


async def test_embeds_alone_make_a_message(scene: Scene) -> None:
    f = scene.fakes

    reply = await send(scene, embeds=[Embed(title="card")])

    assert [bytes(e) for e in reply.embeds] == [b'{"title":"card"}']
    stored = await f.messages.get(scene.channel_id, reply.id)
    assert stored is not None
    assert stored.embeds == '[{"title":"card"}]'


async def test_more_than_ten_embeds_are_refused(scene: Scene) -> None:
    with pytest.raises(Invalid, match="more than 10"):
        await send(scene, content="x", embeds=[Embed(title="t")] * 11)


async def test_invalid_embeds_are_refused_before_anything_is_stored(scene: Scene) -> None:
    with pytest.raises(Invalid, match=r"^embeds\[0\]\.color"):
        await send(scene, content="x", embeds=[Embed(color=-1)])
    assert scene.fakes.events.published == []


async def test_sending_needs_send_messages(scene: Scene) -> None:
    f = scene.fakes
    await world.set_everyone(
        f, scene.guild_id, DEFAULT_GUILD_PERMISSIONS & ~Permission.SEND_MESSAGES
    )

    with pytest.raises(Forbidden, match=r"^permissions required$"):
        await send(scene, content="no")

    assert await world.last_message_id(f, scene.channel_id) == 0
    assert await f.messages.before(scene.channel_id, 2**62, 10) == []
    assert await f.read_states.get_all(scene.bob) == {}
    assert f.events.published == []


async def test_voice_channels_cannot_take_messages(scene: Scene) -> None:
    voice = await world.add_channel(scene.fakes, scene.guild_id, ChannelType.GUILD_VOICE)

    with pytest.raises(Invalid, match=r"^unable to send to this channel$"):
        await send(scene, channel=voice, content="x")


async def test_missing_channel_is_404(scene: Scene) -> None:
    with pytest.raises(NotFound, match=r"^channel not found$"):
        await send(scene, channel=scene.fakes.ids.next_id(), content="x")


async def test_an_actor_without_a_user_row_is_refused(scene: Scene) -> None:
    ghost = scene.fakes.ids.next_id()
    dm = await world.make_dm(scene.fakes, ghost, scene.bob)

    with pytest.raises(NotFound, match=r"^unable to get user$"):
        await send(scene, actor=ghost, channel=dm, content="x")


class _Refused:
    async def __aenter__(self) -> Transaction:
        raise Unavailable

    async def __aexit__(self, *_: object) -> None:
        return None


class BrokenWrites(UnitOfWork):
    """Reads work; every write fails as a database that went away would."""

    def __init__(self, inner: MemoryUnitOfWork) -> None:
        self._inner = inner

    @override
    def read(self) -> AbstractAsyncContextManager[Transaction]:
        return self._inner.read()

    @override
    def write(self) -> AbstractAsyncContextManager[Transaction]:
        return _Refused()


async def test_a_message_whose_channel_cannot_be_updated_is_removed_again(scene: Scene) -> None:
    f = scene.fakes
    handler = SendMessageHandler(
        uow=BrokenWrites(f.uow),
        messages=f.messages,
        read_states=f.read_states,
        attachments=f.attachments,
        mentions=f.mentions,
        events=f.events,
        ids=f.ids,
        clock=f.clock,
    )

    with pytest.raises(Unavailable):
        await handler(SendMessage(actor_id=scene.bob, channel_id=scene.channel_id, content="x"))

    assert await f.messages.before(scene.channel_id, 2**62, 10) == []
    assert f.events.published == []
    assert await f.read_states.get_all(scene.bob) == {}
