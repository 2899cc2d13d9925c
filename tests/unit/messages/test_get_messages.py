import msgspec
import pytest

from application.errors import Forbidden, Invalid, NotFound
from application.use_cases.messages.get_messages import GetMessages
from application.wire.embeds import Embed, encode_embeds
from domain.channels import ChannelType
from domain.errors import DomainError, ValidationError
from domain.messages import MessageFlag
from domain.permissions import DEFAULT_GUILD_PERMISSIONS, Permission
from tests.unit.messages import world
from tests.unit.messages.conftest import Scene


async def fill(scene: Scene, count: int, channel_id: int | None = None) -> list[int]:
    target = channel_id or scene.channel_id
    return [
        await world.put_message(scene.fakes, target, scene.alice, f"m{i}") for i in range(count)
    ]


async def page(scene: Scene, **query: object) -> list[int]:
    actor = query.pop("actor", scene.bob)
    channel = query.pop("channel", scene.channel_id)
    result = await scene.run.get(GetMessages(actor_id=actor, channel_id=channel, **query))  # type: ignore[arg-type]
    return [m.id for m in result]


async def test_an_empty_channel_reads_as_an_empty_list(scene: Scene) -> None:
    assert await page(scene) == []
    assert await page(scene, direction="after", from_id=scene.channel_id + 1) == []


async def test_before_is_the_default_and_starts_at_the_newest_message(scene: Scene) -> None:
    ids = await fill(scene, 5)

    assert await page(scene) == ids[::-1]
    assert await page(scene, limit=3) == [ids[4], ids[3], ids[2]]


async def test_before_includes_the_anchor_and_goes_newest_first(scene: Scene) -> None:
    ids = await fill(scene, 5)

    assert await page(scene, direction="before", from_id=ids[2], limit=2) == [ids[2], ids[1]]


async def test_after_includes_the_anchor_and_goes_oldest_first(scene: Scene) -> None:
    ids = await fill(scene, 5)

    assert await page(scene, direction="after", from_id=ids[1], limit=3) == ids[1:4]
    assert await page(scene, direction="after", from_id=ids[3]) == ids[3:]


async def test_after_and_around_need_from(scene: Scene) -> None:
    await fill(scene, 1)

    with pytest.raises(DomainError, match=r"^from parameter required for after direction$"):
        await page(scene, direction="after")
    with pytest.raises(DomainError, match=r"^from parameter required for around direction$"):
        await page(scene, direction="around")


async def test_around_is_a_descending_block_then_an_ascending_one(scene: Scene) -> None:
    ids = await fill(scene, 7)

    got = await page(scene, direction="around", from_id=ids[3], limit=4)

    # before(m3, 2) = [m3, m2]; after(m3, 2) = [m3, m4] without its head.
    assert got == [ids[3], ids[2], ids[4]]


async def test_around_drops_the_head_of_the_after_block_even_if_the_anchor_is_gone(
    scene: Scene,
) -> None:
    ids = await fill(scene, 6)
    await scene.fakes.messages.delete(scene.channel_id, ids[3])

    got = await page(scene, direction="around", from_id=ids[3], limit=6)

    # GoChat's merge: before = [m2, m1, m0], after = [m4, m5] minus its first element.
    assert got == [ids[2], ids[1], ids[0], ids[5]]


async def test_around_with_limit_one_asks_for_zero_on_each_side(scene: Scene) -> None:
    ids = await fill(scene, 3)

    assert await page(scene, direction="around", from_id=ids[1], limit=1) == []


async def test_limit_defaults_to_and_is_clamped_to_fifty(scene: Scene) -> None:
    ids = await fill(scene, 60)

    assert await page(scene) == ids[::-1][:50]
    assert await page(scene, limit=100) == ids[::-1][:50]
    assert await page(scene, limit=51, direction="after", from_id=ids[0]) == ids[:50]


