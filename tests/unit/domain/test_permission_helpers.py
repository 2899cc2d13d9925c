"""GoChat's permission helpers, with the vectors of ``internal/permissions/calculate_test.go``."""

import pytest

from domain.permissions import (
    ALL_PERMISSIONS,
    CHANNEL_OVERRIDE_FORBIDDEN,
    DEFAULT_GUILD_PERMISSIONS,
    GOCHAT_NAMES,
    Permission,
    add,
    allowing,
    check,
    check_any,
    create,
    has_overlap,
    is_valid_mask,
    names,
    remove,
    sanitize_override,
    subtract,
)

VIEW = Permission.VIEW_CHANNELS
MANAGE_CHANNELS = Permission.MANAGE_CHANNELS
MANAGE_ROLES = Permission.MANAGE_ROLES
READ_HISTORY = Permission.READ_MESSAGE_HISTORY
ADMIN = Permission.ADMINISTRATOR


@pytest.mark.parametrize(
    ("mask", "perms", "expected"),
    [
        (0, [VIEW], 1),
        (0, [VIEW, MANAGE_CHANNELS], 3),
        (1, [MANAGE_CHANNELS], 3),
        (1, [VIEW], 1),
        (5, [], 5),
    ],
)
def test_add_permissions(mask: int, perms: list[Permission], expected: int) -> None:
    assert add(mask, *perms) == expected


@pytest.mark.parametrize(
    ("mask", "roles", "expected"),
    [(0, [5], 5), (1, [2, 4], 7), (3, [5, 7], 7), (10, [], 10)],
)
def test_add_roles(mask: int, roles: list[int], expected: int) -> None:
    assert add(mask, *roles) == expected


@pytest.mark.parametrize(
    ("mask", "masks", "expected"),
    [(15, [15], 15), (15, [7], 7), (15, [7, 3], 3), (8, [4], 0), (15, [], 15)],
)
def test_allowing(mask: int, masks: list[int], expected: int) -> None:
    assert allowing(mask, *masks) == expected


@pytest.mark.parametrize(
    ("mask", "perms", "expected"),
    [
        (7927905, [READ_HISTORY, VIEW], True),
        (7, [VIEW, MANAGE_CHANNELS], True),
        (1, [VIEW, MANAGE_CHANNELS], False),
        (ADMIN, [VIEW, MANAGE_CHANNELS], True),
        (5, [], True),
        (0, [VIEW], False),
    ],
)
def test_check_permissions(mask: int, perms: list[Permission], expected: bool) -> None:
    assert check(mask, *perms) is expected


@pytest.mark.parametrize(
    ("mask", "perms", "expected"),
    [
        (1, [VIEW, MANAGE_CHANNELS], True),
        (3, [VIEW, MANAGE_CHANNELS], True),
        (8, [VIEW, MANAGE_CHANNELS], False),
        (5, [], False),
        (0, [VIEW], False),
    ],
)
def test_check_permissions_any(mask: int, perms: list[Permission], expected: bool) -> None:
    assert check_any(mask, *perms) is expected


def test_check_any_has_no_administrator_override() -> None:
    assert check_any(ADMIN, VIEW) is False


@pytest.mark.parametrize(
    ("perms", "expected"),
    [([VIEW], 1), ([VIEW, MANAGE_CHANNELS, MANAGE_ROLES], 7), ([], 0), ([VIEW, VIEW], 1)],
)
def test_create_permissions(perms: list[Permission], expected: int) -> None:
    assert create(*perms) == expected


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [(7, 3, True), (5, 5, True), (8, 4, False), (0, 5, False), (0, 0, False), (15, 12, True)],
)
def test_has_overlap(first: int, second: int, expected: bool) -> None:
    assert has_overlap(first, second) is expected


@pytest.mark.parametrize(
    ("mask", "perms", "expected"),
    [
        (3, [VIEW], 2),
        (7, [VIEW, MANAGE_CHANNELS], 4),
        (1, [MANAGE_CHANNELS], 1),
        (3, [VIEW, MANAGE_CHANNELS], 0),
        (5, [], 5),
    ],
)
def test_remove_permissions(mask: int, perms: list[Permission], expected: int) -> None:
    assert remove(mask, *perms) == expected


@pytest.mark.parametrize(
    ("mask", "other", "expected"),
    [(7, 1, 6), (15, 3, 12), (5, 2, 5), (7, 7, 0), (0, 5, 0), (10, 0, 10)],
)
def test_subtract_roles(mask: int, other: int, expected: int) -> None:
    assert subtract(mask, other) == expected


def test_bit_values_match_the_wire_table() -> None:
    assert [bit.value for bit in Permission] == [1 << n for n in range(29)]
    assert Permission.VOICE_CONNECT.value == 1 << 20
    assert Permission.ADMINISTRATOR.value == 67108864
    assert Permission.MANAGE_EXPRESSIONS.value == 268435456


def test_default_guild_mask_is_the_default_column_of_the_table() -> None:
    defaults = create(
        VIEW,
        Permission.CREATE_INVITE,
        Permission.CHANGE_NICKNAME,
        Permission.SEND_MESSAGES,
        Permission.SEND_MESSAGES_IN_THREADS,
        Permission.CREATE_THREADS,
        Permission.ATTACH_FILES,
        Permission.ADD_REACTIONS,
        READ_HISTORY,
        Permission.VOICE_CONNECT,
        Permission.VOICE_SPEAK,
        Permission.VOICE_VIDEO,
    )
    assert defaults == DEFAULT_GUILD_PERMISSIONS == 7927905


def test_sanitize_override_clears_guild_wide_powers() -> None:
    forbidden = create(
        ADMIN,
        Permission.VIEW_AUDIT_LOG,
        Permission.BAN_MEMBERS,
        Permission.CHANGE_NICKNAME,
        Permission.KICK_MEMBERS,
        Permission.TIMEOUT_MEMBERS,
    )
    assert forbidden == CHANNEL_OVERRIDE_FORBIDDEN
    assert sanitize_override(ALL_PERMISSIONS) == ALL_PERMISSIONS & ~forbidden
    assert sanitize_override(VIEW | Permission.SEND_MESSAGES | ADMIN) == VIEW | 2048


def test_names_lists_gochat_names_lowest_bit_first() -> None:
    assert names(0) == []
    assert names(VIEW | MANAGE_ROLES | ADMIN) == [
        "PermServerViewChannels",
        "PermServerManageRoles",
        "PermAdministrator",
    ]
    assert len(names(ALL_PERMISSIONS)) == len(GOCHAT_NAMES) == 29


@pytest.mark.parametrize(
    ("mask", "valid"),
    [
        (0, True),
        (DEFAULT_GUILD_PERMISSIONS, True),
        (ALL_PERMISSIONS, True),
        (-1, False),
        (ALL_PERMISSIONS + 1, False),
    ],
)
def test_is_valid_mask(mask: int, valid: bool) -> None:
    assert is_valid_mask(mask) is valid
