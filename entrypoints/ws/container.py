"""The ws service's composition root: gateway use cases wired to the shared infrastructure."""

from dependency_injector import containers, providers

from application.services.presence import session_ttl_s
from application.use_cases.gateway.authorize_channel import AuthorizeChannelHandler
from application.use_cases.gateway.authorize_guilds import AuthorizeGuildsHandler
from application.use_cases.gateway.bind_voice import BindVoiceHandler
from application.use_cases.gateway.channel_viewers import ChannelViewersHandler
from application.use_cases.gateway.end_presence import EndPresenceHandler
from application.use_cases.gateway.identify import IdentifyHandler
from application.use_cases.gateway.presence_snapshots import PresenceSnapshotsHandler
from application.use_cases.gateway.touch_presence import TouchPresenceHandler
from application.use_cases.gateway.update_presence import UpdatePresenceHandler
from entrypoints.ws.config import gateway_config
from entrypoints.ws.gateway import Gateway


class WsContainer(containers.DeclarativeContainer):
    """One ``Gateway`` per process; ``infra`` is an ``Infrastructure`` container."""

    infra = providers.DependenciesContainer()
    config = providers.Singleton(gateway_config, infra.settings)
    ttl_s = providers.Callable(lambda c: session_ttl_s(c.heartbeat_interval_ms), config)

    gateway = providers.Singleton(
        Gateway,
        config=config,
        subscriber=infra.subscriber,
        identify=providers.Singleton(
            IdentifyHandler, tokens=infra.tokens, uow=infra.uow, random=infra.random
        ),
        authorize_channel=providers.Singleton(AuthorizeChannelHandler, uow=infra.uow),
        authorize_guilds=providers.Singleton(AuthorizeGuildsHandler, uow=infra.uow),
        channel_viewers=providers.Singleton(ChannelViewersHandler, uow=infra.uow),
        update_presence=providers.Singleton(
            UpdatePresenceHandler,
            presence=infra.presence,
            events=infra.events,
            clock=infra.clock,
            ttl_s=ttl_s,
        ),
        touch_presence=providers.Singleton(
            TouchPresenceHandler, presence=infra.presence, ttl_s=ttl_s
        ),
        end_presence=providers.Singleton(
            EndPresenceHandler,
            presence=infra.presence,
            events=infra.events,
            clock=infra.clock,
            ttl_s=ttl_s,
        ),
        presence_snapshots=providers.Singleton(
            PresenceSnapshotsHandler, presence=infra.presence, clock=infra.clock
        ),
        bind_voice=providers.Singleton(
            BindVoiceHandler,
            presence=infra.presence,
            events=infra.events,
            clock=infra.clock,
            ttl_s=ttl_s,
        ),
    )
