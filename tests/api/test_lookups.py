"""`?q=` on the lists of speakers, sources and measures: names as people type them."""

import httpx
import orjson

from tests.factories import make_claim, make_measure, make_source, make_speaker


async def _names(client: httpx.AsyncClient, path: str, q: str, field: str = "name") -> list[str]:
    response = await client.get(path, params={"q": q, "limit": 500})
    assert response.status_code == 200, response.text
    return [item[field] for item in response.json()["items"]]


async def test_speakers_are_found_by_any_part_of_name_slug_or_alias_in_any_case(
    client: httpx.AsyncClient,
) -> None:
    await make_speaker(client, name="Volodymyr Zelenskyy", aliases=["Зеленський", "Zelensky"])
    await make_speaker(client, name="Oleksandr Syrskyi", aliases=["Сирський"])
    assert await _names(client, "/v1/speakers", "zelensk") == ["Volodymyr Zelenskyy"]
    assert await _names(client, "/v1/speakers", "ЗЕЛЕНСЬК") == ["Volodymyr Zelenskyy"]
    assert await _names(client, "/v1/speakers", "сирськ") == ["Oleksandr Syrskyi"]
    assert await _names(client, "/v1/speakers", "oleksandr-syr") == ["Oleksandr Syrskyi"]
    assert await _names(client, "/v1/speakers", "Nobody of that name") == []


async def test_speakers_sources_and_measures_are_found_with_or_without_accents(
    client: httpx.AsyncClient,
) -> None:
    await make_speaker(client, name="José Martí Łukasiewicz", aliases=["Ёлкин"])
    await make_speaker(client, name="Jose Plain")
    await make_speaker(client, name="Зеленський")
    await make_source(client, title="Éditions Mediapart", publisher="Médiapart")
    await make_measure(client, name="Área ocupada")
    await make_speaker(client, name="Ǿrsted Energy")
    for query in ("martí", "marti", "MARTI", "lukasiewicz", "ŁUKASIEWICZ", "елкин", "ёлкин"):
        assert await _names(client, "/v1/speakers", query) == ["José Martí Łukasiewicz"], query
    assert sorted(await _names(client, "/v1/speakers", "jose")) == [
        "Jose Plain", "José Martí Łukasiewicz",
    ]  # fmt: skip
    assert await _names(client, "/v1/speakers", "josé") == await _names(
        client, "/v1/speakers", "jose"
    )
    # Cyrillic letters other than ё keep their marks: й is a letter of its own, not и.
    assert await _names(client, "/v1/speakers", "зеленськии") == []
    assert await _names(client, "/v1/speakers", "зеленський") == ["Зеленський"]
    assert await _names(client, "/v1/sources", "editions", "title") == ["Éditions Mediapart"]
    assert await _names(client, "/v1/sources", "mediapárt", "title") == ["Éditions Mediapart"]
    assert await _names(client, "/v1/measures", "area ocup") == ["Área ocupada"]
    for query in ("orsted en", "ørsted en", "ǿrsted en"):  # Ø with an accent is an O too
        assert await _names(client, "/v1/speakers", query) == ["Ǿrsted Energy"], query
    # Ligatures are written out, and ß is ss, on both engines alike.
    await make_speaker(client, name="Ærøskøbing Straße", aliases=["Þórsson Œuvres"])
    for query in ("aeroskobing strasse", "ærøskøbing straße", "STRASSE", "thorsson oeuvres"):
        assert await _names(client, "/v1/speakers", query) == ["Ærøskøbing Straße"], query


async def test_aliases_are_matched_one_by_one_not_as_json_text(client: httpx.AsyncClient) -> None:
    await make_speaker(client, name="Institute for the Study of War", aliases=["ISW", "И.С.В."])
    await make_speaker(client, name="Anonymous official")
    assert await _names(client, "/v1/speakers", "isw") == ["Institute for the Study of War"]
    assert await _names(client, "/v1/speakers", "и.с.в") == ["Institute for the Study of War"]
    for json_text in ('"', "[", ",", '", "', "w\\", "isw, и"):
        assert await _names(client, "/v1/speakers", json_text) == [], json_text


async def test_percent_and_underscore_are_searched_as_themselves(
    client: httpx.AsyncClient,
) -> None:
    await make_speaker(client, name="Bureau 100% Facts")
    await make_speaker(client, name="Bureau 100 Facts")
    assert await _names(client, "/v1/speakers", "100%") == ["Bureau 100% Facts"]
    assert await _names(client, "/v1/speakers", "%") == ["Bureau 100% Facts"]
    assert await _names(client, "/v1/speakers", "_") == []
    assert await _names(client, "/v1/speakers", "\\") == []