@pytest.mark.parametrize("limit", [0, -1, 101])
async def test_limit_outside_one_to_a_hundred_is_refused(scene: Scene, limit: int) -> None:
    await fill(scene, 1)

    with pytest.raises(ValidationError):
        await page(scene, limit=limit)


async def test_from_at_or_below_the_channel_id_gives_nothing(scene: Scene) -> None:
    await fill(scene, 3)

    assert await page(scene, from_id=scene.channel_id) == []
    assert await page(scene, direction="after", from_id=scene.channel_id - 1) == []


async def test_authors_show_without_discriminator_and_with_nicknames(scene: Scene) -> None:
    f = scene.fakes
    carol = await world.add_user(f, "carol")
    await world.join(f, scene.guild_id, carol, nickname="Caz")
    await world.put_message(f, scene.channel_id, scene.alice, "a")
    await world.put_message(f, scene.channel_id, carol, "c")

    got = await scene.run.get(GetMessages(actor_id=scene.bob, channel_id=scene.channel_id))

    authors = [msgspec.to_builtins(m.author) for m in got]
    assert authors == [
        {"id": carol, "name": "Caz", "discriminator": ""},
        {"id": scene.alice, "name": "alice", "discriminator": ""},
    ]


async def test_unknown_authors_read_as_unknown_user(scene: Scene) -> None:
    ghost = scene.fakes.ids.next_id()
    await world.put_message(scene.fakes, scene.channel_id, ghost, "boo")

    [message] = await scene.run.get(GetMessages(actor_id=scene.bob, channel_id=scene.channel_id))

    assert msgspec.to_builtins(message.author) == {
        "id": ghost,
        "name": "Unknown User",
        "discriminator": "",
    }


async def test_messages_of_banned_authors_are_redacted(scene: Scene) -> None:
    f = scene.fakes
    carol = await world.add_user(f, "carol")
    await world.join(f, scene.guild_id, carol)
    embeds = encode_embeds([Embed(title="t")])
    file_id = await world.attachment(f, scene.channel_id, carol)
    bad = await world.put_message(
        f, scene.channel_id, carol, "spam", attachments=[file_id], embeds=embeds, flags=4
    )
    good = await world.put_message(f, scene.channel_id, scene.alice, "fine", embeds=embeds, flags=4)
    await world.ban(f, scene.guild_id, carol)

    got = {
        m.id: m
        for m in await scene.run.get(GetMessages(actor_id=scene.bob, channel_id=scene.channel_id))
    }

    assert got[bad].content == ""
    assert got[bad].attachments == []
    assert got[bad].embeds == []
    assert got[bad].flags == MessageFlag.SUPPRESS_EMBEDS | MessageFlag.BANNED_AUTHOR
    assert got[good].content == "fine"
    assert got[good].flags == MessageFlag.SUPPRESS_EMBEDS
    assert [bytes(e) for e in got[good].embeds] == [b'{"title":"t"}']


async def test_attachments_keep_their_order_and_skip_lost_ones(scene: Scene) -> None:
    f = scene.fakes
    first = await world.attachment(f, scene.channel_id, scene.alice, filename="a.txt", size=3)
    second = await world.attachment(
        f, scene.channel_id, scene.alice, filename="b.png", content_type="image/png", width=2
    )
    lost = f.ids.next_id()
    await world.put_message(f, scene.channel_id, scene.alice, "", attachments=[second, lost, first])

    [message] = await scene.run.get(GetMessages(actor_id=scene.bob, channel_id=scene.channel_id))

    assert msgspec.to_builtins(message.attachments) == [
        {
            "content_type": "image/png",
            "filename": "b.png",
            "width": 2,
            "url": "https://cdn.example/file.png",
            "size": 10,
        },
        {"filename": "a.txt", "url": "https://cdn.example/file.png", "size": 3},
    ]


