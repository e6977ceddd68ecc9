"""The claims recorded in the seed article of 2024-08-14 on the Kursk incursion.

Quotes are verbatim and attributed as the article attributes them. Where the article names
a channel but not the post's own address (Gladkov's Telegram, Zelensky's X), the source is
the channel's address; the article itself is recorded under claimtrack's demo namespace,
since the seed copy carries no URL.
"""

from typing import Any

DAY = "2024-08-14"
ARTICLE = "https://claimtrack.dev/demo/articles/kursk-2024-08-14"
TELEGRAM = "https://t.me/vvgladkov"
X_POST = "https://x.com/ZelenskyyUa"
POLITICO = "https://www.politico.eu/"
ISW = "https://www.understandingwar.org/backgrounder/russian-offensive-campaign-assessment-august-14-2024"

SPEAKERS: list[dict[str, Any]] = [
    {
        "slug": "vyacheslav-gladkov",
        "name": "Vyacheslav Gladkov",
        "kind": "person",
        "aliases": ["Gladkov", "Belgorod governor"],
        "description": "Governor of Russia's Belgorod Oblast.",
        "roles": [
            {
                "title": "Governor of Belgorod Oblast",
                "organization": "Belgorod Oblast",
                "start": "2020-11-18",
            }
        ],
    },
    {
        "slug": "isw",
        "name": "Institute for the Study of War",
        "kind": "organization",
        "aliases": ["ISW"],
        "description": "American think tank that maps the war in Ukraine.",
    },
    {
        "slug": "volodymyr-zelensky",
        "name": "Volodymyr Zelensky",
        "kind": "person",
        "aliases": ["Zelensky", "Zelenskyy", "Volodymyr Zelenskyy"],
        "wikidata_id": "Q3874799",
        "roles": [
            {"title": "President of Ukraine", "organization": "Ukraine", "start": "2019-05-20"}
        ],
    },
    {
        "slug": "joe-biden",
        "name": "Joe Biden",
        "kind": "person",
        "aliases": ["Biden"],
        "wikidata_id": "Q6279",
        "roles": [
            {
                "title": "President of the United States",
                "organization": "United States",
                "start": "2021-01-20",
                "end": "2025-01-20",
            }
        ],
    },
    {
        "slug": "dmytro-lykhoviy",
        "name": "Dmytro Lykhoviy",
        "kind": "person",
        "aliases": ["Lykhoviy"],
        "roles": [{"title": "Military spokesman", "organization": "Armed Forces of Ukraine"}],
    },
    {
        "slug": "heorhii-tykhyi",
        "name": "Heorhii Tykhyi",
        "kind": "person",
        "aliases": ["Tykhyi"],
        "roles": [{"title": "Spokesman", "organization": "Ministry of Foreign Affairs of Ukraine"}],
    },
    {
        "slug": "government-of-ukraine",
        "name": "Government of Ukraine",
        "kind": "organization",
        "aliases": ["Ukraine", "Kyiv", "Kiev"],
        "description": "Ukraine's official position, as reported without a named speaker.",
    },
]

SOURCES: list[dict[str, Any]] = [
    {
        "url": ARTICLE,
        "kind": "article",
        "language": "en",
        "published_at": "2024-08-14T12:00:00Z",
        "title": "Belgorod declares a state of emergency as Ukraine presses into Kursk",
    },
    {
        "url": TELEGRAM,
        "kind": "video",
        "language": "ru",
        "publisher": "Telegram",
        "title": "Vyacheslav Gladkov's Telegram channel",
    },
    {
        "url": X_POST,
        "kind": "social_post",
        "language": "uk",
        "publisher": "X",
        "title": "Volodymyr Zelensky on X",
    },
    {
        "url": POLITICO,
        "kind": "interview",
        "language": "en",
        "publisher": "Politico",
        "title": "Politico interview with Dmytro Lykhoviy",
    },
    {
        "url": ISW,
        "kind": "report",
        "language": "en",
        "publisher": "Institute for the Study of War",
        "title": "Russian Offensive Campaign Assessment, August 14, 2024",
    },
]

