"""The auth service's composition root: its use cases, wired to the shared infrastructure."""

from dependency_injector import containers, providers

from application.use_cases.auth.confirm import ConfirmHandler
from application.use_cases.auth.login import LoginHandler
from application.use_cases.auth.recover import RecoverHandler
from application.use_cases.auth.refresh import RefreshHandler
from application.use_cases.auth.register import RegisterHandler
from application.use_cases.auth.reset import ResetPasswordHandler


class AuthUseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()
    base_url = providers.Callable(lambda s: s.base_url.rstrip("/"), ports.settings)
    app_name = providers.Callable(lambda s: s.app_name, ports.settings)

    register = providers.Singleton(
        RegisterHandler,
        uow=ports.uow,
        ids=ports.ids,
        random=ports.random,
        clock=ports.clock,
        mailer=ports.mailer,
        base_url=base_url,
        app_name=app_name,
    )
    confirm = providers.Singleton(
        ConfirmHandler, uow=ports.uow, hasher=ports.hasher, clock=ports.clock
    )
    login = providers.Singleton(
        LoginHandler,
        uow=ports.uow,
        hasher=ports.hasher,
        tokens=ports.tokens,
        random=ports.random,
        clock=ports.clock,
    )
    refresh = providers.Singleton(
        RefreshHandler, uow=ports.uow, tokens=ports.tokens, random=ports.random, clock=ports.clock
    )
    recover = providers.Singleton(
        RecoverHandler,
        uow=ports.uow,
        random=ports.random,
        clock=ports.clock,
        mailer=ports.mailer,
        base_url=base_url,
        app_name=app_name,
    )
    reset = providers.Singleton(
        ResetPasswordHandler, uow=ports.uow, hasher=ports.hasher, clock=ports.clock
    )


class AuthContainer(containers.DeclarativeContainer):
    """``infra`` is an ``Infrastructure`` container."""

    infra = providers.DependenciesContainer()
    auth = providers.Container(AuthUseCases, ports=infra)
