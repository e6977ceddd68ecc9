"""Examples for the OpenAPI document's schemas, taken from the demo data (issue 15).

`python -m app.core.openapi_examples` migrates a scratch SQLite database, loads the Kursk demo
into it (as `claimtrack migrate` and `claimtrack demo` do), drives the app in-process through
the routes that answer with each schema, and walks every body sent and answered alongside its
schema in the document: each component schema met gets the richest value seen for it (the one
with the most filled-in fields; the first of equals). The result is stored in
openapi_examples.json beside this module, where app.core.openapi_doc finds it: run this again
after changing a schema, a route's answer, the demo or the migrations (/readyz names the newest
one); tests/test_openapi_examples.py says when the file is stale.

Values that change from run to run are made fixed: a time the run itself wrote (created_at,
updated_at, a history entry's or a link's time) reads RECORDED_AT.

What the demo cannot show is taken from a few supplement calls, which fill only the schemas
the demo left without an example:
- RevisionRead: no demo speaker revises a figure. The Government of Ukraine's "a thousand
  square kilometers" is given the period of its "more than 1,000 square kilometers since
  August 6" (same speaker, same day), which makes it a restatement of that figure.
- ReplicaHealth: replicas are PostgreSQL standbys, and the demo runs on SQLite; its example
  is the first replica (named as app.db.session names it) as /readyz shows a caught-up one.
"""

import asyncio
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource

from app.auth.service import create_key
from app.claims.derived_cli import ensure_documents
from app.core.offload import offload
from app.core.openapi_doc import EXAMPLES_FILE
from app.core.schemas import RECORDED_AT
from app.db.migrations import upgrade
from app.demo import kursk
from app.demo.loader import load_demo
from app.main import create_app
from app.ops.router import ReplicaHealth
from app.settings import Settings

REF_PREFIX = "#/components/schemas/"
KEY_NAME = "openapi examples"
AREA = "kursk-area-held-by-ukraine"
COMMUNITIES = "kursk-communities-held-by-ukraine"
PATH_PARAMETER = re.compile(r"\{[^}]+\}")


class PlainSettings(Settings):
    """The settings' defaults and what is passed, never the environment: the examples must not
    depend on the shell they are made in."""

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        """Only the values given to the constructor."""
        return (init_settings,)


@dataclass(frozen=True)
class Call:
    """One request the generator sends, and the status it must get."""

    method: str
    path: str
    body: Any = None
    status: int = 200


@dataclass(order=True)
class Seen:
    """A value met for a schema: richer first, then earlier."""

    rank: tuple[int, int]
    origin: str = field(compare=False)
    value: Any = field(compare=False)


def richness(value: Any) -> int:
    """How many filled-in leaves a value has (null, "", [] and {} count for nothing)."""
    if isinstance(value, dict):
        return sum(richness(item) for item in value.values())
    if isinstance(value, list):
        return sum(richness(item) for item in value)
    return 0 if value is None or value == "" else 1


class Collector:
    """The values met for each component schema of one OpenAPI document."""

    def __init__(self, document: dict[str, Any], note: str = "") -> None:
        """Collect against this document's components; note heads where each value was met."""
        self.components: dict[str, Any] = document["components"]["schemas"]
        self.note = note
        self.seen: dict[str, list[Seen]] = {}
        self.count = 0

    def walk(self, value: Any, schema: Any, origin: str) -> None:
        """Record value under every component schema it is an instance of, nested ones too."""
        if not isinstance(schema, dict):
            return
        ref = schema.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF_PREFIX):
            name = ref.removeprefix(REF_PREFIX)
            target = self.components[name]
            if _fits(value, target):
                self.count += 1
                self.seen.setdefault(name, []).append(
                    Seen((richness(value), -self.count), self.note + origin, value)
                )
                self.walk(value, target, origin)
            return
        for branch in (
            *schema.get("anyOf", ()),
            *schema.get("oneOf", ()),
            *schema.get("allOf", ()),
        ):
            self.walk(value, branch, origin)
        if isinstance(value, dict):
            properties = schema.get("properties", {})
            for key, item in value.items():
                self.walk(item, properties.get(key, schema.get("additionalProperties")), origin)
        elif isinstance(value, list):
            for item in value:
                self.walk(item, schema.get("items"), origin)

    def best(self) -> dict[str, tuple[str, Any]]:
        """The richest value met for each schema (the first of equals), with where it was met."""
        return {
            name: (choice.origin, choice.value)
            for name, seen in self.seen.items()
            for choice in [max(seen)]
        }


