"""etcd adapters (aetcd): the production profile's SFU discovery.

SFU instances live under leased keys, as GoChat keeps them (spec §6.5), so the webhook that
records heartbeats and the API that picks an SFU for a voice channel share one view of which
instances are alive, across every replica (spec §9.3, §10).
"""
