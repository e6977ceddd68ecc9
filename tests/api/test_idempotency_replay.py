"""What a retry with an Idempotency-Key gets back, on both engines (found by mutation testing)."""

import hashlib
from datetime import timedelta
from typing import Any

import anyio
import httpx
import pytest
from sqlalchemy import func, select
from starlette.types import ASGIApp, Receive, Scope, Send

from app.auth.service import create_key, revoke_key
from app.db.base import utcnow
from app.db.session import Database
from app.idempotency import middleware
from app.idempotency.models import IdempotencyRecord
from tests.factories import make_speaker


async def test_a_replay_carries_the_first_answers_headers_and_its_own_request_id(
    client: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "replay-headers"}
    first = await client.post("/v1/speakers", json={"name": "Gladkov"}, headers=headers)
    again = await client.post("/v1/speakers", json={"name": "Gladkov"}, headers=headers)
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers["idempotent-replayed"] == "true"
    for name in ("content-type", "etag", "location"):
        assert name in first.headers
        assert again.headers.get_list(name) == first.headers.get_list(name)
    [request_id] = again.headers.get_list("x-request-id")
    assert request_id != first.headers["x-request-id"]


async def test_a_new_key_leaves_earlier_keys_replayable(client: httpx.AsyncClient) -> None:
    first = await client.post("/v1/speakers", json={"name": "A"}, headers={"Idempotency-Key": "a"})
    await client.post("/v1/speakers", json={"name": "B"}, headers={"Idempotency-Key": "b"})
    again = await client.post("/v1/speakers", json={"name": "A"}, headers={"Idempotency-Key": "a"})
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == first.json()["id"]


async def test_the_same_key_on_another_query_is_another_request(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "query"}
    first = await client.post("/v1/speakers?duplicate=refuse", json={"name": "A"}, headers=headers)
    assert first.status_code == 201
    other = await client.post("/v1/speakers", json={"name": "A"}, headers=headers)
    assert other.status_code == 422
    assert "idempotent-replayed" not in other.headers


async def test_a_reused_key_is_reported_at_the_header(client: httpx.AsyncClient) -> None:
    headers = {"Idempotency-Key": "k-loc"}
    await client.post("/v1/speakers", json={"name": "A"}, headers=headers)
    reused = await client.post("/v1/speakers", json={"name": "B"}, headers=headers)
    assert reused.status_code == 422
    [error] = reused.json()["errors"]
    assert error["loc"] == ["header", "Idempotency-Key"]
    assert reused.json()["detail"].startswith("this Idempotency-Key was used with another request")


@pytest.mark.parametrize("key", ["has space", "x" * 256, "tab\there"])
async def test_a_malformed_key_is_400_saying_what_a_key_is(
    client: httpx.AsyncClient, key: str
) -> None:
    headers = {"Idempotency-Key": key}
    response = await client.post("/v1/speakers", json={"name": "A"}, headers=headers)
    assert response.status_code == 400
    assert "1 to 255 visible ASCII characters" in response.json()["detail"]
    assert (await client.get("/v1/speakers")).json()["items"] == []


async def test_a_key_sent_without_credentials_is_refused_as_unauthenticated(
    anonymous: httpx.AsyncClient,
) -> None:
    headers = {"Idempotency-Key": "anonymous"}
    response = await anonymous.post("/v1/speakers", json={"name": "A"}, headers=headers)
    assert response.status_code == 401