def _fits(value: Any, schema: dict[str, Any]) -> bool:
    """Whether a value has the JSON type a schema names (a schema naming none takes any)."""
    kinds = {"object": dict, "array": list, "string": str}
    kind = kinds.get(schema.get("type", ""))
    return kind is None or isinstance(value, kind)


def _operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    """The documented operation a request goes to (a fixed path before a templated one)."""
    bare = path.split("?", 1)[0]
    matches: list[tuple[int, dict[str, Any]]] = [
        (len(PATH_PARAMETER.findall(template)), item[method.lower()])
        for template, item in document["paths"].items()
        if method.lower() in item and re.fullmatch(_template_pattern(template), bare)
    ]
    if not matches:
        raise LookupError(f"{method} {path} is not in the OpenAPI document")
    return min(matches, key=lambda match: match[0])[1]


def _template_pattern(template: str) -> str:
    """A regular expression for the paths a templated path stands for."""
    return "[^/]+".join(re.escape(part) for part in PATH_PARAMETER.split(template))


def _json_schema(content: dict[str, Any]) -> Any:
    """The schema of a JSON (or problem JSON) body, if the content documents one."""
    for media_type in ("application/json", "application/problem+json"):
        if media_type in content:
            return content[media_type].get("schema")
    return None


def _fixed_times(value: Any, since: datetime) -> Any:
    """value with every time the run itself wrote (at or after since) read as RECORDED_AT."""
    if isinstance(value, dict):
        return {key: _fixed_times(item, since) for key, item in value.items()}
    if isinstance(value, list):
        return [_fixed_times(item, since) for item in value]
    if isinstance(value, str) and "T" in value:
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            return value
        if moment.tzinfo is not None and moment >= since:
            return RECORDED_AT
    return value


def _claim_of(speaker: str, measure: str | None = None) -> dict[str, Any]:
    """The demo's first claim by a speaker (with a figure on the measure, if one is named)."""
    for claim in kursk.CLAIMS:
        measures = {figure["measure_id"] for figure in claim["figures"]}
        if claim["speaker_id"] == speaker and (measure is None or measure in measures):
            return claim
    raise LookupError(f"the demo has no claim of {speaker} on {measure}")


def _import_row(claim: dict[str, Any]) -> dict[str, Any]:
    """A demo claim in the import form: speaker and measures by slug, sources by URL."""
    row = {key: value for key, value in claim.items() if key != "speaker_id"}
    figures = [
        {("measure" if key == "measure_id" else key): value for key, value in figure.items()}
        for figure in claim["figures"]
    ]
    return {"speaker": claim["speaker_id"], **row, "figures": figures}


@dataclass
class Demo:
    """The demo's ids in the scratch database: claims by text, figures by claim, sources by URL."""

    claims: dict[str, int]
    figures: dict[str, list[int]]
    sources: dict[str, int]

    def claim(self, claim: dict[str, Any]) -> int:
        """A demo claim's id."""
        return self.claims[claim["text"]]

    def figure(self, claim: dict[str, Any]) -> int:
        """The id of a demo claim's first figure."""
        return self.figures[claim["text"]][0]


async def _demo_ids(client: httpx.AsyncClient) -> Demo:
    """Find the demo's ids through the API."""
    claims = (await client.get("/v1/claims", params={"limit": 500})).json()["items"]
    sources = (await client.get("/v1/sources", params={"limit": 500})).json()["items"]
    return Demo(
        claims={claim["text"]: claim["id"] for claim in claims},
        figures={claim["text"]: [figure["id"] for figure in claim["figures"]] for claim in claims},
        sources={source["url"]: source["id"] for source in sources},
    )


