"""A rule that spans fields of one object names the field to fix, not only the object."""

from typing import Any

import httpx
import pytest

from tests.factories import make_claim, make_measure, make_source, make_speaker

FIGURE = {"value": 10, "unit": "km²"}
FIGURES = [
    ({"qualifier": "range", "lower": 5}, "upper", "a range needs both lower and upper"),
    ({"qualifier": "range", "upper": 5}, "lower", "a range needs both lower and upper"),
    ({"qualifier": "range", "lower": 9, "upper": 5}, "lower", "is greater than upper"),
    ({"qualifier": "exact", "upper": 5}, "upper", "only for qualifier 'range'"),
    ({"period_start": "2024-08-10", "period_end": "2024-08-01"}, "period_end", "is after"),
    ({"start": 3}, "end", "start and end go together"),
    ({"end": 3}, "start", "start and end go together"),
    ({"start": 4, "end": 2}, "end", "is not before end"),
]


@pytest.mark.parametrize(("change", "field", "message"), FIGURES)
async def test_a_figure_rule_names_its_field(
    client: httpx.AsyncClient, change: dict[str, Any], field: str, message: str
) -> None:
    measure = await make_measure(client)
    speaker = await make_speaker(client)
    figure = {**FIGURE, "measure_id": measure["id"], **change}
    body = {"speaker_id": speaker["id"], "text": "A figure", "said_on": "2024-08-14"}
    answer = await client.post("/v1/claims", json={**body, "figures": [figure]})
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["loc"] == ["body", "figures", 0, field]
    assert message in error["msg"]
    assert answer.json()["detail"].startswith(f"body.figures[0].{field}: ")


async def test_claim_rules_name_their_fields(client: httpx.AsyncClient) -> None:
    speaker = await make_speaker(client, slug="field-speaker")
    source = await make_source(client)
    both = await client.post(
        "/v1/claims",
        json={"speaker": "field-speaker", "speaker_id": speaker["id"], "text": "x",
              "said_on": "2024-08-14"},
    )  # fmt: skip
    assert both.status_code == 422
    assert [e["loc"] for e in both.json()["errors"]] == [["body", "speaker"]]
    twice = [{"source_id": source["id"]}, {"source_id": source["id"]}]
    listed = await client.post(
        "/v1/claims",
        json={"speaker_id": speaker["id"], "text": "x", "said_on": "2024-08-14",
              "appearances": twice},
    )  # fmt: skip
    assert listed.status_code == 422
    assert [e["loc"] for e in listed.json()["errors"]] == [["body", "appearances"]]


async def test_speaker_review_and_measure_rules_name_their_fields(
    client: httpx.AsyncClient,
) -> None:
    role = {"title": "Governor", "start": "2024-01-02", "end": "2023-01-01"}
    speaker = await client.post(
        "/v1/speakers", json={"name": "Role Order", "kind": "person", "roles": [role]}
    )
    assert speaker.status_code == 422
    assert [e["loc"] for e in speaker.json()["errors"]] == [["body", "roles", 0, "end"]]
    measure = await client.post(
        "/v1/measures", json={"name": "Counted area", "unit": "km²", "kind": "count"}
    )
    assert measure.status_code == 422
    assert [e["loc"] for e in measure.json()["errors"]] == [["body", "unit"]]
    claim = await make_claim(client)
    review = {"reviewer": "Checkers", "rating_label": "False", "url": "https://c.example/1"}
    scales = [
        ({"worst_rating": 5, "best_rating": 1}, "worst_rating"),
        ({"worst_rating": 1, "best_rating": 5, "rating_value": 6}, "rating_value"),
    ]
    for scale, field in scales:
        answer = await client.post(f"/v1/claims/{claim['id']}/reviews", json={**review, **scale})
        assert answer.status_code == 422, answer.text
        assert [e["loc"] for e in answer.json()["errors"]] == [["body", field]]
    made = await client.post(
        f"/v1/claims/{claim['id']}/reviews", json={**review, **scales[1][0], "rating_value": 2}
    )
    assert made.status_code == 201
    path = f"/v1/claims/{claim['id']}/reviews/{made.json()['id']}"
    for change, field in (
        ({"best_rating": 0}, "best_rating"),  # the field sent
        ({"rating_value": 9}, "rating_value"),
    ):
        answer = await client.patch(path, json=change)
        assert answer.status_code == 422, answer.text
        assert [e["loc"] for e in answer.json()["errors"]] == [["body", field]]


