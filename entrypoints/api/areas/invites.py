"""Routes of the invites area (being written)."""

from dependency_injector import containers, providers
from litestar import Controller


class UseCases(containers.DeclarativeContainer):
    ports = providers.DependenciesContainer()


CONTROLLERS: list[type[Controller]] = []