async def test_a_retry_while_the_first_is_still_running_gets_409(
    client: httpx.AsyncClient, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    body = b'{"name": "A"}'
    scope = {"method": "POST", "path": "/v1/speakers", "query_string": b""}
    async with database.writer() as session, session.begin():
        session.add(  # what the first request left while it runs: a key with no answer yet
            IdempotencyRecord(
                owner=_owner(client),
                key="in-flight",
                fingerprint=middleware._fingerprint(scope, body),
                expires_at=utcnow() + middleware.LIFETIME,
            )
        )
    monkeypatch.setattr(middleware, "WAIT_SECONDS", 0.3)
    headers = {"Idempotency-Key": "in-flight", "content-type": "application/json"}
    response = await client.post("/v1/speakers", content=body, headers=headers)
    assert response.status_code == 409
    assert "still being handled" in response.json()["detail"]
    assert (await client.get("/v1/speakers")).json()["items"] == []


async def _leave_unanswered(
    client: httpx.AsyncClient, database: Database, key: str, body: bytes, age: timedelta
) -> None:
    """What a request killed before it answered leaves: the key reserved `age` ago."""
    scope = {"method": "POST", "path": "/v1/speakers", "query_string": b""}
    async with database.writer() as session, session.begin():
        await session.merge(
            IdempotencyRecord(
                owner=_owner(client),
                key=key,
                fingerprint=middleware._fingerprint(scope, body),
                created_at=utcnow() - age,
                expires_at=utcnow() + middleware.LIFETIME - age,
            )
        )


@pytest.mark.parametrize(
    ("extract_seconds", "kept", "taken_over"),
    [
        (10.0, timedelta(minutes=4, seconds=50), timedelta(minutes=5)),
        # twice a long extraction budget (400 s) is longer than 5 minutes: it decides
        (200.0, timedelta(minutes=6, seconds=30), timedelta(minutes=6, seconds=40)),
    ],
)
async def test_a_key_left_unanswered_by_a_request_that_never_finished_is_taken_over(
    app: Any,
    client: httpx.AsyncClient,
    database: Database,
    monkeypatch: pytest.MonkeyPatch,
    extract_seconds: float,
    kept: timedelta,
    taken_over: timedelta,
) -> None:
    """The first request's server was killed before it answered: its reservation stays with
    no answer. Within ABANDONED_AFTER (or twice the extraction budget, if longer) a retry
    still waits and gets 409, as the first may yet answer; past it the retry runs and its
    answer is the one kept."""
    monkeypatch.setattr(middleware, "WAIT_SECONDS", 0.3)
    body = b'{"name": "A"}'
    headers = {"Idempotency-Key": "orphan", "content-type": "application/json"}
    settings = app.state.settings
    app.state.settings = settings.model_copy(update={"extract_seconds": extract_seconds})
    try:
        for age, status in ((kept, 409), (taken_over, 201)):
            await _leave_unanswered(client, database, "orphan", body, age)
            response = await client.post("/v1/speakers", content=body, headers=headers)
            assert response.status_code == status, (age, response.text)
    finally:
        app.state.settings = settings
    again = await client.post("/v1/speakers", content=body, headers=headers)
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == response.json()["id"]
    assert len((await client.get("/v1/speakers")).json()["items"]) == 1


async def test_a_retried_revert_makes_one_new_version(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, name="First")
    path = f"/v1/speakers/{speaker['id']}"
    await client.patch(path, json={"name": "Second"})
    headers = {"Idempotency-Key": "revert-once"}
    first = await client.post(f"{path}/revert", json={"version": 1}, headers=headers)
    again = await client.post(f"{path}/revert", json={"version": 1}, headers=headers)
    assert (first.status_code, again.status_code) == (200, 200)
    assert again.headers["idempotent-replayed"] == "true"
    assert (await client.get(path)).json()["version"] == 3


async def test_reserving_a_key_sweeps_away_expired_ones(
    client: httpx.AsyncClient, database: Database
) -> None:
    async with database.writer() as session, session.begin():
        session.add(
            IdempotencyRecord(
                owner="someone",
                key="long-gone",
                fingerprint="old",
                expires_at=utcnow() - timedelta(seconds=1),
            )
        )
    headers = {"Idempotency-Key": "fresh"}
    assert (await client.post("/v1/speakers", json={"name": "A"}, headers=headers)).is_success
    async with database.writer() as session:
        assert await session.get(IdempotencyRecord, ("someone", "long-gone")) is None
        assert await session.get(IdempotencyRecord, (_owner(client), "fresh")) is not None


def _owner(client: httpx.AsyncClient) -> str:
    """Records belong to the key itself, however the Authorization header spells its scheme."""
    token = client.headers["authorization"].removeprefix("Bearer ")
    return hashlib.sha256(token.encode()).hexdigest()


async def test_the_scheme_spelling_does_not_make_another_owner(client: httpx.AsyncClient) -> None:
    token = client.headers["authorization"].removeprefix("Bearer ")
    first = await client.post(
        "/v1/speakers", json={"name": "A"}, headers={"Idempotency-Key": "spelling"}
    )
    again = await client.post(
        "/v1/speakers",
        json={"name": "A"},
        headers={"Idempotency-Key": "spelling", "Authorization": f"bearer {token}"},
    )
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]


