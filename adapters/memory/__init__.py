"""In-memory fakes of every port: unit tests and the ``memory`` profile run on these.

They keep to the same contract suites as the real adapters (``tests/contract``), so a use case
that passes on the fakes behaves the same on SQL, Scylla, Redis and NATS.
"""