async def test_embeds_are_manual_then_generated_unless_suppressed(scene: Scene) -> None:
    f = scene.fakes
    manual = encode_embeds([Embed(title="manual")])
    auto = encode_embeds([Embed(title="auto")])
    shown = await world.put_message(
        f, scene.channel_id, scene.alice, embeds=manual, auto_embeds=auto
    )
    hidden = await world.put_message(
        f, scene.channel_id, scene.alice, embeds=manual, auto_embeds=auto, flags=4
    )

    got = {
        m.id: m
        for m in await scene.run.get(GetMessages(actor_id=scene.bob, channel_id=scene.channel_id))
    }

    assert [bytes(e) for e in got[shown].embeds] == [b'{"title":"manual"}', b'{"title":"auto"}']
    assert [bytes(e) for e in got[hidden].embeds] == [b'{"title":"manual"}']


async def test_wire_shape_of_an_edited_message(scene: Scene) -> None:
    message_id = await world.put_message(
        scene.fakes, scene.channel_id, scene.alice, "x", edited_at_ms=1_700_000_000_500
    )

    [message] = await scene.run.get(GetMessages(actor_id=scene.bob, channel_id=scene.channel_id))

    assert msgspec.json.decode(msgspec.json.encode(message)) == {
        "id": message_id,
        "channel_id": scene.channel_id,
        "author": {"id": scene.alice, "name": "alice", "discriminator": ""},
        "content": "x",
        "type": 0,
        "updated_at": "2023-11-14T22:13:20.5Z",
    }


async def test_missing_channel_is_404(scene: Scene) -> None:
    with pytest.raises(NotFound, match=r"^channel not found$"):
        await page(scene, channel=scene.fakes.ids.next_id())


@pytest.mark.parametrize("kind", [ChannelType.GUILD_VOICE, ChannelType.GUILD_CATEGORY])
async def test_voice_channels_and_categories_hold_no_messages(
    scene: Scene, kind: ChannelType
) -> None:
    channel_id = await world.add_channel(scene.fakes, scene.guild_id, kind)

    with pytest.raises(Invalid, match=r"^unable to read from this channel$"):
        await page(scene, channel=channel_id)


async def test_reading_needs_view_channels_and_read_message_history(scene: Scene) -> None:
    await fill(scene, 1)
    f = scene.fakes
    await world.set_everyone(
        f, scene.guild_id, DEFAULT_GUILD_PERMISSIONS & ~Permission.READ_MESSAGE_HISTORY
    )

    with pytest.raises(Forbidden, match=r"^permissions required$"):
        await page(scene)
    assert len(await page(scene, actor=scene.alice)) == 1


async def test_strangers_to_the_guild_cannot_read(scene: Scene) -> None:
    await fill(scene, 1)

    with pytest.raises(Forbidden):
        await page(scene, actor=scene.eve)


async def test_dms_are_readable_by_participants_only(scene: Scene) -> None:
    dm = await world.make_dm(scene.fakes, scene.alice, scene.bob)
    ids = await fill(scene, 2, dm)

    assert await page(scene, channel=dm) == ids[::-1]
    with pytest.raises(Forbidden):
        await page(scene, channel=dm, actor=scene.eve)


async def test_dm_history_has_no_guild_decorations(scene: Scene) -> None:
    dm = await world.make_dm(scene.fakes, scene.alice, scene.bob)
    await world.put_message(scene.fakes, dm, scene.alice)

    [message] = await scene.run.get(GetMessages(actor_id=scene.bob, channel_id=dm))

    assert message.author.name == "alice"
    assert message.author.discriminator == ""


async def test_threads_follow_their_parents_permissions(scene: Scene) -> None:
    f = scene.fakes
    hidden = await world.add_channel(f, scene.guild_id, ChannelType.GUILD_TEXT, private=True)
    thread = await world.add_channel(f, scene.guild_id, ChannelType.THREAD, parent_id=hidden)
    ids = await fill(scene, 1, thread)

    with pytest.raises(Forbidden):
        await page(scene, channel=thread)
    assert await page(scene, channel=thread, actor=scene.alice) == ids
