"""The WebSocket gateway service (spec §8): ``/subscribe`` and ``/metrics``."""
