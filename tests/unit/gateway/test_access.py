"""Identify, op 5 authorization and the per-event viewer check, over the memory fakes."""

import pytest

from application.errors import Forbidden, NotFound, Unauthorized
from application.use_cases.gateway.authorize_channel import (
    AuthorizeChannel,
    AuthorizeChannelHandler,
    ChannelGrant,
)
from application.use_cases.gateway.authorize_guilds import AuthorizeGuilds, AuthorizeGuildsHandler
from application.use_cases.gateway.channel_viewers import ChannelViewers, ChannelViewersHandler
from application.use_cases.gateway.identify import Identify, IdentifyHandler
from domain.channels import ChannelType
from domain.permissions import Permission
from tests.unit.fakes import Fakes
from tests.unit.messages import world

VIEW = int(Permission.VIEW_CHANNELS)


def identify(fakes: Fakes) -> IdentifyHandler:
    return IdentifyHandler(tokens=fakes.tokens, uow=fakes.uow, random=fakes.random)


async def test_identify_accepts_an_access_token_with_or_without_bearer(fakes: Fakes) -> None:
    user = await world.add_user(fakes, "alice")
    token = fakes.tokens.issue(user, "jti").token

    plain = await identify(fakes)(Identify(token=token))
    prefixed = await identify(fakes)(Identify(token=f"Bearer {token}", session_id="prev"))

    assert plain.user_id == prefixed.user_id == user
    assert len(plain.session_id) == 32
    assert prefixed.session_id == "prev"


@pytest.mark.parametrize("kind", ["garbage", "refresh"])
async def test_identify_refuses_bad_tokens(fakes: Fakes, kind: str) -> None:
    user = await world.add_user(fakes, "alice")
    pair = fakes.tokens.issue(user, "jti")
    token = pair.refresh_token if kind == "refresh" else "garbage"

    with pytest.raises(Unauthorized):
        await identify(fakes)(Identify(token=token))


async def test_identify_refuses_a_token_of_a_user_that_is_gone(fakes: Fakes) -> None:
    token = fakes.tokens.issue(4242, "jti").token

    with pytest.raises(Unauthorized, match="unable to get user"):
        await identify(fakes)(Identify(token=token))


async def test_guild_subscriptions_keep_only_guilds_the_actor_belongs_to(fakes: Fakes) -> None:
    alice = await world.add_user(fakes, "alice")
    bob = await world.add_user(fakes, "bob")
    mine, _ = await world.make_guild(fakes, alice)
    theirs, _ = await world.make_guild(fakes, bob)
    joined, _ = await world.make_guild(fakes, bob)
    await world.join(fakes, joined, alice)
    authorize = AuthorizeGuildsHandler(uow=fakes.uow)

    allowed = await authorize(
        AuthorizeGuilds(actor_id=alice, guild_ids=[theirs, joined, 999, mine, joined])
    )

    assert allowed == [joined, mine]


async def test_channel_subscription_needs_membership_and_view(fakes: Fakes) -> None:
    alice = await world.add_user(fakes, "alice")
    bob = await world.add_user(fakes, "bob")
    eve = await world.add_user(fakes, "eve")
    guild, general = await world.make_guild(fakes, alice)
    await world.join(fakes, guild, bob)
    secret = await world.add_channel(fakes, guild, ChannelType.GUILD_TEXT, private=True)
    authorize = AuthorizeChannelHandler(uow=fakes.uow)

    granted = await authorize(AuthorizeChannel(actor_id=bob, channel_id=general))

    assert granted == ChannelGrant(channel_id=general, guild_id=guild)
    for actor, channel in ((eve, general), (bob, secret)):
        with pytest.raises(Forbidden):
            await authorize(AuthorizeChannel(actor_id=actor, channel_id=channel))
    with pytest.raises(NotFound):
        await authorize(AuthorizeChannel(actor_id=bob, channel_id=12345))


async def test_channel_subscription_in_dms_needs_participation(fakes: Fakes) -> None:
    alice = await world.add_user(fakes, "alice")
    bob = await world.add_user(fakes, "bob")
    eve = await world.add_user(fakes, "eve")
    dm = await world.make_dm(fakes, alice, bob)
    authorize = AuthorizeChannelHandler(uow=fakes.uow)

    granted = await authorize(AuthorizeChannel(actor_id=bob, channel_id=dm))

    assert granted == ChannelGrant(channel_id=dm, guild_id=None)
    with pytest.raises(Forbidden):
        await authorize(AuthorizeChannel(actor_id=eve, channel_id=dm))


async def test_viewers_of_a_private_channel_are_the_owner_and_overridden_roles(
    fakes: Fakes,
) -> None:
    alice = await world.add_user(fakes, "alice")
    bob = await world.add_user(fakes, "bob")
    carol = await world.add_user(fakes, "carol")
    eve = await world.add_user(fakes, "eve")
    guild, general = await world.make_guild(fakes, alice)
    role = await world.add_role(fakes, guild, 0)
    await world.join(fakes, guild, bob, roles=(role,))
    await world.join(fakes, guild, carol)
    secret = await world.add_channel(fakes, guild, ChannelType.GUILD_TEXT, private=True)
    await world.override(fakes, secret, role, accept=VIEW, deny=0)
    viewers = ChannelViewersHandler(uow=fakes.uow)
    everyone = [alice, bob, carol, eve]

    assert await viewers(ChannelViewers(channel_id=general, user_ids=everyone)) == {
        alice,
        bob,
        carol,
    }
    assert await viewers(ChannelViewers(channel_id=secret, user_ids=everyone)) == {alice, bob}


async def test_viewers_of_a_thread_follow_its_parent_and_many_users_are_read_at_once(
    fakes: Fakes,
) -> None:
    alice = await world.add_user(fakes, "alice")
    members = [await world.add_user(fakes, f"user{n}") for n in range(10)]
    guild, _ = await world.make_guild(fakes, alice)
    for member in members:
        await world.join(fakes, guild, member)
    secret = await world.add_channel(fakes, guild, ChannelType.GUILD_TEXT, private=True)
    thread = await world.add_channel(fakes, guild, ChannelType.THREAD, parent_id=secret)
    viewers = ChannelViewersHandler(uow=fakes.uow)

    seen = await viewers(ChannelViewers(channel_id=thread, user_ids=[alice, *members]))

    assert seen == {alice}


async def test_viewers_of_dms_unknown_channels_and_orphans(fakes: Fakes) -> None:
    alice = await world.add_user(fakes, "alice")
    bob = await world.add_user(fakes, "bob")
    dm = await world.make_dm(fakes, alice, bob)
    orphan = await world.add_channel(fakes, 777, ChannelType.GUILD_TEXT)
    viewers = ChannelViewersHandler(uow=fakes.uow)

    assert await viewers(ChannelViewers(channel_id=dm, user_ids=[alice, 9])) == {alice}
    assert await viewers(ChannelViewers(channel_id=4040, user_ids=[alice])) == frozenset()
    assert await viewers(ChannelViewers(channel_id=orphan, user_ids=[alice])) == frozenset()
