"""The api service's composition root: its use cases, wired to the shared infrastructure."""

from dependency_injector import containers, providers

from entrypoints.api.areas import (
    channels,
    friends,
    guilds,
    invites,
    members,
    messages,
    roles,
    settings,
    users,
    voice,
)

AREAS = (guilds, channels, voice, roles, members, invites, messages, users, friends, settings)


class ApiContainer(containers.DeclarativeContainer):
    """Use cases per area; ``infra`` is an ``Infrastructure`` container."""

    infra = providers.DependenciesContainer()

    guilds = providers.Container(guilds.UseCases, ports=infra)
    channels = providers.Container(channels.UseCases, ports=infra)
    voice = providers.Container(voice.UseCases, ports=infra)
    roles = providers.Container(roles.UseCases, ports=infra)
    members = providers.Container(members.UseCases, ports=infra)
    invites = providers.Container(invites.UseCases, ports=infra)
    messages = providers.Container(messages.UseCases, ports=infra)
    users = providers.Container(users.UseCases, ports=infra)
    friends = providers.Container(friends.UseCases, ports=infra)
    settings = providers.Container(settings.UseCases, ports=infra)