async def test_the_other_filters_and_paging_hold_with_q(client: httpx.AsyncClient) -> None:
    for n in range(3):
        await make_speaker(client, name=f"Regional governor {n}")
    first = await client.get(
        "/v1/speakers", params={"q": "regional gov", "limit": 2, "count": "true"}
    )
    assert first.json()["total"] == 3
    assert len(first.json()["items"]) == 2
    rest = await client.get(
        "/v1/speakers",
        params={"q": "regional gov", "limit": 2, "cursor": first.json()["next_cursor"]},
    )
    assert [item["name"] for item in rest.json()["items"]] == ["Regional governor 2"]


async def test_sources_by_title_publisher_or_url_and_measures_by_name_slug_or_unit(
    client: httpx.AsyncClient,
) -> None:
    await make_source(client, url="https://kyivindependent.example/a", title="Kursk incursion")
    await make_source(client, title="Другий звіт", publisher="Укрінформ")
    assert await _names(client, "/v1/sources", "KURSK", "title") == ["Kursk incursion"]
    assert await _names(client, "/v1/sources", "укрінф", "title") == ["Другий звіт"]
    assert await _names(client, "/v1/sources", "kyivindependent", "title") == ["Kursk incursion"]
    await make_measure(client, name="Territory held in Kursk region", slug="kursk-territory")
    await make_measure(client, name="Settlements", unit="count")
    assert await _names(client, "/v1/measures", "territory held") == [
        "Territory held in Kursk region"
    ]
    assert await _names(client, "/v1/measures", "KURSK-TERR") == ["Territory held in Kursk region"]
    assert await _names(client, "/v1/measures", "count") == ["Settlements"]


async def test_an_empty_or_overlong_q_is_refused_naming_it(client: httpx.AsyncClient) -> None:
    for q in ("", " ", "\t ", "x" * 201, "a\x00b", "\x07"):
        response = await client.get("/v1/speakers", params={"q": q})
        assert response.status_code == 422, response.text
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["loc"][-1] == "q"


async def test_claims_are_filtered_by_a_speakers_name_alias_slug_or_id_and_a_stranger_is_404(
    client: httpx.AsyncClient,
) -> None:
    speaker = await make_speaker(
        client, name="Volodymyr Zelenskyy", aliases=["Зеленський", "Zelensky"]
    )
    mine = await make_claim(client, speaker=speaker, text="Mine")
    await make_claim(client, speaker=await make_speaker(client, name="Syrskyi"), text="Not mine")
    refs = ("zelensky", "VOLODYMYR ZELENSKYY", "volodymyr  zelenskyy", "ЗЕЛЕНСЬКИЙ")
    for ref in (*refs, speaker["slug"], str(speaker["id"])):
        found = await client.get("/v1/claims", params={"speaker": ref})
        assert found.status_code == 200, (ref, found.text)
        assert [claim["id"] for claim in found.json()["items"]] == [mine["id"]], ref
    counted = await client.get("/v1/claims/facets", params={"speaker": "Zelensky"})
    assert counted.json()["facets"]["speaker"][0]["count"] == 1
    exported = await client.get("/v1/claims", params={"speaker": "Zelensky", "format": "ndjson"})
    assert [orjson.loads(line)["id"] for line in exported.text.splitlines()] == [mine["id"]]
    for ref in ("Zelenskyi", "999999"):
        for path in ("/v1/claims", "/v1/claims/facets", "/v1/claimreview"):
            refused = await client.get(path, params={"speaker": ref})
            assert refused.status_code == 404, (path, ref, refused.text)
            assert refused.headers["content-type"] == "application/problem+json"
            assert refused.json()["errors"][0]["loc"] == ["query", "speaker"]


async def test_a_measure_by_name_and_a_speaker_named_after_the_first_read(
    client: httpx.AsyncClient,
) -> None:
    measure = await make_measure(client, name="Territory held in Kursk region", slug="kursk-area")
    speaker = await make_speaker(client, name="Oleksandr Syrskyi")
    figure = {"measure_id": measure["id"], "value": 1000, "unit": "km²"}
    claim = await make_claim(client, speaker=speaker, figures=[figure])
    found = await client.get("/v1/claims", params={"measure": "territory held in KURSK region"})
    assert [item["id"] for item in found.json()["items"]] == [claim["id"]]
    assert (await client.get("/v1/claims", params={"measure": "Kursk"})).status_code == 404
    newcomer = await make_speaker(client, name="Andrii Kovalenko")
    said = await make_claim(client, speaker=newcomer, text="Said later")
    found = await client.get("/v1/claims", params={"speaker": "andrii kovalenko"})
    assert [item["id"] for item in found.json()["items"]] == [said["id"]]