async def test_a_query_parameter_given_twice_is_refused_naming_it(
    client: httpx.AsyncClient,
) -> None:
    await make_speaker(client, slug="said-twice")
    both, q_only = [["query", "limit"], ["query", "q"]], [["query", "q"]]
    expected = {"/v1/claims": both, "/v1/claims/facets": q_only, "/v1/speakers": both}
    for path, locs in expected.items():  # facets take no limit: only q is refused there
        answer = await client.get(f"{path}?limit=5&speaker=said-twice&limit=7&q=a&q=b")
        assert answer.status_code == 422, (path, answer.text)
        assert answer.headers["content-type"] == "application/problem+json"
        errors = answer.json()["errors"]
        assert [e["loc"] for e in errors] == locs, path
        assert errors[0]["msg"].startswith("given 2 times: send it once")
    once = await client.get("/v1/claims?limit=5&speaker=said-twice&cachebust=1&cachebust=2")
    assert once.status_code == 200  # a name no operation takes is ignored, once or twice
    # So is a name another operation takes: only the request's own operation counts.
    for path in ("/v1/speakers?source=a&source=b", "/v1/measures?speaker=a&speaker=b"):
        assert (await client.get(path)).status_code == 200, path
    claim = await make_claim(client)
    assert (await client.get(f"/v1/claims/{claim['id']}?limit=1&limit=2")).status_code == 200
    assert (await client.get("/healthz?limit=1&limit=2")).status_code == 200
    unknown = await client.patch("/v1/speakers/said-twice?limit=1&limit=2", json={})
    assert unknown.status_code == 400  # a write names what it does not take, once or twice
    written = await client.post(
        "/v1/claims?duplicate=allow&duplicate=refuse",
        json={"speaker": "said-twice", "text": "Twice", "said_on": "2024-08-14"},
    )
    assert written.status_code == 422
    assert [e["loc"] for e in written.json()["errors"]] == [["query", "duplicate"]]
    assert (await client.get("/v1/claims", params={"speaker": "said-twice"})).json()["items"] == []


async def test_an_import_row_places_a_rule_spanning_fields_at_the_field(
    client: httpx.AsyncClient,
) -> None:
    measure = await make_measure(client, slug="import-range")
    good = {"measure": "import-range", "value": 5, "unit": "km²"}
    bad = {**good, "qualifier": "range", "lower": 200, "upper": 100}
    row = {"speaker": "Range Importer", "text": "A range", "said_on": "2024-08-14"}
    second = {**row, "text": "Another range", "figures": [good, bad]}
    answer = await client.post("/v1/import", json=[row, second])
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["loc"] == ["body", 1, "figures", 1, "lower"]
    assert error["path"] == "$[1].figures[1].lower"
    role = {"title": "Mayor", "start": "2020-01-01", "end": "2019-01-01"}
    speaker = {"name": "Role Importer", "kind": "person", "roles": [role]}
    answer = await client.post("/v1/import", json=[{**row, "speaker": speaker}])
    assert answer.status_code == 422, answer.text
    assert [e["loc"] for e in answer.json()["errors"]] == [
        ["body", 0, "speaker", "roles", 0, "end"]
    ]  # no "not a string" for the object, no model name in the place
    assert (await client.get(f"/v1/measures/{measure['id']}")).status_code == 200


