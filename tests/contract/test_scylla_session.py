"""The Scylla session without a server: configuration checks and "cannot connect" handling."""

import socket

import pytest

from adapters.scylla.session import Consistency, ScyllaConfig, ScyllaSession, qualify
from application.errors import Unavailable
from tests.contract.scylla_keyspace import DRIVER_SOCKETS


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@DRIVER_SOCKETS
async def test_unreachable_cluster_is_unavailable() -> None:
    session = ScyllaSession(ScyllaConfig(hosts=("127.0.0.1",), port=closed_port()))
    with pytest.raises(Unavailable):
        await session.connect()
    with pytest.raises(Unavailable):
        await session.execute("SELECT id FROM messages WHERE channel_id = ?", (1,))
    await session.close()


def test_replication_defaults_to_one_simple_replica() -> None:
    config = ScyllaConfig(hosts=("127.0.0.1",))
    assert config.replication() == "{'class': 'SimpleStrategy', 'replication_factor': 1}"
    assert config.consistency is Consistency.LOCAL_QUORUM


def test_datacenters_select_network_topology() -> None:
    config = ScyllaConfig(hosts=("a",), datacenters=(("dc1", 3), ("us-east-1", 2)))
    assert config.replication() == (
        "{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'us-east-1': 2}"
    )


@pytest.mark.parametrize(
    "fields",
    [
        {"hosts": ()},
        {"hosts": ("a",), "keyspace": "bad-name"},
        {"hosts": ("a",), "keyspace": "x; DROP KEYSPACE y"},
        {"hosts": ("a",), "replication_factor": 0},
        {"hosts": ("a",), "datacenters": (("dc1", 0),)},
        {"hosts": ("a",), "datacenters": (("dc1', 'x': 1}--", 1),)},
    ],
)
def test_bad_configuration_fails_at_start(fields: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the message names the field
        ScyllaConfig(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("cql", "qualified"),
    [
        ("SELECT a FROM messages WHERE b = ?", "SELECT a FROM ks.messages WHERE b = ?"),
        ("select a from messages", "select a from ks.messages"),
        ("INSERT INTO mentions (a) VALUES (?)", "INSERT INTO ks.mentions (a) VALUES (?)"),
        (
            "UPDATE read_states SET c[?] = ? WHERE u = ?",
            "UPDATE ks.read_states SET c[?] = ? WHERE u = ?",
        ),
        (
            "DELETE FROM messages WHERE a = ? IF name = ?",
            "DELETE FROM ks.messages WHERE a = ? IF name = ?",
        ),
        (
            "CREATE TABLE IF NOT EXISTS t (a int PRIMARY KEY)",
            "CREATE TABLE IF NOT EXISTS ks.t (a int PRIMARY KEY)",
        ),
        ("DROP TABLE IF EXISTS t", "DROP TABLE IF EXISTS ks.t"),
        ("TRUNCATE messages", "TRUNCATE ks.messages"),
        ("SELECT x FROM system_schema.columns", "SELECT x FROM system_schema.columns"),
        ("SELECT from_id, updated FROM t", "SELECT from_id, updated FROM ks.t"),
        (
            "CREATE KEYSPACE IF NOT EXISTS ks WITH r = {}",
            "CREATE KEYSPACE IF NOT EXISTS ks WITH r = {}",
        ),
        ("DROP KEYSPACE ks", "DROP KEYSPACE ks"),
    ],
)
def test_statements_name_the_keyspace(cql: str, qualified: str) -> None:
    assert qualify(cql, "ks") == qualified
