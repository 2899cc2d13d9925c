"""Every port's fake, wired together the way a service's container wires the real adapters."""

from dataclasses import dataclass

from adapters.memory.attachment_store import MemoryAttachmentStore
from adapters.memory.clock import ManualClock
from adapters.memory.event_publisher import MemoryEventPublisher
from adapters.memory.id_generator import SequentialIdGenerator
from adapters.memory.idempotency_store import MemoryIdempotencyStore
from adapters.memory.mailer import CapturingMailer
from adapters.memory.mention_store import MemoryMentionStore
from adapters.memory.message_store import MemoryMessageStore
from adapters.memory.password_hasher import MemoryPasswordHasher
from adapters.memory.randomness import CountingRandomness
from adapters.memory.rate_limiter import MemoryRateLimiter
from adapters.memory.read_state_store import MemoryReadStateStore
from adapters.memory.token_service import MemoryTokenService
from adapters.memory.unit_of_work import MemoryUnitOfWork


@dataclass
class Fakes:
    """Typed as the fakes (not the ports) so tests can reach ``advance``, ``frames``, ``sent``..."""

    clock: ManualClock
    ids: SequentialIdGenerator
    random: CountingRandomness
    uow: MemoryUnitOfWork
    events: MemoryEventPublisher
    messages: MemoryMessageStore
    read_states: MemoryReadStateStore
    attachments: MemoryAttachmentStore
    mentions: MemoryMentionStore
    hasher: MemoryPasswordHasher
    tokens: MemoryTokenService
    mailer: CapturingMailer
    rate_limiter: MemoryRateLimiter
    idempotency: MemoryIdempotencyStore


def make_fakes() -> Fakes:
    """Fresh fakes sharing one ``ManualClock``, so ids, tokens and TTLs all follow it."""
    clock = ManualClock()
    return Fakes(
        clock=clock,
        ids=SequentialIdGenerator(clock),
        random=CountingRandomness(),
        uow=MemoryUnitOfWork(),
        events=MemoryEventPublisher(),
        messages=MemoryMessageStore(),
        read_states=MemoryReadStateStore(),
        attachments=MemoryAttachmentStore(),
        mentions=MemoryMentionStore(),
        hasher=MemoryPasswordHasher(),
        tokens=MemoryTokenService(clock),
        mailer=CapturingMailer(),
        rate_limiter=MemoryRateLimiter(clock),
        idempotency=MemoryIdempotencyStore(clock),
    )
