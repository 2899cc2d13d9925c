"""GoChat's 29 permission bits and the effective-permission rules, with membership enforced.

GoChat computes permissions without checking that the user is a member of the guild and lets a
role override's deny filter only that role's own bits (spec §17, items 16 and 19). Parley keeps
the bits and the wire values but computes as the documentation describes: members only, the
Administrator bit short-circuits, and overrides deny-then-allow over the accumulated mask.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntFlag


class Permission(IntFlag):
    """One bit per capability; values are on the wire and in stored masks."""

    VIEW_CHANNELS = 1 << 0
    MANAGE_CHANNELS = 1 << 1
    MANAGE_ROLES = 1 << 2
    VIEW_AUDIT_LOG = 1 << 3
    MANAGE_SERVER = 1 << 4
    CREATE_INVITE = 1 << 5
    CHANGE_NICKNAME = 1 << 6
    MANAGE_NICKNAMES = 1 << 7
    KICK_MEMBERS = 1 << 8
    BAN_MEMBERS = 1 << 9
    TIMEOUT_MEMBERS = 1 << 10
    SEND_MESSAGES = 1 << 11
    SEND_MESSAGES_IN_THREADS = 1 << 12
    CREATE_THREADS = 1 << 13
    ATTACH_FILES = 1 << 14
    ADD_REACTIONS = 1 << 15
    MENTION_ROLES = 1 << 16
    MANAGE_MESSAGES = 1 << 17
    MANAGE_THREADS = 1 << 18
    READ_MESSAGE_HISTORY = 1 << 19
    VOICE_CONNECT = 1 << 20
    VOICE_SPEAK = 1 << 21
    VOICE_VIDEO = 1 << 22
    VOICE_MUTE_MEMBERS = 1 << 23
    VOICE_DEAFEN_MEMBERS = 1 << 24
    VOICE_MOVE_MEMBERS = 1 << 25
    ADMINISTRATOR = 1 << 26
    CREATE_EXPRESSIONS = 1 << 27
    MANAGE_EXPRESSIONS = 1 << 28


GOCHAT_NAMES: dict[Permission, str] = {
    Permission.VIEW_CHANNELS: "PermServerViewChannels",
    Permission.MANAGE_CHANNELS: "PermServerManageChannels",
    Permission.MANAGE_ROLES: "PermServerManageRoles",
    Permission.VIEW_AUDIT_LOG: "PermServerViewAuditLog",
    Permission.MANAGE_SERVER: "PermServerManage",
    Permission.CREATE_INVITE: "PermMembershipCreateInvite",
    Permission.CHANGE_NICKNAME: "PermMembershipChangeNickname",
    Permission.MANAGE_NICKNAMES: "PermMembershipManageNickname",
    Permission.KICK_MEMBERS: "PermMembershipKickMembers",
    Permission.BAN_MEMBERS: "PermMembershipBanMembers",
    Permission.TIMEOUT_MEMBERS: "PermMembershipTimeoutMembers",
    Permission.SEND_MESSAGES: "PermTextSendMessage",
    Permission.SEND_MESSAGES_IN_THREADS: "PermTextSendMessageInThreads",
    Permission.CREATE_THREADS: "PermTextCreateThreads",
    Permission.ATTACH_FILES: "PermTextAttachFiles",
    Permission.ADD_REACTIONS: "PermTextAddReactions",
    Permission.MENTION_ROLES: "PermTextMentionRoles",
    Permission.MANAGE_MESSAGES: "PermTextManageMessages",
    Permission.MANAGE_THREADS: "PermTextManageThreads",
    Permission.READ_MESSAGE_HISTORY: "PermTextReadMessageHistory",
    Permission.VOICE_CONNECT: "PermVoiceConnect",
    Permission.VOICE_SPEAK: "PermVoiceSpeak",
    Permission.VOICE_VIDEO: "PermVoiceVideo",
    Permission.VOICE_MUTE_MEMBERS: "PermVoiceMuteMembers",
    Permission.VOICE_DEAFEN_MEMBERS: "PermVoiceDeafenMembers",
    Permission.VOICE_MOVE_MEMBERS: "PermVoiceMoveMembers",
    Permission.ADMINISTRATOR: "PermAdministrator",
    Permission.CREATE_EXPRESSIONS: "PermCreateExpressions",
    Permission.MANAGE_EXPRESSIONS: "PermManageExpressions",
}

DEFAULT_GUILD_PERMISSIONS = 7_927_905
"""The "everyone" mask a new guild gets (bits marked default in spec §4.1)."""

ALL_PERMISSIONS = 0x7FFF_FFFF_FFFF_FFFF
"""What an owner holds: every bit, including ones defined later."""

NO_PERMISSIONS = 0

CHANNEL_OVERRIDE_FORBIDDEN = (
    Permission.ADMINISTRATOR
    | Permission.VIEW_AUDIT_LOG
    | Permission.BAN_MEMBERS
    | Permission.CHANGE_NICKNAME
    | Permission.KICK_MEMBERS
    | Permission.TIMEOUT_MEMBERS
)
"""Guild-wide powers that a per-channel override may never grant or deny."""


def check(mask: int, *required: Permission) -> bool:
    """True when ``mask`` holds every required bit; Administrator holds them all."""
    if mask & Permission.ADMINISTRATOR:
        return True
    needed = create(*required)
    return mask & needed == needed


def check_any(mask: int, *wanted: Permission) -> bool:
    """True when ``mask`` holds at least one wanted bit (no Administrator override)."""
    return bool(mask & create(*wanted))


def create(*bits: Permission) -> int:
    result = 0
    for bit in bits:
        result |= bit
    return result


def add(mask: int, *masks: int) -> int:
    for other in masks:
        mask |= other
    return mask


def remove(mask: int, *bits: Permission) -> int:
    return mask & ~create(*bits)


def allowing(mask: int, *masks: int) -> int:
    for other in masks:
        mask &= other
    return mask


def subtract(mask: int, other: int) -> int:
    return mask & ~other


def has_overlap(first: int, second: int) -> bool:
    return first & second != 0


def sanitize_override(mask: int) -> int:
    """Strip bits that channel overrides must not carry (applied on insert and update)."""
    return mask & ~CHANNEL_OVERRIDE_FORBIDDEN


def names(mask: int) -> list[str]:
    """GoChat's names of the bits set in ``mask``, lowest bit first."""
    return [name for bit, name in GOCHAT_NAMES.items() if mask & bit]


