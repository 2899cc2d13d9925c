import pytest

from application.errors import Forbidden, Invalid
from application.use_cases.messages.ack_message import AckMessage
from application.use_cases.messages.send_typing import SendTyping
from domain.channels import ChannelType
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.messages import world
from tests.unit.messages.conftest import Scene


async def test_typing_is_announced_on_the_channel(scene: Scene) -> None:
    await scene.run.typing(SendTyping(actor_id=scene.bob, channel_id=scene.channel_id))

    assert scene.fakes.events.frames(f"channel.{scene.channel_id}") == [
        {"op": 0, "t": 301, "d": {"channel_id": scene.channel_id, "user_id": scene.bob}}
    ]


async def test_typing_needs_what_sending_needs(scene: Scene) -> None:
    f = scene.fakes
    await world.set_everyone(
        f, scene.guild_id, DEFAULT_GUILD_PERMISSIONS & ~Permission.SEND_MESSAGES
    )

    with pytest.raises(Forbidden):
        await scene.run.typing(SendTyping(actor_id=scene.bob, channel_id=scene.channel_id))
    assert f.events.published == []


async def test_typing_in_a_voice_channel_is_refused(scene: Scene) -> None:
    voice = await world.add_channel(scene.fakes, scene.guild_id, ChannelType.GUILD_VOICE)

    with pytest.raises(Invalid, match=r"^unable to send to this channel$"):
        await scene.run.typing(SendTyping(actor_id=scene.bob, channel_id=voice))


async def test_ack_sets_the_read_state_and_tells_my_sessions(scene: Scene) -> None:
    f = scene.fakes
    message_id = await world.put_message(f, scene.channel_id, scene.alice)

    await scene.run.ack(
        AckMessage(actor_id=scene.bob, channel_id=scene.channel_id, message_id=message_id)
    )

    assert await f.read_states.get_all(scene.bob) == {scene.channel_id: message_id}
    assert f.events.frames(f"user.{scene.bob}") == [
        {"op": 0, "t": 400, "d": {"channel_id": scene.channel_id, "message_id": message_id}}
    ]


async def test_ack_may_move_backwards_and_name_any_id(scene: Scene) -> None:
    f = scene.fakes
    later = await world.put_message(f, scene.channel_id, scene.alice)
    await scene.run.ack(
        AckMessage(actor_id=scene.bob, channel_id=scene.channel_id, message_id=later)
    )

    await scene.run.ack(AckMessage(actor_id=scene.bob, channel_id=scene.channel_id, message_id=5))

    assert await f.read_states.get_all(scene.bob) == {scene.channel_id: 5}


async def test_ack_needs_read_message_history(scene: Scene) -> None:
    f = scene.fakes
    await world.set_everyone(
        f, scene.guild_id, DEFAULT_GUILD_PERMISSIONS & ~Permission.READ_MESSAGE_HISTORY
    )

    with pytest.raises(Forbidden):
        await scene.run.ack(
            AckMessage(actor_id=scene.bob, channel_id=scene.channel_id, message_id=9)
        )
    assert await f.read_states.get_all(scene.bob) == {}
    assert f.events.published == []
