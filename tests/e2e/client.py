"""A GoChat-style client for the e2e tests: signs up through the mailed link and calls the API."""

import secrets
from dataclasses import dataclass
from typing import Any

import httpx

from tests.e2e.conftest import Platform


@dataclass
class User:
    id: int
    handle: str
    email: str
    password: str
    token: str
    refresh_token: str
    http: httpx.Client

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.http.get("/api/v1" + path, headers=self.headers(), **kwargs)

    def post(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.http.post("/api/v1" + path, json=json, headers=self.headers(), **kwargs)

    def patch(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.http.patch("/api/v1" + path, json=json, headers=self.headers(), **kwargs)

    def put(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.http.put("/api/v1" + path, json=json, headers=self.headers(), **kwargs)

    def delete(self, path: str, json: Any = None, **kwargs: Any) -> httpx.Response:
        return self.http.request(
            "DELETE", "/api/v1" + path, json=json, headers=self.headers(), **kwargs
        )


def unique(name: str) -> str:
    """A handle no earlier run used: production runs share their servers' data."""
    return f"{name}{secrets.token_hex(4)}"


def sign_up(platform: Platform, name: str, *, password: str = "correct horse 1") -> User:
    """Register, confirm through the mailed link, and log in (``name`` becomes the handle)."""
    http = httpx.Client(base_url=platform.url, timeout=10)
    email = f"{name}@example.com"
    response = http.post("/api/v1/auth/registration", json={"email": email})
    if response.status_code != 201:
        http.close()
    assert response.status_code == 201, response.text
    assert response.text == "Created"
    user_id, token = platform.confirmation_link()
    response = http.post(
        "/api/v1/auth/confirmation",
        json={
            "id": user_id,
            "token": token,
            "name": name,
            "discriminator": name,
            "password": password,
        },
    )
    assert response.status_code == 201, response.text
    response = http.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.text
    pair = response.json()
    return User(user_id, name, email, password, pair["token"], pair["refresh_token"], http)
