"""Auth routes (spec §2.4.1), served under ``/api/v1/auth``. None needs an access token."""

from typing import Any

from litestar import Controller, Request, Response, get, post

from application.use_cases.auth.confirm import Confirm, ConfirmHandler
from application.use_cases.auth.login import Login, LoginHandler
from application.use_cases.auth.recover import Recover, RecoverHandler
from application.use_cases.auth.refresh import Refresh, RefreshHandler
from application.use_cases.auth.register import Register, RegisterHandler, RegisterOutcome
from application.use_cases.auth.reset import ResetPassword, ResetPasswordHandler
from application.wire.dto import TokenPairDTO
from entrypoints.common.http import accepted, created, ok, read_body, text
from entrypoints.common.middleware import bearer_token


class AuthController(Controller):
    path = "/api/v1/auth"
    tags = ["auth"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post("/registration", status_code=201)
    async def registration(
        self, request: Request[Any, Any, Any], register: RegisterHandler
    ) -> Response[str]:
        """Mail a confirmation link; 302 ``Found`` when the email already has an account."""
        outcome = await register(await read_body(request, Register))
        if outcome is RegisterOutcome.ALREADY_REGISTERED:
            return text("Found", 302)
        return created()

    @post("/confirmation", status_code=201)
    async def confirmation(
        self, request: Request[Any, Any, Any], confirm: ConfirmHandler
    ) -> Response[str]:
        """Create the account from the mailed id and token."""
        await confirm(await read_body(request, Confirm))
        return created()

    @post("/login", status_code=200)
    async def login(self, request: Request[Any, Any, Any], login: LoginHandler) -> TokenPairDTO:
        """Exchange email and password for an access and a refresh token."""
        return await login(await read_body(request, Login))

    @get("/refresh")
    async def refresh(
        self, request: Request[Any, Any, Any], refresh: RefreshHandler
    ) -> TokenPairDTO:
        """Spend the refresh token in ``Authorization: Bearer`` for a new pair."""
        return await refresh(Refresh(refresh_token=bearer_token(request)))

    @post("/recovery", status_code=202)
    async def recovery(
        self, request: Request[Any, Any, Any], recover: RecoverHandler
    ) -> Response[str]:
        """Mail a password-reset link."""
        await recover(await read_body(request, Recover))
        return accepted()

    @post("/reset", status_code=200)
    async def reset(
        self, request: Request[Any, Any, Any], reset: ResetPasswordHandler
    ) -> Response[str]:
        """Set a new password with the mailed id and token."""
        await reset(await read_body(request, ResetPassword))
        return ok()