def _demo_calls(demo: Demo) -> Iterator[Call]:
    """The requests whose bodies show the demo: its lists, reads, comparisons, matches and a
    dry-run import, and the problems of a mistaken comparison and of the demo sent again."""
    government = _claim_of("government-of-ukraine", AREA)
    isw = _claim_of("isw", AREA)
    rate = _claim_of("isw", "ukraine-area-taken-by-russia-2024")
    original = next(claim for claim in kursk.CLAIMS if claim["text"] == kursk.COMMUNITIES)
    headline = next(claim for claim in kursk.CLAIMS if claim["text"] == kursk.HEADLINE)
    yield Call("GET", "/healthz")
    yield Call("GET", f"/v1/claims?measure={AREA}&limit=2")
    yield Call("GET", "/v1/claims?q=kursk+square&limit=2")
    yield Call("GET", f"/v1/claims/{demo.claim(headline)}")
    yield Call("GET", "/v1/claims/facets?facet=speaker,measure,tag,year")
    yield Call("GET", f"/v1/claims/{demo.claim(government)}/history")
    yield Call("GET", f"/v1/claims/{demo.claim(original)}/reviews")
    yield Call("GET", "/v1/speakers?limit=2")
    yield Call("GET", "/v1/sources?limit=2")
    yield Call("GET", f"/v1/sources/{demo.sources[isw['sources'][-1]]}")
    yield Call("GET", "/v1/measures?limit=2")
    yield Call("GET", f"/v1/measures/{AREA}/comparison")
    yield Call("GET", f"/v1/measures/{COMMUNITIES}/comparison")
    yield Call("GET", f"/v1/measures/{AREA}/figures?limit=2")
    yield Call("GET", f"/v1/compare?claims={demo.claim(government)},{demo.claim(rate)}")
    yield Call("GET", f"/v1/compare?figures={demo.figure(government)},{demo.figure(isw)}")
    # ISW's 800 km² against Zelensky's 74 communities: two dimensions, a 422.
    yield Call("GET", f"/v1/compare?figures={demo.figure(isw)},{demo.figure(original)}", status=422)
    # The demo's claims and speakers sent again are taken for what they are: 409, naming them.
    appearances = [{"source_id": demo.sources[url]} for url in original["sources"]]
    written = {key: value for key, value in original.items() if key != "sources"}
    yield Call("POST", "/v1/claims", {**written, "appearances": appearances}, status=409)
    yield Call("POST", "/v1/speakers", kursk.SPEAKERS[0], status=409)
    match = {key: headline[key] for key in ("text", "language", "said_on", "figures")}
    yield Call("POST", "/v1/claims/match?limit=2", {**match, "speaker": headline["speaker_id"]})
    yield Call("GET", f"/v1/claims/{demo.claim(original)}/similar?limit=2")
    yield Call("POST", "/v1/import?dry_run=true", [_import_row(government), _import_row(isw)])


def _extract_body() -> dict[str, Any]:
    """The demo article, as far as its claims with figures go, for POST /v1/extract."""
    government = _claim_of("government-of-ukraine", AREA)
    original = next(claim for claim in kursk.CLAIMS if claim["text"] == kursk.COMMUNITIES)
    article = kursk.SOURCES[0]
    source = {key: article[key] for key in ("url", "title", "kind", "published_at", "language")}
    quoted = f"\u201c{original['text']},\u201d Zelensky said on {original['channel']}."
    text = f"{government['text']} {quoted}"
    return {"text": text, "said_on": kursk.DAY, "source": source}


def _accept_body(extract: dict[str, Any], found: dict[str, Any]) -> dict[str, Any]:
    """The extracted candidates as a journalist would accept them: each figure on its first
    suggested measure, and a candidate whose speaker was not found given the demo's."""
    names = {speaker["slug"]: speaker["name"] for speaker in kursk.SPEAKERS}
    candidates = []
    for candidate in found["candidates"]:
        figures = [
            {**figure, "measure_id": (figure.get("measure_suggestions") or [{}])[0].get("slug")}
            for figure in candidate["figures"]
        ]
        accepted = {**candidate, "figures": figures}
        if candidate["speaker_id"] is None and candidate["speaker_name"] is None:
            said = next(c for c in kursk.CLAIMS if c["text"] in candidate["sentence"])
            accepted["speaker_name"] = names[said["speaker_id"]]
        candidates.append(accepted)
    return {
        "said_on": extract["said_on"],
        "language": "en",
        "source": extract["source"],
        "candidates": candidates,
    }


@dataclass
class Run:
    """One generation's client and document, and the moment it started."""

    client: httpx.AsyncClient
    document: dict[str, Any]
    since: datetime

    async def send(self, call: Call, collector: Collector) -> Any:
        """Send a call, check its status, and walk its body and its answer's into collector;
        the answer's body (its times fixed)."""
        answer = await self.client.request(call.method, call.path, json=call.body)
        if answer.status_code != call.status:
            raise RuntimeError(
                f"{call.method} {call.path} answered {answer.status_code}, not {call.status}: "
                f"{answer.text[:500]}"
            )
        operation = _operation(self.document, call.method, call.path)
        request = f"{call.method} {call.path}"
        if call.body is not None and (call.status < 400 or call.status == 409):
            content = operation.get("requestBody", {}).get("content", {})
            collector.walk(call.body, _json_schema(content), f"{request} (its body)")
        body = _fixed_times(answer.json(), self.since) if answer.content else None
        response = operation["responses"].get(str(call.status), {})
        origin = f"{request} (its {call.status} answer)"
        collector.walk(body, _json_schema(response.get("content", {})), origin)
        return body


