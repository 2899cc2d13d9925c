"""Real client round trips against the servers of scripts/services, standard library only.

Nothing to install, so readiness checks and `scripts/services check` work on a fresh machine:

    probe.py cql PORT QUERY...                  CQL native protocol v4 (Cassandra), prints rows
    probe.py s3 ENDPOINT KEY SECRET BUCKET CMD  SigV4-signed S3 calls; CMD: mkbucket | roundtrip
    probe.py nats PORT                          core publish/subscribe and a JetStream API call
"""

# A command-line tool outside the packages: it prints, speaks wire protocols full of literal codes
# and opens only the loopback http:// URLs it is given.
# ruff: noqa: T201, PLR2004, S310, PLR0911, PLR0917

from __future__ import annotations

import datetime
import hashlib
import hmac
import json
import socket
import struct
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

# ---------------------------------------------------------------- CQL, native protocol v4


class CqlError(Exception):
    pass


def _frame(opcode: int, body: bytes, stream: int = 0) -> bytes:
    return struct.pack(">BBhBi", 0x04, 0, stream, opcode, len(body)) + body


def _recv_exact(sock: socket.socket, n: int) -> bytes:
    data = b""
    while len(data) < n:
        chunk = sock.recv(n - len(data))
        if not chunk:
            raise CqlError("connection closed")
        data += chunk
    return data


def _read_frame(sock: socket.socket) -> tuple[int, bytes]:
    _version, _flags, _stream, opcode, length = struct.unpack(">BBhBi", _recv_exact(sock, 9))
    return opcode, _recv_exact(sock, length)


def _string(buf: bytes, pos: int) -> tuple[str, int]:
    (n,) = struct.unpack_from(">H", buf, pos)
    return buf[pos + 2 : pos + 2 + n].decode(), pos + 2 + n


def _skip_type(buf: bytes, pos: int) -> tuple[int, int]:
    (type_id,) = struct.unpack_from(">H", buf, pos)
    pos += 2
    if type_id == 0x0000:  # custom
        _, pos = _string(buf, pos)
    elif type_id in (0x0020, 0x0022):  # list, set
        _, pos = _skip_type(buf, pos)
    elif type_id == 0x0021:  # map
        _, pos = _skip_type(buf, pos)
        _, pos = _skip_type(buf, pos)
    elif type_id in (0x0030, 0x0031):
        raise CqlError("UDT/tuple columns are not supported by this probe")
    return type_id, pos


def _decode(type_id: int, raw: bytes | None) -> object:
    if raw is None:
        return None
    if type_id in (0x000D, 0x0001, 0x000A):  # varchar, ascii, text
        return raw.decode()
    if type_id == 0x0009:  # int
        return struct.unpack(">i", raw)[0]
    if type_id in (0x0002, 0x0005):  # bigint, counter
        return struct.unpack(">q", raw)[0]
    if type_id == 0x0004:  # boolean
        return raw != b"\x00"
    if type_id in (0x000C, 0x000F):  # uuid, timeuuid
        return str(uuid.UUID(bytes=raw))
    return raw.hex()


def _rows(body: bytes) -> list[list[object]]:
    pos = 4  # result kind
    flags, count = struct.unpack_from(">ii", body, pos)
    pos += 8
    if flags & 0x0002:  # has more pages: paging state
        (n,) = struct.unpack_from(">i", body, pos)
        pos += 4 + max(n, 0)
    types = []
    if not flags & 0x0004:  # metadata present
        if flags & 0x0001:  # global table spec
            _, pos = _string(body, pos)
            _, pos = _string(body, pos)
        for _ in range(count):
            if not flags & 0x0001:
                _, pos = _string(body, pos)
                _, pos = _string(body, pos)
            _, pos = _string(body, pos)
            type_id, pos = _skip_type(body, pos)
            types.append(type_id)
    (row_count,) = struct.unpack_from(">i", body, pos)
    pos += 4
    rows = []
    for _ in range(row_count):
        row = []
        for type_id in types:
            (n,) = struct.unpack_from(">i", body, pos)
            pos += 4
            raw = None if n < 0 else body[pos : pos + n]
            pos += max(n, 0)
            row.append(_decode(type_id, raw))
        rows.append(row)
    return rows


def cql(port: int, queries: list[str]) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        startup = struct.pack(">H", 1)
        for key, value in (("CQL_VERSION", "3.0.0"),):
            for text in (key, value):
                startup += struct.pack(">H", len(text)) + text.encode()
        sock.sendall(_frame(0x01, startup))
        opcode, body = _read_frame(sock)
        if opcode != 0x02:
            raise CqlError(f"expected READY, got opcode {opcode:#x}")
        for query in queries:
            encoded = query.encode()
            # [long string] query, [short] consistency ONE, [byte] flags none
            sock.sendall(
                _frame(0x07, struct.pack(">i", len(encoded)) + encoded + struct.pack(">HB", 1, 0))
            )
            opcode, body = _read_frame(sock)
            if opcode == 0x00:
                code = struct.unpack_from(">i", body)[0]
                message, _ = _string(body, 4)
                raise CqlError(f"{query!r}: error {code:#x}: {message}")
            (kind,) = struct.unpack_from(">i", body)
            if kind == 2:
                for row in _rows(body):
                    print("\t".join(str(value) for value in row))
    return 0


# ---------------------------------------------------------------- S3, signed with SigV4