MEASURES: list[dict[str, Any]] = [
    {
        "slug": "kursk-area-held-by-ukraine",
        "unit": "km²",
        "kind": "quantity",
        "name": "Russian territory in Kursk Oblast held by Ukrainian forces",
    },
    {
        "slug": "ukraine-area-taken-by-russia-2024",
        "unit": "km²",
        "kind": "quantity",
        "name": "Ukrainian territory taken by Russian forces since 2024-01-01",
    },
    {
        "slug": "kursk-communities-held-by-ukraine",
        "unit": "communities",
        "kind": "count",
        "name": "Kursk Oblast communities under Ukrainian control",
    },
    {
        "slug": "biden-kursk-briefing-interval",
        "unit": "hours",
        "kind": "quantity",
        "name": "Time between Joe Biden's staff briefings on the Kursk incursion",
    },
]


def _claim(
    speaker: str,
    text: str,
    *,
    quote: bool,
    channel: str | None,
    sources: list[str],
    tags: list[str],
    figures: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    return {
        "speaker_id": speaker,
        "text": text,
        "quote": quote,
        "said_on": DAY,
        "channel": channel,
        "language": "en",
        "sources": sources,
        "tags": tags,
        "figures": figures or [],
    }


def _communities(value: int) -> dict[str, Any]:
    return {
        "measure_id": "kursk-communities-held-by-ukraine",
        "value": value,
        "unit": "communities",
        "qualifier": "exact",
    }


def _area(
    measure: str, value: float, qualifier: str, start: str | None, unit: str
) -> dict[str, Any]:
    return {
        "measure_id": measure,
        "value": value,
        "unit": unit,
        "qualifier": qualifier,
        "as_of": DAY,
        "period_start": start,
        "period_end": DAY if start else None,
    }


KURSK = ["kursk-incursion"]
COMMUNITIES = (
    "We have 74 communities under our control, where inspections are being carried out "
    "and stabilization measures are being taken"
)
HEADLINE = "We are advancing in the Kursk region, 74 communities under our control"
# (repeat, original): claims of the article that say what another of its claims says.
REPEATS = [(HEADLINE, COMMUNITIES)]
BELGOROD = ["belgorod", "state-of-emergency"]

CLAIMS: list[dict[str, Any]] = [
    _claim(
        "vyacheslav-gladkov",
        "Belgorod region has declared a regional state of emergency due to the escalation of "
        "the situation after Ukraine's attack in the region, and the authorities are "
        "considering raising it to the federal level.",
        quote=False,
        channel="Telegram",
        sources=[ARTICLE, TELEGRAM],
        tags=BELGOROD,
    ),
    _claim(
        "vyacheslav-gladkov",
        "The situation in the Belgorod region remains extremely difficult and tense. Daily "
        "shelling by the Armed Forces of Ukraine has led to the destruction of homes, as well "
        "as injuries and casualties among civilians",
        quote=True,
        channel="video address on Telegram",
        sources=[ARTICLE, TELEGRAM],
        tags=[*BELGOROD, "shelling"],
    ),
    _claim(
        "vyacheslav-gladkov",
        "Therefore, we have decided to declare a state of emergency in the entire Belgorod "
        "region starting today, to provide additional protection to the population and offer "
        "additional support to those affected",
        quote=True,
        channel="video address on Telegram",
        sources=[ARTICLE, TELEGRAM],
        tags=BELGOROD,
    ),
    _claim(
        "government-of-ukraine",
        "Since August 6, Ukraine has seized more than 1,000 square kilometers of Russian "
        "territory in the Kursk region.",
        quote=False,
        channel=None,
        sources=[ARTICLE],
        tags=[*KURSK, "territory"],
        figures=[
            _area(
                "kursk-area-held-by-ukraine", 1000, "more_than", "2024-08-06", "square kilometers"
            )
        ],
    ),
    _claim(
        "isw",
        "Kyiv's troops have advanced 800 square kilometers in the Kursk region.",
        quote=False,
        channel="report",
        sources=[ARTICLE, ISW],
        tags=[*KURSK, "territory"],
        figures=[_area("kursk-area-held-by-ukraine", 800, "exact", None, "square kilometers")],
    ),
    _claim(
        "isw",
        "Since January 1, 2024, Moscow's troops have penetrated 1,360 square kilometers into "
        "Ukrainian territory.",
        quote=False,
        channel="report",
        sources=[ARTICLE, ISW],
        tags=["territory"],
        figures=[
            _area(
                "ukraine-area-taken-by-russia-2024",
                1360,
                "exact",
                "2024-01-01",
                "square kilometers",
            )
        ],
    ),
    _claim(
        "dmytro-lykhoviy",
        "Russia has redeployed some military units from the occupied Ukrainian regions of "
        "Zaporizhzhia and Kherson to Kursk Oblast to defend Russian territory from the "
        "Ukrainian incursion.",
        quote=False,
        channel="interview with Politico",
        sources=[ARTICLE, POLITICO],
        tags=KURSK,
    ),
    _claim(
        "joe-biden",
        "The incursion of Ukrainian forces into Russia is creating \u201ca real dilemma\u201d "
        "for Russian President Vladimir Putin.",
        quote=False,
        channel="remarks to reporters in New Orleans",
        sources=[ARTICLE],
        tags=KURSK,
    ),
    _claim(
        "joe-biden",
        "Every 4-5 hours",
        quote=True,
        channel="remarks to reporters in New Orleans",
        sources=[ARTICLE],
        tags=KURSK,
        figures=[
            {
                "measure_id": "biden-kursk-briefing-interval",
                "value": 4.5,
                "unit": "hours",
                "qualifier": "range",
                "lower": 4,
                "upper": 5,
            }
        ],
    ),
    _claim(
        "heorhii-tykhyi",
        "The operation is aimed at making military logistics more difficult for Moscow's "
        "forces and strengthening military units in eastern Ukraine; Kyiv has no intention of "
        "occupying the Kursk region.",
        quote=False,
        channel="statement of the Ministry of Foreign Affairs",
        sources=[ARTICLE],
        tags=KURSK,
    ),
    _claim(
        "government-of-ukraine",
        "Kyiv's forces control a thousand square kilometers of territory in the Kursk region.",
        quote=False,
        channel=None,
        sources=[ARTICLE],
        tags=[*KURSK, "territory"],
        figures=[
            _area("kursk-area-held-by-ukraine", 1000, "approximately", None, "square kilometers")
        ],
    ),
    _claim(
        "heorhii-tykhyi",
        "Unlike Russia, Ukraine does not need other people's property. Ukraine is not "
        "interested in taking control of the Kursk region, but in protecting the lives of "
        "Ukrainians",
        quote=True,
        channel="statement of the Ministry of Foreign Affairs",
        sources=[ARTICLE],
        tags=KURSK,
    ),
    _claim(
        "volodymyr-zelensky",
        "Despite intense and difficult battles, our forces continue to advance in the Kursk region",
        quote=True,
        channel="X",
        sources=[ARTICLE, X_POST],
        tags=KURSK,
    ),
    _claim(
        "volodymyr-zelensky",
        "in constant contact with the commander-in-chief, Oleksandr Syrskyi",
        quote=True,
        channel="X",
        sources=[ARTICLE, X_POST],
        tags=KURSK,
    ),
    _claim(
        "volodymyr-zelensky",
        "Our state's exchange fund is growing",
        quote=True,
        channel="X",
        sources=[ARTICLE, X_POST],
        tags=[*KURSK, "prisoners"],
    ),
    _claim(
        "volodymyr-zelensky",
        COMMUNITIES,
        quote=True,
        channel="X",
        sources=[ARTICLE, X_POST],
        tags=[*KURSK, "territory"],
        figures=[_communities(74)],
    ),
    # The article's headline restates the quote above in other words: a repeat, linked below.
    _claim(
        "volodymyr-zelensky",
        HEADLINE,
        quote=True,
        channel="X",
        sources=[ARTICLE],
        tags=[*KURSK, "territory"],
        figures=[_communities(74)],
    ),
    _claim(
        "volodymyr-zelensky",
        "the development of humanitarian solutions for these territories continues",
        quote=True,
        channel="X",
        sources=[ARTICLE, X_POST],
        tags=KURSK,
    ),
    _claim(
        "volodymyr-zelensky",
        "I am grateful to our warriors for their heroic service",
        quote=True,
        channel="X",
        sources=[ARTICLE, X_POST],
        tags=KURSK,
    ),
    _claim(
        "volodymyr-zelensky",
        "preparations for our next steps continue",
        quote=True,
        channel="X",
        sources=[ARTICLE, X_POST],
        tags=KURSK,
    ),
]