async def _collect(settings: Settings, since: datetime) -> dict[str, tuple[str, Any]]:
    """Load the demo, send every call, and choose each schema's example."""
    await ensure_documents(settings)
    await load_demo(settings)
    app = create_app(settings)
    async with app.state.db.writer() as session, session.begin():
        _key, token = await create_key(session, name=KEY_NAME, scope="admin")
    document = app.openapi()
    shown = Collector(document)
    supplement = Collector(document, note="supplement, not the demo's own: ")
    headers = {"Authorization": f"Bearer {token}"}
    transport = httpx.ASGITransport(app=app)
    try:
        async with httpx.AsyncClient(
            transport=transport, base_url="http://demo", headers=headers
        ) as client:
            run = Run(client, document, since)
            demo = await _demo_ids(client)
            for call in _demo_calls(demo):
                await run.send(call, shown)
            extract = _extract_body()
            found = await run.send(Call("POST", "/v1/extract?match=true", extract), shown)
            accept = _accept_body(extract, found)
            await run.send(Call("POST", "/v1/extract/accept?dry_run=true", accept), shown)
            await offload().warm()  # as a started instance: its CPU workers are up
            await run.send(Call("GET", "/readyz"), shown)
            for call in _supplement_calls(demo):
                await run.send(call, supplement)
    finally:
        await app.state.db.dispose()
    replica = ReplicaHealth(name="replica-1", status="ok", lag_seconds=0.0)
    built = {"ReplicaHealth": ("made by hand: SQLite has no replicas", replica.model_dump())}
    return built | supplement.best() | shown.best()


def _supplement_calls(demo: Demo) -> Iterator[Call]:
    """Calls showing what the demo has not: a speaker's figure restated (RevisionRead)."""
    government = _claim_of("government-of-ukraine", AREA)
    thousand = next(
        claim
        for claim in kursk.CLAIMS
        if claim["speaker_id"] == "government-of-ukraine"
        and claim["figures"]
        and claim["figures"][0]["qualifier"] == "approximately"
    )
    wider = government["figures"][0]
    period = {key: wider[key] for key in ("period_start", "period_end")}
    figures = [
        {**figure, "id": figure_id, **period}
        for figure, figure_id in zip(
            thousand["figures"], demo.figures[thousand["text"]], strict=True
        )
    ]
    yield Call("PATCH", f"/v1/claims/{demo.claim(thousand)}", {"figures": figures})
    yield Call("GET", f"/v1/measures/{AREA}/comparison")


def generate(database_url: str | None = None) -> dict[str, Any]:
    """Every component schema's example that the demo shows, by schema name, each with the
    request it was taken from; made in the given empty database (a scratch SQLite file when
    none is given: either engine gives the same examples)."""
    with tempfile.TemporaryDirectory(prefix="claimtrack-examples-") as folder:
        url = database_url or f"sqlite:///{Path(folder) / 'demo.db'}"
        return _generate(url)


def _generate(url: str) -> dict[str, Any]:
    since = datetime.now(UTC)
    settings = PlainSettings(
        database_url=url, rate_limit_per_minute=0, anonymous_rate_limit_per_minute=0
    )
    upgrade(url)
    chosen = asyncio.run(_collect(settings, since))
    return {name: {"from": origin, "example": value} for name, (origin, value) in chosen.items()}


def render(examples: dict[str, Any]) -> str:
    """The stored file's text: schema names sorted, two-space indents, a final newline."""
    ordered = {name: examples[name] for name in sorted(examples)}
    return json.dumps(ordered, indent=2, ensure_ascii=False) + "\n"


def main() -> None:
    """Regenerate openapi_examples.json."""
    examples = generate()
    EXAMPLES_FILE.write_text(render(examples), encoding="utf-8")
    print(f"wrote {len(examples)} schema examples to {EXAMPLES_FILE}", file=sys.stderr)


if __name__ == "__main__":
    main()
