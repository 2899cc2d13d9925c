"""Effective permissions: Parley's documented rules, not GoChat's holes (spec §4.2, §17 16-20)."""

from collections.abc import Mapping

from domain.permissions import (
    ALL_PERMISSIONS,
    DEFAULT_GUILD_PERMISSIONS,
    NO_PERMISSIONS,
    ChannelAccess,
    GuildAccess,
    Override,
    Permission,
    overrides_for,
)

OWNER, ACTOR = 10, 20
MOD_ROLE, MUTED_ROLE, OTHER_ROLE = 100, 200, 300

VIEW = Permission.VIEW_CHANNELS
SEND = Permission.SEND_MESSAGES
ATTACH = Permission.ATTACH_FILES
ADMIN = Permission.ADMINISTRATOR
MANAGE_MESSAGES = Permission.MANAGE_MESSAGES
BAN = Permission.BAN_MEMBERS
KICK = Permission.KICK_MEMBERS


def guild(
    *,
    actor: int = ACTOR,
    is_member: bool = True,
    base: int = DEFAULT_GUILD_PERMISSIONS,
    roles: Mapping[int, int] | None = None,
) -> GuildAccess:
    return GuildAccess(
        owner_id=OWNER, actor_id=actor, is_member=is_member, base=base, role_masks=roles or {}
    )


def channel(
    access: GuildAccess,
    *,
    base: int | None = None,
    private: bool = False,
    role_overrides: Mapping[int, Override] | None = None,
    user_override: Override | None = None,
) -> ChannelAccess:
    return ChannelAccess(
        guild=access,
        channel_base=base,
        private=private,
        role_overrides=role_overrides or {},
        user_override=user_override,
    )


# Guild level


def test_owner_holds_everything_even_without_a_membership_row() -> None:
    access = guild(actor=OWNER, is_member=False, base=0)
    assert access.is_owner
    assert access.guild_mask() == ALL_PERMISSIONS
    assert access.allows(ADMIN, Permission.MANAGE_SERVER)


def test_non_member_gets_nothing_although_gochat_gave_the_base_mask() -> None:
    access = guild(is_member=False, roles={MOD_ROLE: MANAGE_MESSAGES})
    assert not access.is_owner
    assert access.guild_mask() == NO_PERMISSIONS
    assert not access.allows(VIEW)
    assert not access.allows(Permission.CREATE_INVITE)


def test_non_member_is_refused_even_when_no_bit_is_asked_for() -> None:
    assert not guild(is_member=False).allows()


def test_member_mask_is_base_or_role_masks() -> None:
    access = guild(base=VIEW, roles={MOD_ROLE: MANAGE_MESSAGES, OTHER_ROLE: SEND})
    assert access.guild_mask() == VIEW | MANAGE_MESSAGES | SEND
    assert access.allows(VIEW, MANAGE_MESSAGES)
    assert not access.allows(BAN)
    assert access.allows()


def test_administrator_role_short_circuits_to_every_bit() -> None:
    access = guild(base=0, roles={MOD_ROLE: ADMIN})
    assert access.guild_mask() == ALL_PERMISSIONS
    assert access.allows(BAN, Permission.MANAGE_EXPRESSIONS)


def test_administrator_in_the_base_mask_short_circuits_too() -> None:
    assert guild(base=ADMIN).guild_mask() == ALL_PERMISSIONS


# Channel level


def test_owner_sees_a_private_channel_with_everything() -> None:
    access = channel(guild(actor=OWNER, is_member=False), base=0, private=True)
    assert access.channel_mask() == ALL_PERMISSIONS
    assert access.allows(SEND)


def test_non_member_gets_nothing_in_a_public_channel() -> None:
    access = channel(
        guild(is_member=False), role_overrides={MOD_ROLE: Override(accept=SEND, deny=0)}
    )
    assert access.channel_mask() == NO_PERMISSIONS
    assert not access.allows(VIEW)


def test_channel_base_replaces_the_guild_base_when_set() -> None:
    access = guild(base=VIEW | SEND)
    assert channel(access).channel_mask() == VIEW | SEND
    assert channel(access, base=VIEW).channel_mask() == VIEW
    assert not channel(access, base=VIEW).allows(SEND)


def test_channel_base_of_zero_is_a_real_mask_not_absent() -> None:
    access = channel(guild(base=VIEW | SEND), base=0)
    assert access.channel_mask() == NO_PERMISSIONS
    assert not access.allows()


def test_role_masks_add_to_the_channel_base() -> None:
    access = channel(guild(base=VIEW, roles={MOD_ROLE: MANAGE_MESSAGES}), base=VIEW | SEND)
    assert access.channel_mask() == VIEW | SEND | MANAGE_MESSAGES


def test_administrator_short_circuits_before_overrides_and_the_private_gate() -> None:
    access = channel(
        guild(base=VIEW, roles={MOD_ROLE: ADMIN}),
        private=True,
        role_overrides={MOD_ROLE: Override(accept=0, deny=VIEW | SEND)},
        user_override=Override(accept=0, deny=ALL_PERMISSIONS),
    )
    assert access.channel_mask() == ALL_PERMISSIONS
    assert access.allows(SEND)


def test_administrator_granted_only_by_the_channel_base_also_short_circuits() -> None:
    assert channel(guild(base=VIEW), base=ADMIN).channel_mask() == ALL_PERMISSIONS