def is_valid_mask(mask: int) -> bool:
    return 0 <= mask <= ALL_PERMISSIONS


@dataclass(frozen=True, slots=True)
class Override:
    """A per-channel accept/deny pair for one role or one user."""

    accept: int
    deny: int


@dataclass(frozen=True, slots=True)
class GuildAccess:
    """Who the actor is in a guild: everything the guild-level computation needs."""

    owner_id: int
    actor_id: int
    is_member: bool
    base: int
    role_masks: Mapping[int, int]
    """Role id → role permissions, for the actor's roles only."""

    @property
    def is_owner(self) -> bool:
        return self.actor_id == self.owner_id

    def guild_mask(self) -> int:
        """The actor's guild-wide mask; non-members get nothing (GoChat gave them the base)."""
        if self.is_owner:
            return ALL_PERMISSIONS
        if not self.is_member:
            return NO_PERMISSIONS
        mask = add(self.base, *self.role_masks.values())
        return ALL_PERMISSIONS if mask & Permission.ADMINISTRATOR else mask

    def allows(self, *required: Permission) -> bool:
        """Members only: a non-member is refused even when no bit is asked for."""
        if not (self.is_owner or self.is_member):
            return False
        return check(self.guild_mask(), *required)


@dataclass(frozen=True, slots=True)
class ChannelAccess:
    """A guild channel's permission inputs for one actor."""

    guild: GuildAccess
    channel_base: int | None
    """The channel's own base mask; None means the guild's."""
    private: bool
    role_overrides: Mapping[int, Override]
    """Role id → override on this channel (only the actor's roles matter)."""
    user_override: Override | None = None

    def channel_mask(self) -> int:
        """Effective mask in this channel: 0 when the channel is hidden from the actor.

        Deny-then-accept: role overrides of all the actor's roles are combined (their denies
        then their accepts), then the user's own override. A private channel is visible only
        to the owner, administrators, and actors with an override on it.
        """
        guild = self.guild
        if guild.is_owner:
            return ALL_PERMISSIONS
        if not guild.is_member:
            return NO_PERMISSIONS
        base = self.channel_base if self.channel_base is not None else guild.base
        mask = add(base, *guild.role_masks.values())
        if mask & Permission.ADMINISTRATOR:
            return ALL_PERMISSIONS
        relevant = [self.role_overrides[r] for r in guild.role_masks if r in self.role_overrides]
        deny = add(0, *(o.deny for o in relevant))
        accept = add(0, *(o.accept for o in relevant))
        mask = (mask & ~sanitize_override(deny)) | sanitize_override(accept)
        if self.user_override is not None:
            user = self.user_override
            mask = (mask & ~sanitize_override(user.deny)) | sanitize_override(user.accept)
        if self.private and not relevant and self.user_override is None:
            return NO_PERMISSIONS
        return mask

    def allows(self, *required: Permission) -> bool:
        mask = self.channel_mask()
        return mask != NO_PERMISSIONS and check(mask, *required)


def overrides_for(
    overrides: Mapping[int, Override], role_ids: Iterable[int]
) -> dict[int, Override]:
    """Keep only the overrides of the given roles."""
    return {role_id: overrides[role_id] for role_id in role_ids if role_id in overrides}