async def test_an_empty_id_or_name_is_refused_as_empty_not_as_no_integer(
    client: httpx.AsyncClient,
) -> None:
    """`speaker=` is neither an id nor a name: the problem says it is empty, once."""
    for name in ("speaker", "measure", "source"):
        response = await client.get("/v1/claims", params={name: ""})
        assert response.status_code == 422, response.text
        problem = response.json()
        assert problem["errors"] == [
            {"loc": ["query", name], "msg": "String should have at least 1 character",
             "type": "string_too_short"}
        ]  # fmt: skip
        assert problem["detail"] == f"query.{name}: String should have at least 1 character"
    plain_id = await client.get("/v1/claims/x1")
    assert plain_id.status_code == 422
    assert [error["type"] for error in plain_id.json()["errors"]] == ["int_parsing"]


async def test_claims_are_filtered_by_a_sources_id_url_or_title_and_a_stranger_is_404(
    client: httpx.AsyncClient,
) -> None:
    """API.md: every parameter that takes a source takes its id, URL or title; one that
    names nothing is a 404 naming it (it was an empty list for an id, a 422 for a URL); a
    title two sources share names neither (422 listing both)."""
    post = await make_source(
        client, url="https://x.com/ZelenskyyUa/status/1", title="Zelensky on X"
    )
    other = await make_source(client, title="Belgorod declares a state of emergency")
    twin = await make_source(client, title="Belgorod declares a STATE of emergency")
    mine = await make_claim(client, text="Mine", appearances=[{"source_id": post["id"]}])
    await make_claim(client, text="Not mine", appearances=[{"source_id": other["id"]}])
    copied = (  # the URL as a reader copies it: a write would store each as post["url"]
        "https://X.com/ZelenskyyUa/status/1",
        "https://x.com:443/ZelenskyyUa/status/1/",
        "https://x.com/ZelenskyyUa/status/1?utm_source=share#reply",
    )
    for ref in (str(post["id"]), post["url"], *copied, "Zelensky on X", "zelensky  ON x"):
        for path in ("/v1/claims", "/v1/claims/facets"):
            found = await client.get(path, params={"source": ref})
            assert found.status_code == 200, (path, ref, found.text)
        listed = await client.get("/v1/claims", params={"source": ref})
        assert [claim["id"] for claim in listed.json()["items"]] == [mine["id"]], ref
    unused = await make_source(client, title="Nobody cites this")
    empty = await client.get("/v1/claims", params={"source": str(unused["id"])})
    assert empty.status_code == 200 and empty.json()["items"] == []
    for ref in ("999999", "https://x.com/ZelenskyyUa/status/2", "Zelensky on Y"):
        for path in ("/v1/claims", "/v1/claims/facets", "/v1/claimreview"):
            refused = await client.get(path, params={"source": ref})
            assert refused.status_code == 404, (path, ref, refused.text)
            assert refused.json()["errors"] == [
                {"loc": ["query", "source"], "msg": "names nothing", "type": "not_found"}
            ]
            assert "no source has this id, URL or title" in refused.json()["detail"]
    shared = await client.get(
        "/v1/claims", params={"source": "belgorod declares a state of emergency"}
    )
    assert shared.status_code == 422, shared.text
    assert shared.json()["detail"] == (
        "source 'belgorod declares a state of emergency' is the title of 2 sources "
        f"(ids {other['id']}, {twin['id']}): give the id or the URL of one"
    )
    assert shared.json()["errors"][0]["loc"] == ["query", "source"]


async def test_a_name_two_speakers_share_names_neither_and_says_which_they_are(
    client: httpx.AsyncClient,
) -> None:
    """Two speakers of one name (made with ?duplicate=allow): ?speaker=<that name> was the
    lower id's claims alone, hiding the other's; now a 422 listing both. The slug, the id and a
    name only one has still find each."""
    first = await make_speaker(client, name="Anna Kovalenko", aliases=["A. Kovalenko"])
    second = await client.post(
        "/v1/speakers", params={"duplicate": "allow"}, json={"name": "Anna Kovalenko"}
    )
    assert second.status_code == 201, second.text
    twin = second.json()
    theirs = await make_claim(client, speaker=twin, text="The twin's claim")
    for ref in ("Anna Kovalenko", "anna  KOVALENKO"):
        for path in ("/v1/claims", "/v1/claims/facets", "/v1/claimreview"):
            refused = await client.get(path, params={"speaker": ref})
            assert refused.status_code == 422, (path, ref, refused.text)
            assert refused.json()["detail"] == (
                f"speaker {ref!r} is a name of 2 speakers (ids {first['id']}, {twin['id']}): "
                "give the id or the slug of one"
            )
            assert refused.json()["errors"] == [
                {
                    "loc": ["query", "speaker"],
                    "msg": f"names several speakers: {ref!r} is a name of 2 speakers "
                    f"(ids {first['id']}, {twin['id']}): give the id or the slug of one",
                    "type": "ambiguous",
                }
            ]
    for ref in (twin["slug"], str(twin["id"])):
        found = await client.get("/v1/claims", params={"speaker": ref})
        assert [claim["id"] for claim in found.json()["items"]] == [theirs["id"]], ref
    alias = await client.get("/v1/claims", params={"speaker": "a. kovalenko"})
    assert alias.status_code == 200 and alias.json()["items"] == []
    matched = await client.post(
        "/v1/claims/match", json={"text": "The twin's claim", "speaker": "Anna Kovalenko"}
    )
    assert matched.status_code == 422
    assert matched.json()["errors"][0]["loc"] == ["body", "speaker"]