def test_role_deny_removes_a_bit_granted_by_the_base_mask() -> None:
    # GoChat's deny filtered only the role's own bits (§17 item 19); here it applies to the mask.
    access = channel(
        guild(base=VIEW | SEND, roles={MUTED_ROLE: 0}),
        role_overrides={MUTED_ROLE: Override(accept=0, deny=SEND)},
    )
    assert access.channel_mask() == VIEW
    assert not access.allows(SEND)


def test_role_deny_removes_a_bit_granted_by_another_role() -> None:
    access = channel(
        guild(base=VIEW, roles={MOD_ROLE: MANAGE_MESSAGES, MUTED_ROLE: 0}),
        role_overrides={MUTED_ROLE: Override(accept=0, deny=MANAGE_MESSAGES)},
    )
    assert access.channel_mask() == VIEW


def test_role_accepts_win_over_role_denies() -> None:
    access = channel(
        guild(base=VIEW | SEND, roles={MOD_ROLE: 0, MUTED_ROLE: 0}),
        role_overrides={
            MUTED_ROLE: Override(accept=0, deny=SEND | ATTACH),
            MOD_ROLE: Override(accept=SEND, deny=0),
        },
    )
    assert access.channel_mask() == VIEW | SEND
    assert access.allows(SEND)
    assert not access.allows(ATTACH)


def test_overrides_of_roles_the_actor_lacks_are_ignored() -> None:
    access = channel(
        guild(base=VIEW | SEND, roles={MOD_ROLE: 0}),
        role_overrides={OTHER_ROLE: Override(accept=ATTACH, deny=SEND)},
    )
    assert access.channel_mask() == VIEW | SEND


def test_user_override_applies_after_role_overrides() -> None:
    access = channel(
        guild(base=VIEW, roles={MOD_ROLE: 0}),
        role_overrides={MOD_ROLE: Override(accept=SEND, deny=ATTACH)},
        user_override=Override(accept=ATTACH, deny=SEND),
    )
    assert access.channel_mask() == VIEW | ATTACH
    assert not access.allows(SEND)
    assert access.allows(ATTACH)


def test_user_override_deny_applies_to_the_whole_mask() -> None:
    access = channel(
        guild(base=VIEW | SEND, roles={MOD_ROLE: MANAGE_MESSAGES}),
        user_override=Override(accept=0, deny=SEND | MANAGE_MESSAGES),
    )
    assert access.channel_mask() == VIEW


def test_private_channel_is_hidden_without_an_override() -> None:
    access = channel(guild(base=DEFAULT_GUILD_PERMISSIONS, roles={MOD_ROLE: SEND}), private=True)
    assert access.channel_mask() == NO_PERMISSIONS
    assert not access.allows(VIEW)
    assert not access.allows()


def test_private_channel_ignores_overrides_of_roles_the_actor_lacks() -> None:
    access = channel(
        guild(roles={MOD_ROLE: 0}),
        private=True,
        role_overrides={OTHER_ROLE: Override(accept=VIEW, deny=0)},
    )
    assert access.channel_mask() == NO_PERMISSIONS


def test_private_channel_opens_with_a_role_override_even_an_empty_one() -> None:
    access = channel(
        guild(base=VIEW | SEND, roles={MOD_ROLE: 0}),
        private=True,
        role_overrides={MOD_ROLE: Override(accept=0, deny=0)},
    )
    assert access.channel_mask() == VIEW | SEND
    assert access.allows(VIEW, SEND)


def test_private_channel_opens_with_a_user_override() -> None:
    access = channel(guild(base=VIEW), private=True, user_override=Override(accept=SEND, deny=0))
    assert access.channel_mask() == VIEW | SEND


def test_private_channel_override_that_denies_view_still_refuses_view() -> None:
    access = channel(
        guild(base=VIEW | SEND), private=True, user_override=Override(accept=0, deny=VIEW)
    )
    assert access.channel_mask() == SEND
    assert not access.allows(VIEW)


def test_overrides_cannot_grant_administrator_or_guild_wide_powers() -> None:
    access = channel(
        guild(base=VIEW, roles={MOD_ROLE: 0}),
        role_overrides={MOD_ROLE: Override(accept=ADMIN | BAN | SEND, deny=0)},
        user_override=Override(accept=KICK | ATTACH, deny=0),
    )
    assert access.channel_mask() == VIEW | SEND | ATTACH
    assert not access.allows(BAN)
    assert not access.allows(KICK)


def test_overrides_cannot_deny_guild_wide_powers() -> None:
    access = channel(
        guild(base=VIEW | BAN, roles={MOD_ROLE: KICK}),
        role_overrides={MOD_ROLE: Override(accept=0, deny=BAN)},
        user_override=Override(accept=0, deny=KICK),
    )
    assert access.channel_mask() == VIEW | BAN | KICK


def test_overrides_for_keeps_only_the_given_roles() -> None:
    overrides = {
        MOD_ROLE: Override(accept=SEND, deny=0),
        MUTED_ROLE: Override(accept=0, deny=SEND),
    }
    assert overrides_for(overrides, [MUTED_ROLE, OTHER_ROLE]) == {MUTED_ROLE: overrides[MUTED_ROLE]}
    assert overrides_for(overrides, []) == {}