async def test_a_review_patch_names_a_field_it_sent(client: httpx.AsyncClient) -> None:
    claim = await make_claim(client)
    review = {"reviewer": "Checkers", "rating_label": "Two", "url": "https://c.example/2"}
    scale = {"worst_rating": 1, "best_rating": 5, "rating_value": 2}
    made = await client.post(f"/v1/claims/{claim['id']}/reviews", json={**review, **scale})
    assert made.status_code == 201
    path = f"/v1/claims/{claim['id']}/reviews/{made.json()['id']}"
    for change, field in (
        ({"best_rating": 1}, "best_rating"),  # worst is not below it: the field sent
        ({"best_rating": 1.5}, "best_rating"),  # the stored rating 2 lies above it
        ({"worst_rating": 3}, "worst_rating"),
        ({"rating_value": 9}, "rating_value"),
    ):
        answer = await client.patch(path, json=change)
        assert answer.status_code == 422, answer.text
        assert [e["loc"] for e in answer.json()["errors"]] == [["body", field]], change


async def test_an_import_row_in_the_write_form_is_refused_naming_the_field_never_cut(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(client, slug="write-form")
    source = await make_source(client)
    row = {"text": "Written as for POST", "said_on": "2024-08-14"}
    by_id = {**row, "speaker_id": speaker["id"]}
    both = {**row, "text": "Both", "speaker": "write-form", "speaker_id": speaker["id"]}
    cut = {
        **row,
        "text": "Cut",
        "speaker": "write-form",
        "appearances": [{"source_id": source["id"]}],
    }
    for bad, field in ((by_id, "speaker_id"), (both, "speaker_id"), (cut, "appearances")):
        answer = await client.post("/v1/import", json=[bad])
        assert answer.status_code == 422, answer.text
        assert [e["loc"] for e in answer.json()["errors"]] == [["body", 0, field]]
    texts = [c["text"] for c in (await client.get("/v1/claims?speaker=write-form")).json()["items"]]
    assert texts == []


async def test_an_unknown_field_is_named_whatever_its_case(client: httpx.AsyncClient) -> None:
    """Model names are left out of a place; a field the client sent, capitalised or not, is
    the place to fix."""
    answer = await client.post(
        "/v1/speakers",
        json={"name": "Cased", "kind": "person", "Nickname": "y", "SpeakerCreate": 1},
    )
    assert answer.status_code == 422
    assert sorted(e["loc"][-1] for e in answer.json()["errors"]) == ["Nickname", "SpeakerCreate"]


async def test_a_reference_names_the_field_it_was_sent_under(client: httpx.AsyncClient) -> None:
    """`speaker` and a figure's `measure` (as imports write them) are taken for `speaker_id`
    and `measure_id`; what names nothing is a 422 at the field the client sent, not the other."""
    await make_measure(client, slug="area")
    figure = {"value": 1, "unit": "km2"}
    for body, loc in (
        ({"speaker": "nobody-at-all"}, ["body", "speaker"]),
        ({"speaker_id": "nobody-at-all"}, ["body", "speaker_id"]),
        (
            {"figures": [{**figure, "measure": "no-such-measure"}]},
            ["body", "figures", 0, "measure"],
        ),
        (
            {"figures": [{**figure, "measure_id": "no-such-measure"}]},
            ["body", "figures", 0, "measure_id"],
        ),
    ):
        speaker = await make_speaker(client)
        sent = {"speaker_id": speaker["id"], "text": "x", "said_on": "2024-08-14", **body}
        if "speaker" in body:
            del sent["speaker_id"]
        refused = await client.post("/v1/claims", json=sent)
        assert refused.status_code == 422, refused.text
        assert [error["loc"] for error in refused.json()["errors"]] == [loc], refused.text
        claim = await make_claim(client, speaker=speaker)
        patched = await client.patch(f"/v1/claims/{claim['id']}", json=body)
        assert patched.status_code == 422, patched.text
        assert [error["loc"] for error in patched.json()["errors"]] == [loc], patched.text
