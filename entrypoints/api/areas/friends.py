"""Friend routes (spec §2.4.2 rows 18-24): friends, friend requests, the DM with a friend."""

from typing import Any

import msgspec
from dependency_injector import containers, providers
from litestar import Controller, Request, delete, get, post
from litestar.response import Response

from application.use_cases.dms.open_dm import OpenDm, OpenDmHandler
from application.use_cases.friends.accept_friend_request import (
    AcceptFriendRequest,
    AcceptFriendRequestHandler,
)
from application.use_cases.friends.decline_friend_request import (
    DeclineFriendRequest,
    DeclineFriendRequestHandler,
)
from application.use_cases.friends.list_friend_requests import (
    ListFriendRequests,
    ListFriendRequestsHandler,
)
from application.use_cases.friends.list_friends import ListFriends, ListFriendsHandler
from application.use_cases.friends.remove_friend import RemoveFriend, RemoveFriendHandler
from application.use_cases.friends.send_friend_request import (
    SendFriendRequest,
    SendFriendRequestHandler,
)
from application.wire.dto import ChannelDTO, UserDTO
from entrypoints.common.http import QuotedId, ok, parse_quoted_id, read_body


class FriendUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()

    friends_list = providers.Singleton(ListFriendsHandler, uow=ports.uow)
    friends_send_request = providers.Singleton(
        SendFriendRequestHandler, uow=ports.uow, events=ports.events, clock=ports.clock
    )
    friends_remove = providers.Singleton(RemoveFriendHandler, uow=ports.uow, events=ports.events)
    friends_list_requests = providers.Singleton(ListFriendRequestsHandler, uow=ports.uow)
    friends_accept_request = providers.Singleton(
        AcceptFriendRequestHandler, uow=ports.uow, events=ports.events, clock=ports.clock
    )
    friends_decline_request = providers.Singleton(DeclineFriendRequestHandler, uow=ports.uow)
    friends_open_dm = providers.Singleton(
        OpenDmHandler, uow=ports.uow, ids=ports.ids, clock=ports.clock
    )


class SendFriendRequestBody(msgspec.Struct, forbid_unknown_fields=False):
    discriminator: str = ""


class FriendIdBody(msgspec.Struct, forbid_unknown_fields=False):
    """``{"user_id": "<id>"}``: GoChat requires the id as a quoted string here."""

    user_id: QuotedId


async def _quoted_user_id(request: Request[Any, Any, Any]) -> int:
    return parse_quoted_id((await read_body(request, FriendIdBody)).user_id)


class FriendController(Controller):
    path = "/api/v1/user/me/friends"
    tags = ["user"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @get("/")
    async def list_friends(self, actor: int, friends_list: ListFriendsHandler) -> list[UserDTO]:
        """The caller's friends."""
        return await friends_list(ListFriends(actor_id=actor))

    @post("/", status_code=200)
    async def send_request(
        self,
        request: Request[Any, Any, Any],
        actor: int,
        friends_send_request: SendFriendRequestHandler,
    ) -> Response[str]:
        """Ask the user with ``discriminator`` to be friends; publishes 402 to them."""
        body = await read_body(request, SendFriendRequestBody)
        await friends_send_request(
            SendFriendRequest(actor_id=actor, discriminator=body.discriminator)
        )
        return ok()

    @delete("/", status_code=200)
    async def remove_friend(
        self, request: Request[Any, Any, Any], actor: int, friends_remove: RemoveFriendHandler
    ) -> Response[str]:
        """End a friendship; publishes 404 to both users."""
        friend_id = await _quoted_user_id(request)
        await friends_remove(RemoveFriend(actor_id=actor, friend_id=friend_id))
        return ok()

    @get("/requests")
    async def list_requests(
        self, actor: int, friends_list_requests: ListFriendRequestsHandler
    ) -> list[UserDTO]:
        """Who asked the caller to be friends."""
        return await friends_list_requests(ListFriendRequests(actor_id=actor))

    @post("/requests", status_code=200)
    async def accept_request(
        self,
        request: Request[Any, Any, Any],
        actor: int,
        friends_accept_request: AcceptFriendRequestHandler,
    ) -> Response[str]:
        """Accept a friend request; publishes 403 to both users."""
        sender_id = await _quoted_user_id(request)
        await friends_accept_request(AcceptFriendRequest(actor_id=actor, sender_id=sender_id))
        return ok()

    @delete("/requests", status_code=200)
    async def decline_request(
        self,
        request: Request[Any, Any, Any],
        actor: int,
        friends_decline_request: DeclineFriendRequestHandler,
    ) -> Response[str]:
        """Decline a friend request."""
        sender_id = await _quoted_user_id(request)
        await friends_decline_request(DeclineFriendRequest(actor_id=actor, sender_id=sender_id))
        return ok()

    @get("/{user_id:int}")
    async def open_dm(self, user_id: int, actor: int, friends_open_dm: OpenDmHandler) -> ChannelDTO:
        """The DM with this user, created on first use."""
        return await friends_open_dm(OpenDm(actor_id=actor, recipient_id=user_id))


UseCases = FriendUseCases
CONTROLLERS: list[type[Controller]] = [FriendController]