def _sign(key: bytes, msg: str) -> bytes:
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def s3_request(
    endpoint: str, access: str, secret: str, method: str, path: str, body: bytes = b""
) -> tuple[int, bytes]:
    region, service = "us-east-1", "s3"
    url = urllib.parse.urlsplit(endpoint)
    host = url.netloc
    stamp = datetime.datetime.now(datetime.UTC)
    amz_date = stamp.strftime("%Y%m%dT%H%M%SZ")
    day = stamp.strftime("%Y%m%d")
    payload_hash = hashlib.sha256(body).hexdigest()
    canonical_uri = urllib.parse.quote(path, safe="/-_.~")
    headers = {"host": host, "x-amz-content-sha256": payload_hash, "x-amz-date": amz_date}
    signed = ";".join(sorted(headers))
    canonical_headers = "".join(f"{k}:{headers[k]}\n" for k in sorted(headers))
    canonical = "\n".join([method, canonical_uri, "", canonical_headers, signed, payload_hash])
    scope = f"{day}/{region}/{service}/aws4_request"
    to_sign = "\n".join(
        ["AWS4-HMAC-SHA256", amz_date, scope, hashlib.sha256(canonical.encode()).hexdigest()]
    )
    key = _sign(
        _sign(_sign(_sign(("AWS4" + secret).encode(), day), region), service), "aws4_request"
    )
    signature = hmac.new(key, to_sign.encode(), hashlib.sha256).hexdigest()
    request = urllib.request.Request(
        endpoint.rstrip("/") + canonical_uri, data=body or None, method=method
    )
    for name, value in headers.items():
        if name != "host":
            request.add_header(name, value)
    credential = f"Credential={access}/{scope}, SignedHeaders={signed}, Signature={signature}"
    request.add_header("Authorization", "AWS4-HMAC-SHA256 " + credential)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def s3(endpoint: str, access: str, secret: str, bucket: str, command: str) -> int:
    status, body = s3_request(endpoint, access, secret, "HEAD", f"/{bucket}")
    if status == 404:
        status, body = s3_request(endpoint, access, secret, "PUT", f"/{bucket}")
    if status not in (200, 409):
        print(f"bucket {bucket}: HTTP {status} {body[:300]!r}", file=sys.stderr)
        return 1
    if command == "mkbucket":
        return 0
    key = f"/{bucket}/services-probe/{uuid.uuid4()}.txt"
    payload = b"parley services probe " + uuid.uuid4().bytes.hex().encode()
    status, body = s3_request(endpoint, access, secret, "PUT", key, payload)
    if status != 200:
        print(f"PutObject: HTTP {status} {body[:300]!r}", file=sys.stderr)
        return 1
    status, body = s3_request(endpoint, access, secret, "GET", key)
    if status != 200 or body != payload:
        print(f"GetObject: HTTP {status} {body[:300]!r}", file=sys.stderr)
        return 1
    bad_status, _ = s3_request(endpoint, access, secret + "x", "GET", key)
    s3_request(endpoint, access, secret, "DELETE", key)
    if bad_status != 403:
        print(f"a wrong secret was answered with HTTP {bad_status}, not 403", file=sys.stderr)
        return 1
    print(f"PutObject/GetObject {len(payload)} bytes ok; a wrong secret gets 403")
    return 0


# ---------------------------------------------------------------- NATS, client protocol


def nats(port: int) -> int:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        reader = sock.makefile("rb")
        info = reader.readline()
        if not info.startswith(b"INFO "):
            raise RuntimeError(f"unexpected greeting {info[:80]!r}")
        server = json.loads(info[5:])
        inbox = f"_INBOX.{uuid.uuid4().hex}"
        sock.sendall(
            b'CONNECT {"verbose":false,"pedantic":false,"headers":true,"no_responders":true}\r\n'
            + f"SUB probe.subject 1\r\nSUB {inbox} 2\r\n".encode()
            + b"PUB probe.subject 5\r\nhello\r\n"
            + f"PUB $JS.API.INFO {inbox} 0\r\n\r\nPING\r\n".encode()
        )
        got_core, js_info = False, None
        while not (got_core and js_info is not None):
            line = reader.readline()
            if not line:
                raise RuntimeError("connection closed")
            if line.startswith(b"-ERR"):
                raise RuntimeError(line.decode().strip())
            if line.startswith((b"MSG ", b"HMSG ")):
                parts = line.split()
                size = int(parts[-1])
                data = reader.read(size + 2)[:size]
                if parts[0] == b"HMSG":
                    head = int(parts[-2])
                    data = data[head:]
                if parts[1] == b"probe.subject":
                    got_core = data == b"hello"
                else:
                    js_info = json.loads(data or b"{}")
        if "error" in js_info or "type" not in js_info:
            raise RuntimeError(f"JetStream API answered {js_info}")
    print(f"nats-server {server.get('version')}: publish/subscribe ok; JetStream account info ok")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) >= 3 and argv[0] == "cql":
        return cql(int(argv[1]), argv[2:])
    if len(argv) == 6 and argv[0] == "s3":
        return s3(*argv[1:6])
    if len(argv) == 2 and argv[0] == "nats":
        return nats(int(argv[1]))
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except (OSError, CqlError, RuntimeError, ValueError) as error:
        print(f"probe failed: {error}", file=sys.stderr)
        sys.exit(1)
