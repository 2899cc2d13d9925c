"""Who may use which message route: guild standing and DM participation, and no side effects
when refused."""

from collections.abc import Awaitable, Callable

import pytest

from application.errors import Forbidden
from application.use_cases.messages.ack_message import AckMessage
from application.use_cases.messages.create_attachment import CreateAttachment
from application.use_cases.messages.get_messages import GetMessages
from application.use_cases.messages.send_message import SendMessage
from application.use_cases.messages.send_typing import SendTyping
from domain.channels import ChannelType
from domain.permissions import Permission
from tests.unit.fakes import Fakes
from tests.unit.messages import world
from tests.unit.messages.conftest import Scene

Route = Callable[[Scene, int, int], Awaitable[object]]


async def read(scene: Scene, actor: int, channel: int) -> object:
    return await scene.run.get(GetMessages(actor_id=actor, channel_id=channel))


async def send(scene: Scene, actor: int, channel: int) -> object:
    return await scene.run.send(SendMessage(actor_id=actor, channel_id=channel, content="hi"))


async def typing(scene: Scene, actor: int, channel: int) -> object:
    await scene.run.typing(SendTyping(actor_id=actor, channel_id=channel))
    return None


async def ack(scene: Scene, actor: int, channel: int) -> object:
    await scene.run.ack(AckMessage(actor_id=actor, channel_id=channel, message_id=1))
    return None


async def attach(scene: Scene, actor: int, channel: int) -> object:
    return await scene.run.attach(
        CreateAttachment(actor_id=actor, channel_id=channel, filename="f", file_size=1)
    )


ROUTES: dict[str, tuple[Route, Permission]] = {
    "read": (read, Permission.READ_MESSAGE_HISTORY),
    "send": (send, Permission.SEND_MESSAGES),
    "typing": (typing, Permission.SEND_MESSAGES),
    "ack": (ack, Permission.READ_MESSAGE_HISTORY),
    "attach": (attach, Permission.ATTACH_FILES),
}


async def state(fakes: Fakes, channel_id: int, *users: int) -> object:
    """Everything a refused request must leave untouched."""
    return (
        list(fakes.events.published),
        [m.id for m in await fakes.messages.before(channel_id, 2**62, 100)],
        await world.last_message_id(fakes, channel_id),
        [await fakes.read_states.get_all(u) for u in users],
    )


async def refused(scene: Scene, route: Route, actor: int, channel: int) -> None:
    before = await state(scene.fakes, channel, actor)
    with pytest.raises(Forbidden, match=r"^permissions required$"):
        await route(scene, actor, channel)
    assert await state(scene.fakes, channel, actor) == before


async def no_placeholder_for(scene: Scene, channel: int) -> None:
    # Ids come from one sequence: a reserved placeholder would have one of the next ids.
    probe = scene.fakes.ids.next_id()
    found = await scene.fakes.attachments.get_many(
        channel, range(probe - 10_000, probe), scene.fakes.clock.now_ms()
    )
    assert found == []


@pytest.fixture(params=sorted(ROUTES))
def route_name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


async def test_strangers_to_the_guild_are_refused(scene: Scene, route_name: str) -> None:
    route, _ = ROUTES[route_name]

    await refused(scene, route, scene.eve, scene.channel_id)
    await no_placeholder_for(scene, scene.channel_id)


async def test_members_without_the_permission_are_refused(scene: Scene, route_name: str) -> None:
    route, bit = ROUTES[route_name]
    f = scene.fakes
    await world.set_everyone(f, scene.guild_id, int(Permission.VIEW_CHANNELS))

    await refused(scene, route, scene.bob, scene.channel_id)

    await world.set_everyone(f, scene.guild_id, int(Permission.VIEW_CHANNELS | bit))
    await route(scene, scene.bob, scene.channel_id)


async def test_a_role_grants_what_the_everyone_mask_lacks(scene: Scene, route_name: str) -> None:
    route, bit = ROUTES[route_name]
    f = scene.fakes
    carol = await world.add_user(f, "carol")
    role = await world.add_role(f, scene.guild_id, int(Permission.VIEW_CHANNELS | bit))
    await world.join(f, scene.guild_id, carol, roles=(role,))
    await world.set_everyone(f, scene.guild_id, 0)

    await route(scene, carol, scene.channel_id)
    await refused(scene, route, scene.bob, scene.channel_id)


async def test_the_owner_needs_no_permission_bits(scene: Scene, route_name: str) -> None:
    route, _ = ROUTES[route_name]
    await world.set_everyone(scene.fakes, scene.guild_id, 0)

    await route(scene, scene.alice, scene.channel_id)


async def test_a_private_channel_needs_an_override(scene: Scene, route_name: str) -> None:
    route, bit = ROUTES[route_name]
    f = scene.fakes
    hidden = await world.add_channel(f, scene.guild_id, ChannelType.GUILD_TEXT, private=True)
    carol = await world.add_user(f, "carol")
    role = await world.add_role(f, scene.guild_id, 0)
    await world.join(f, scene.guild_id, carol, roles=(role,))
    await world.override(f, hidden, role, accept=int(Permission.VIEW_CHANNELS | bit), deny=0)

    await refused(scene, route, scene.bob, hidden)
    await route(scene, carol, hidden)
    await route(scene, scene.alice, hidden)


async def test_dm_participants_may_and_outsiders_may_not(scene: Scene, route_name: str) -> None:
    route, _ = ROUTES[route_name]
    dm = await world.make_dm(scene.fakes, scene.alice, scene.bob)

    await refused(scene, route, scene.eve, dm)
    await no_placeholder_for(scene, dm)
    await route(scene, scene.bob, dm)


async def test_group_dm_outsiders_are_refused(scene: Scene, route_name: str) -> None:
    route, _ = ROUTES[route_name]
    group = await world.make_dm(scene.fakes, scene.alice, scene.bob, kind=ChannelType.GROUP_DM)

    await refused(scene, route, scene.eve, group)
    await route(scene, scene.alice, group)


async def test_a_vanished_guild_refuses_everyone(scene: Scene, route_name: str) -> None:
    route, _ = ROUTES[route_name]
    f = scene.fakes
    # A channel row whose guild is gone (a half-finished deletion) lets nobody in.
    orphan = await world.add_channel(f, f.ids.next_id(), ChannelType.GUILD_TEXT)

    await refused(scene, route, scene.alice, orphan)
