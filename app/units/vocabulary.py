"""The words journalists use for units that pint does not know, or reads differently."""

from collections.abc import Iterable, Mapping
from typing import TypeVar

_Meaning = TypeVar("_Meaning")


def _word_list(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of a word list, in order."""
    return tuple(text.split())


def _spellings(table: Mapping[_Meaning, Iterable[str]]) -> dict[str, _Meaning]:
    """Invert a table of meaning -> spellings into spelling -> meaning."""
    return {spelling: meaning for meaning, spellings in table.items() for spelling in spellings}


# A noun here makes a count of whatever it names; any phrase ending in one ("Russian soldiers")
# is a count too. Pint reads a few of them otherwise (bus: bushel, dam: decametre, camp:
# centiampere, units: micronit); the count reading wins, as no journalist means those.
# Nouns are grouped into classes of things a measure may count under any of their names: a
# measure in "people" takes civilians and soldiers, not tanks (see app/units/nouns.py).
# Generic nouns name no kind of thing and fit every count measure.
GENERIC_CLASS = "generic"
NOUN_CLASSES: dict[str, tuple[str, ...]] = {
    GENERIC_CLASS: _word_list("count counts item items piece pieces unit units"),
    "persons": _word_list(
        """
        people person persons individual individuals resident residents inhabitant inhabitants
        citizen citizens civilian civilians adult adults child children kid kids baby babies
        infant infants minor minors teenager teenagers boy boys girl girls woman women man men
        pensioner pensioners elderly orphan orphans
        soldier soldiers troop troops serviceman servicemen servicewoman servicewomen
        fighter fighters militant militants combatant combatants insurgent insurgents rebel
        rebels mercenary mercenaries conscript conscripts recruit recruits reservist reservists
        volunteer volunteers veteran veterans personnel officer officers policeman policemen
        guard guards commander commanders general generals
        prisoner prisoners pow pows captive captives hostage hostages detainee detainees
        inmate inmates deportee deportees abductee abductees defector defectors deserter
        deserters casualty casualties death deaths dead killed fatality fatalities wounded
        injured injury injuries victim victims body bodies survivor survivors missing
        refugee refugees evacuee evacuees migrant migrants immigrant immigrants emigrant
        emigrants seeker seekers displaced
        patient patients doctor doctors nurse nurses voter voters member members lawmaker
        lawmakers deputy deputies official officials employee employees worker workers staff
        student students pupil pupils teacher teachers journalist journalists reporter reporters
        protester protesters protestor protestors demonstrator demonstrators marcher marchers
        participant participants attendee attendees visitor visitors tourist tourists
        passenger passengers user users customer customers subscriber subscribers follower
        followers
        """
    ),
    "households": _word_list("family families household households"),
    "places": _word_list(
        """
        community communities settlement settlements village villages town towns city cities
        locality localities district districts region regions province provinces oblast oblasts
        municipality municipalities neighbourhood neighbourhoods neighborhood neighborhoods
        country countries nation nations state states street streets
        """
    ),
    "buildings and sites": _word_list(
        """
        home homes house houses building buildings apartment apartments flat flats dwelling
        dwellings residence residences structure structures facility facilities site sites
        school schools kindergarten kindergartens university universities hospital hospitals
        clinic clinics church churches mosque mosques shelter shelters camp camps
        bridge bridges road roads dam dams factory factories plant plants station stations
        substation substations airport airports airfield airfields port ports farm farms
        shop shops store stores grave graves
        position positions checkpoint checkpoints target targets
        """
    ),
    "organisations": _word_list("business businesses company companies firm firms bank banks"),
    "vehicles": _word_list(
        """
        tank tanks vehicle vehicles truck trucks car cars bus buses train trains
        aircraft airplane airplanes plane planes jet jets helicopter helicopters satellite
        satellites ship ships warship warships vessel vessels boat boats submarine submarines
        """
    ),
    "weapons": _word_list(
        """
        drone drones missile missiles shell shells rocket rockets bomb bombs grenade grenades
        mine mines landmine landmines projectile projectiles munition munitions
        weapon weapons gun guns rifle rifles howitzer howitzers launcher launchers
        system systems
        """
    ),
    "health": _word_list(
        """
        case cases infection infections hospitalisation hospitalisations hospitalization
        hospitalizations bed beds dose doses vaccine vaccines vaccination vaccinations
        test tests birth births
        """
    ),
    "votes": _word_list(
        "vote votes ballot ballots seat seats signature signatures petition petitions"
    ),
    "events": _word_list(
        """
        arrest arrests incident incidents attack attacks strike strikes airstrike airstrikes
        explosion explosions blast blasts raid raids assault assaults shooting shootings
        bombing bombings shelling shellings sortie sorties launch launches interception
        interceptions violation violations crime crimes murder murders homicide homicides
        protest protests rally rallies demonstration demonstrations
        accident accidents crash crashes fire fires wildfire wildfires flight flights
        """
    ),
    "jobs": _word_list("job jobs"),
    "animals": _word_list("animal animals"),
    "trees": _word_list("tree trees"),
}
COUNT_NOUNS = frozenset(noun for nouns in NOUN_CLASSES.values() for noun in nouns)

CURRENCIES: dict[str, tuple[str, ...]] = {
    "USD": ("$", "us$", "usd", "dollar", "dollars", "us dollar", "us dollars", "u.s. dollars"),
    "EUR": ("€", "eur", "euro", "euros"),
    "GBP": ("£", "gbp", "sterling", "pound sterling", "pounds sterling"),
    "RUB": ("₽", "rub", "rouble", "roubles", "ruble", "rubles", "russian roubles"),
    "UAH": ("₴", "uah", "hryvnia", "hryvnias", "hryvnya", "hryvnyas", "hryvna", "hryvnas"),
    "INR": ("₹", "inr", "rs", "rupee", "rupees", "indian rupee", "indian rupees"),
}

# Symbols read the same in any case, as news writes them: pint alone would read "M" as molar,
# "T" as tesla, "H" as henry, "Mg" as megagram. Other symbols keep pint's case ("MW", "mW").
SYMBOLS = {
    "m": "meter",
    "mm": "millimeter",
    "yd": "yard",
    "g": "gram",
    "mg": "milligram",
    "t": "metric_ton",
    "s": "second",
    "min": "minute",
    "h": "hour",
    "d": "day",
    "yr": "year",
}

# Scale words are pint units of the same name, defined in the registry.
SCALES: dict[str, float] = {
    "ten": 1e1,
    "dozen": 12.0,
    "score": 20.0,
    "hundred": 1e2,
    "thousand": 1e3,
    "lakh": 1e5,
    "million": 1e6,
    "crore": 1e7,
    "billion": 1e9,
    "trillion": 1e12,
}

# How newsrooms write the scales: spelling -> scale. "tens" is a scale only in "tens of".
SCALE_SPELLINGS: dict[str, str] = _spellings(
    {
        "dozen": ("dozen",),
        "score": ("score",),
        "hundred": ("hundred",),
        "thousand": ("thousand",),
        "lakh": ("lakh", "lakhs", "lac", "lacs"),
        "million": ("million", "mn", "mln", "mio"),
        "crore": ("crore", "crores"),
        "billion": ("billion", "bn", "bln"),
        "trillion": ("trillion", "tn", "trn"),
    }
)

# Abbreviations that are scales only before a count noun or a currency ("k people", "m USD"):
# alone, or before another unit, "m" is the metre, "b" the barn, "k" the Boltzmann constant.
CONTEXT_SCALES: dict[str, str] = {"k": "thousand", "m": "million", "b": "billion", "cr": "crore"}

# Vague plurals followed by "of" multiply by their scale: 3 "hundreds of people" is 300 people
# and "tens of thousands of" multiplies by ten thousand.
SCALE_PLURALS: dict[str, str] = {f"{scale}s": scale for scale in SCALES} | {"lacs": "lakh"}

# Words that may not qualify a count noun, as their meaning would be lost ("five people"):
# with the scales, the number words. See app/units/grammar.py for the modifier rule.
NUMBER_WORDS = frozenset(
    _word_list(
        """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen
    fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty
    ninety half quarter per cent percent pct"""
    )
)

# Two-letter words that may qualify a count noun ("US troops", "UN staff").
SHORT_MODIFIERS = frozenset({"us", "uk", "eu", "un"})

# Spellings read as one pint unit, shown with a symbol of their own: spelling -> (name, symbol).
FIXED: dict[str, tuple[str, str]] = {
    **_spellings({(code, code): spellings for code, spellings in CURRENCIES.items()}),
    **_spellings(
        {
            ("percent", "%"): ("%", "percent", "per cent", "pct", "percentage"),
            ("percentage_point", "pp"): (
                "pp",
                "p.p",
                "percentage point",
                "percentage points",
                "percent point",
                "percent points",
            ),
            ("permille", "‰"): ("‰", "per mille", "per mil", "permille"),
        }
    ),
}

# Temperatures stand only on their own: inside a product, power or quotient pint would read
# them as temperature differences. "C" and "F" are as in "40C", not coulomb and farad.
TEMPERATURES: dict[str, tuple[str, str]] = _spellings(
    {
        ("degree_Celsius", "°C"): (
            "°c",
            "c",
            "degc",
            "celsius",
            "deg c",
            "degrees c",
            "degree celsius",
            "degrees celsius",
        ),
        ("degree_Fahrenheit", "°F"): (
            "°f",
            "f",
            "degf",
            "fahrenheit",
            "deg f",
            "degrees f",
            "degree fahrenheit",
            "degrees fahrenheit",
        ),
    }
)