async def test_a_claim_is_written_naming_its_speaker_and_measures_as_imports_do(
    client: httpx.AsyncClient,
) -> None:
    """API.md: POST /v1/claims takes `speaker` and figures' `measure` as import does (an id,
    slug, name or alias); PATCH and /match too; a slug merged away names the one it went into;
    a name that names nothing is the 422 it always was."""
    speaker = await make_speaker(client, name="Institute for the Study of War", aliases=["ISW"])
    await make_measure(client, name="Kursk area held", slug="kursk-area")
    body = {"text": "ISW counted 800 square kilometres", "said_on": "2024-08-14"}
    figure = {"value": 800, "unit": "km2"}
    for who, which in (
        ("ISW", "Kursk area held"),
        ("institute for the study of war", "kursk-area"),
    ):
        created = await client.post(
            "/v1/claims",
            params={"duplicate": "allow"},
            json={**body, "speaker": who, "figures": [{**figure, "measure": which}]},
        )
        assert created.status_code == 201, created.text
        assert created.json()["speaker_id"] == speaker["id"]
        assert created.json()["figures"][0]["measure"] == "kursk-area"
    both = await client.post("/v1/claims", json={**body, "speaker": "ISW", "speaker_id": 1})
    assert both.status_code == 422
    assert both.json()["errors"][0]["msg"] == "send speaker or speaker_id, not both"
    unknown = await client.post("/v1/claims", json={**body, "speaker": "Nobody Known"})
    assert unknown.status_code == 422
    assert unknown.json()["errors"] == [
        {
            "loc": ["body", "speaker"],
            "msg": "speaker 'Nobody Known' does not exist",
            "type": "value_error",
        }
    ]  # at the field sent: `speaker`, not speaker_id
    other = await make_speaker(client, name="Andriy Kovalenko", slug="a-kovalenko")
    moved = await client.patch(
        f"/v1/claims/{created.json()['id']}", json={"speaker": "a-kovalenko"}
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["speaker_id"] == other["id"]
    gone = await make_speaker(client, name="Old Desk", slug="old-desk")
    merged = await client.post(f"/v1/speakers/{other['id']}/merge", json={"from": gone["slug"]})
    assert merged.status_code == 200, merged.text
    again = {**body, "text": "The desk counted 800 square kilometres"}
    by_old_slug = await client.post("/v1/claims", json={**again, "speaker_id": "old-desk"})
    assert by_old_slug.status_code == 201, by_old_slug.text
    assert by_old_slug.json()["speaker_id"] == other["id"]
    matched = await client.post(
        "/v1/claims/match",
        json={"text": body["text"], "figures": [{**figure, "measure": "Kursk area held"}]},
    )
    assert matched.status_code == 200, matched.text
    assert matched.json()["items"][0]["reasons"]["same_measure"] == ["kursk-area"]


async def test_language_tags_are_stored_and_matched_in_any_case(client: httpx.AsyncClient) -> None:
    """BCP 47 tags are compared without case: `EN` is written as `en`, `pt-br` as `pt-BR`,
    and ?language=EN finds what ?language=en finds (it found nothing)."""
    english = await make_claim(client, text="In English", language="EN")
    brazilian = await make_claim(client, text="Em português", language="pt-br")
    assert (english["language"], brazilian["language"]) == ("en", "pt-BR")
    for tag, expected in (("EN", english), ("en", english), ("PT-br", brazilian)):
        listed = await client.get("/v1/claims", params={"language": tag})
        assert [claim["id"] for claim in listed.json()["items"]] == [expected["id"]], tag
        exported = await client.get("/v1/claims", params={"language": tag, "format": "ndjson"})
        assert [orjson.loads(line)["id"] for line in exported.text.splitlines()] == [
            expected["id"]
        ], tag
    source = await make_source(client, language="UK")
    assert source["language"] == "uk"