async def test_a_revoked_key_gets_no_replay(
    anonymous: httpx.AsyncClient, database: Database
) -> None:
    async with database.writer() as session, session.begin():
        _key, token = await create_key(session, name="replay-then-revoked", scope="write")
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "before-revocation"}
    first = await anonymous.post("/v1/speakers", json={"name": "Kept"}, headers=headers)
    assert first.status_code == 201, first.text
    async with database.writer() as session, session.begin():
        await revoke_key(session, "replay-then-revoked")
    retry = await anonymous.post("/v1/speakers", json={"name": "Kept"}, headers=headers)
    assert retry.status_code == 401, retry.text
    assert "idempotent-replayed" not in retry.headers


async def test_a_key_without_valid_credentials_reserves_nothing(
    anonymous: httpx.AsyncClient, database: Database
) -> None:
    for authorization in (None, "Bearer ct_00000000_not-a-real-key", "Basic YWRtaW46YWRtaW4="):
        headers = {"Idempotency-Key": "no-credentials"}
        if authorization:
            headers["Authorization"] = authorization
        response = await anonymous.post("/v1/speakers", json={"name": "A"}, headers=headers)
        assert response.status_code == 401, response.text
    assert await _records(database) == 0


def _behind_the_middleware(app: object, stand_in: ASGIApp) -> httpx.AsyncClient:
    """A client of the real middleware and database around a stand-in app."""
    guarded = middleware.Idempotency(stand_in)

    async def service(scope: Scope, receive: Receive, send: Send) -> None:
        scope["app"] = app  # the app's database, as Starlette passes it
        await guarded(scope, receive, send)

    return httpx.AsyncClient(transport=httpx.ASGITransport(app=service), base_url="http://test")


async def _records(database: Database) -> int:
    """Idempotency records kept, answered or reserved."""
    async with database.reader() as session:
        count = select(func.count()).select_from(IdempotencyRecord)
        return int((await session.execute(count)).scalar_one())


