"""Guild, channel and role rules (spec §13.6)."""

import pytest

from domain.channels import (
    CREATABLE_IN_GUILD,
    Channel,
    ChannelType,
    derive_parents,
    sort_for_listing,
    validate_channel_name,
    validate_topic,
)
from domain.errors import ValidationError
from domain.guilds import Guild, validate_guild_name
from domain.permissions import ALL_PERMISSIONS, DEFAULT_GUILD_PERMISSIONS, Permission
from domain.roles import Role, can_manage_role, next_position, sort_roles, validate_role


def problem_of(error: pytest.ExceptionInfo[ValidationError]) -> str:
    return error.value.message


# Guilds


def test_new_guild_gets_the_default_everyone_mask() -> None:
    guild = Guild(id=1, name="parley", owner_id=2)
    assert guild.permissions == DEFAULT_GUILD_PERMISSIONS
    assert guild.system_channel_id is None


def test_rename_validates_the_name() -> None:
    guild = Guild(id=1, name="parley", owner_id=2)
    guild.rename("new-name")
    assert guild.name == "new-name"
    with pytest.raises(ValidationError) as caught:
        guild.rename("x")
    assert problem_of(caught) == "name: guild name must be at least 2 characters."
    assert guild.name == "new-name"


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("a", "name: guild name must be at least 2 characters."),
        ("a" * 101, "name: guild name must be no more than 100 characters."),
    ],
)
def test_guild_name_length(name: str, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_guild_name(name)
    assert problem_of(caught) == problem


def test_guild_names_may_contain_spaces_and_any_letters() -> None:
    validate_guild_name("My Guild ☕")
    validate_guild_name("a" * 100)


def test_set_permissions_accepts_any_valid_mask_and_refuses_negatives() -> None:
    guild = Guild(id=1, name="parley", owner_id=2)
    guild.set_permissions(ALL_PERMISSIONS)
    assert guild.permissions == ALL_PERMISSIONS
    with pytest.raises(ValidationError) as caught:
        guild.set_permissions(-1)
    assert problem_of(caught) == "permissions: must be no less than 0."
    assert guild.permissions == ALL_PERMISSIONS


# Channels


def test_channel_kinds() -> None:
    text = Channel(id=1, type=ChannelType.GUILD_TEXT, guild_id=9)
    dm = Channel(id=2, type=ChannelType.DM)
    voice = Channel(id=3, type=ChannelType.GUILD_VOICE, guild_id=9)
    category = Channel(id=4, type=ChannelType.GUILD_CATEGORY, guild_id=9)
    assert text.is_guild_channel
    assert text.holds_messages
    assert not dm.is_guild_channel
    assert dm.holds_messages
    assert not voice.holds_messages
    assert not category.holds_messages
    assert Channel(id=5, type=ChannelType.THREAD, guild_id=9).holds_messages
    assert Channel(id=6, type=ChannelType.GROUP_DM).holds_messages


def test_only_guild_kinds_are_creatable() -> None:
    assert {int(t) for t in CREATABLE_IN_GUILD} == {0, 1, 2, 5}


@pytest.mark.parametrize("name", ["ab", "general", "voice_1", "a-b", "X" * 100])
def test_valid_channel_names(name: str) -> None:
    validate_channel_name(name)


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("a", "name: channel name must be at least 2 characters."),
        ("a" * 101, "name: channel name must be no more than 100 characters."),
        ("two words", "name: channel name must contain only letters, digits, '_' or '-'."),
        ("café", "name: channel name must contain only letters, digits, '_' or '-'."),
    ],
)
def test_invalid_channel_names(name: str, problem: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_channel_name(name)
    assert problem_of(caught) == problem


def test_topic_length() -> None:
    validate_topic("")
    validate_topic("t" * 1024)
    with pytest.raises(ValidationError) as caught:
        validate_topic("t" * 1025)
    assert problem_of(caught) == "topic: topic must be no more than 1024 characters."


def test_listing_sorts_by_position_then_id() -> None:
    channels = [
        Channel(id=3, type=ChannelType.GUILD_TEXT, guild_id=9, position=1),
        Channel(id=2, type=ChannelType.GUILD_TEXT, guild_id=9, position=1),
        Channel(id=5, type=ChannelType.GUILD_TEXT, guild_id=9, position=0),
    ]
    assert [c.id for c in sort_for_listing(channels)] == [5, 2, 3]


def test_parents_are_the_nearest_category_above() -> None:
    ordered = [
        Channel(id=1, type=ChannelType.GUILD_TEXT, guild_id=9, parent_id=50),
        Channel(id=2, type=ChannelType.GUILD_CATEGORY, guild_id=9, parent_id=51),
        Channel(id=3, type=ChannelType.GUILD_TEXT, guild_id=9),
        Channel(id=4, type=ChannelType.GUILD_VOICE, guild_id=9, parent_id=99),
        Channel(id=5, type=ChannelType.THREAD, guild_id=9, parent_id=1),
        Channel(id=6, type=ChannelType.GUILD_CATEGORY, guild_id=9),
        Channel(id=7, type=ChannelType.GUILD_TEXT, guild_id=9),
    ]
    assert derive_parents(ordered) == {1: None, 2: None, 3: 2, 4: 2, 5: 1, 6: None, 7: 6}


# Roles


def test_valid_role_passes() -> None:
    validate_role("moderators", 0xFFFFFF, Permission.MANAGE_MESSAGES)
    validate_role(None, None, None)
    validate_role("ab", 0, 0)


def test_role_problems_are_reported_together_in_field_order() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_role("x", 0x1000000, -1)
    assert problem_of(caught) == (
        "color: must be between 0 and 16777215; "
        "name: role name must be at least 2 characters; "
        "permissions: must be no less than 0."
    )


def test_negative_colour_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        validate_role(None, -1, None)
    assert problem_of(caught) == "color: must be between 0 and 16777215."


def test_new_roles_go_after_the_last() -> None:
    assert next_position([]) == 0
    roles = [Role(id=1, guild_id=9, name="a", position=3), Role(id=2, guild_id=9, name="b")]
    assert next_position(roles) == 4


def test_roles_sort_by_position_then_id() -> None:
    roles = [
        Role(id=3, guild_id=9, name="c", position=1),
        Role(id=2, guild_id=9, name="b", position=1),
        Role(id=1, guild_id=9, name="a", position=2),
    ]
    assert [r.id for r in sort_roles(roles)] == [2, 3, 1]


def test_a_role_is_managed_only_by_someone_holding_all_its_bits() -> None:
    manager = Permission.MANAGE_ROLES | Permission.SEND_MESSAGES
    assert can_manage_role(manager, Permission.SEND_MESSAGES)
    assert can_manage_role(manager, 0)
    # GoChat let any ManageRoles holder hand out Administrator (spec §17 item 21).
    assert not can_manage_role(manager, Permission.ADMINISTRATOR)
    assert can_manage_role(ALL_PERMISSIONS, Permission.ADMINISTRATOR)