async def test_a_request_that_crashes_leaves_its_key_free_for_the_retry(
    app: object,
    client: httpx.AsyncClient,
    database: Database,
    keys: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The app raises instead of answering (a crash past every error handler): the key is
    released, nothing is kept to replay, and the retry with the same key runs afresh.

    Fault injection at the app boundary: the real middleware and database around a stand-in
    app that crashes on its first request and answers the second.
    """
    calls: list[bytes] = []

    async def crashes_once(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append((await receive())["body"])
        if len(calls) == 1:
            raise RuntimeError("the handler crashed")
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b'{"run": %d}' % len(calls)})

    monkeypatch.setattr(middleware, "WAIT_SECONDS", 0.3)  # a key left held: 409, not a 30 s wait
    headers = {"Authorization": f"Bearer {keys['admin']}", "Idempotency-Key": "crash-then-retry"}
    async with _behind_the_middleware(app, crashes_once) as http:
        with pytest.raises(RuntimeError, match="the handler crashed"):
            await http.post("/v1/anything", content=b"body", headers=headers)
        assert await _records(database) == 0
        retry = await http.post("/v1/anything", content=b"body", headers=headers)
        assert (retry.status_code, retry.content) == (201, b'{"run": 2}')
        assert "idempotent-replayed" not in retry.headers
        replay = await http.post("/v1/anything", content=b"body", headers=headers)
    assert (replay.status_code, replay.content) == (201, b'{"run": 2}')
    assert replay.headers["idempotent-replayed"] == "true"
    assert calls == [b"body", b"body"]


async def test_a_request_cancelled_mid_way_leaves_its_key_free_for_the_retry(
    app: object,
    client: httpx.AsyncClient,
    database: Database,
    keys: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The request is cancelled while the app handles it (the server shutting down, its task
    group cancelled): the key is released even so, not left reserved for 24 hours, where
    every retry would wait and get 409.

    The real middleware and database around a stand-in app that waits for ever the first
    time (until the cancellation) and answers the second.
    """
    calls: list[bytes] = []
    started = anyio.Event()

    async def hangs_once(scope: Scope, receive: Receive, send: Send) -> None:
        calls.append((await receive())["body"])
        if len(calls) == 1:
            started.set()
            await anyio.sleep_forever()
        await send({"type": "http.response.start", "status": 201, "headers": []})
        await send({"type": "http.response.body", "body": b'{"run": %d}' % len(calls)})

    monkeypatch.setattr(middleware, "WAIT_SECONDS", 0.3)  # a key left held: 409, not a 30 s wait
    headers = {"Authorization": f"Bearer {keys['admin']}", "Idempotency-Key": "cancel-then-retry"}
    async with _behind_the_middleware(app, hangs_once) as http:

        async def first() -> None:
            await http.post("/v1/anything", content=b"body", headers=headers)

        async with anyio.create_task_group() as group:
            group.start_soon(first)
            await started.wait()
            group.cancel_scope.cancel()
        assert await _records(database) == 0
        retry = await http.post("/v1/anything", content=b"body", headers=headers)
    assert (retry.status_code, retry.content) == (201, b'{"run": 2}')
    assert calls == [b"body", b"body"]


async def test_a_request_without_a_bearer_key_never_waits_on_a_key(
    anonymous: httpx.AsyncClient,
    database: Database,
    keys: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Without a bearer key (none at all, a valid key under another scheme, or a well-formed
    bearer token that is no key) the middleware stays out of the way: 401 at once, even when
    a request of the same owner and key seems to be in flight."""
    body = b'{"name": "A"}'
    scope = {"method": "POST", "path": "/v1/speakers", "query_string": b""}
    monkeypatch.setattr(middleware, "WAIT_SECONDS", 0.3)
    unknown = f"ct_00000000_{'0' * 32}"  # the shape of a key, but no key
    for authorization, owner in (
        ("", hashlib.sha256(b"").hexdigest()),
        (f"Basic {keys['admin']}", hashlib.sha256(f"Basic {keys['admin']}".encode()).hexdigest()),
        (f"Bearer {unknown}", middleware._owner(unknown)),
    ):
        async with database.writer() as session, session.begin():
            session.add(
                IdempotencyRecord(
                    owner=owner,
                    key="seems-in-flight",
                    fingerprint=middleware._fingerprint(scope, body),
                    expires_at=utcnow() + middleware.LIFETIME,
                )
            )
        headers = {"Idempotency-Key": "seems-in-flight", "content-type": "application/json"}
        if authorization:
            headers["Authorization"] = authorization
        response = await anonymous.post("/v1/speakers", content=body, headers=headers)
        assert response.status_code == 401, (authorization[:5], response.text)


async def test_a_key_sent_with_extra_spaces_after_bearer_is_still_honoured(
    anonymous: httpx.AsyncClient, keys: dict[str, str]
) -> None:
    """The app accepts `Bearer  <key>` (two spaces); so does Idempotency-Key's owner check."""
    headers = {"Authorization": f"Bearer  {keys['admin']}", "Idempotency-Key": "two-spaces"}
    params = {"duplicate": "allow"}  # a second run would make a second speaker
    first = await anonymous.post("/v1/speakers", json={"name": "A"}, headers=headers, params=params)
    again = await anonymous.post("/v1/speakers", json={"name": "A"}, headers=headers, params=params)
    assert (first.status_code, again.status_code) == (201, 201), again.text
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json()["id"] == first.json()["id"]


def test_how_long_an_unanswered_key_is_held_never_overflows() -> None:
    """Twice the extraction budget when longer than 5 minutes, never past the key's 24 hours:
    a budget of 1e15 s (an operator's "no limit") made every POST with a key a 500."""
    assert middleware.abandoned_after(10) == timedelta(minutes=5)
    assert middleware.abandoned_after(200) == timedelta(seconds=400)
    assert middleware.abandoned_after(1e15) == middleware.LIFETIME
