"""The words journalists use for units that pint does not know, or reads differently."""

from collections.abc import Iterable, Mapping
from typing import TypeVar

_Meaning = TypeVar("_Meaning")


def _words(text: str) -> frozenset[str]:
    """The whitespace-separated words of a word list."""
    return frozenset(text.split())


def _spellings(table: Mapping[_Meaning, Iterable[str]]) -> dict[str, _Meaning]:
    """Invert a table of meaning -> spellings into spelling -> meaning."""
    return {spelling: meaning for meaning, spellings in table.items() for spelling in spellings}


# A noun here makes a count of whatever it names; any phrase ending in one ("Russian soldiers")
# is a count too. Pint reads a few of them otherwise (bus: bushel, dam: decametre, camp:
# centiampere, units: micronit); the count reading wins, as no journalist means those.
COUNT_NOUNS = _words(
    """
    count counts item items piece pieces
    people person persons individual individuals resident residents inhabitant inhabitants
    citizen citizens civilian civilians adult adults child children kid kids baby babies
    infant infants minor minors teenager teenagers boy boys girl girls woman women man men
    pensioner pensioners elderly orphan orphans family families household households
    soldier soldiers troop troops serviceman servicemen servicewoman servicewomen
    fighter fighters militant militants combatant combatants insurgent insurgents rebel rebels
    mercenary mercenaries conscript conscripts recruit recruits reservist reservists
    volunteer volunteers veteran veterans personnel officer officers policeman policemen
    guard guards commander commanders general generals
    prisoner prisoners pow pows captive captives hostage hostages detainee detainees
    inmate inmates deportee deportees abductee abductees defector defectors deserter deserters
    casualty casualties death deaths dead killed fatality fatalities wounded injured injury
    injuries victim victims body bodies grave graves survivor survivors missing
    refugee refugees evacuee evacuees migrant migrants immigrant immigrants emigrant emigrants
    seeker seekers displaced
    community communities settlement settlements village villages town towns city cities
    locality localities district districts region regions province provinces oblast oblasts
    municipality municipalities neighbourhood neighbourhoods neighborhood neighborhoods
    country countries nation nations state states street streets
    home homes house houses building buildings apartment apartments flat flats dwelling
    dwellings residence residences structure structures facility facilities site sites
    school schools kindergarten kindergartens university universities hospital hospitals
    clinic clinics church churches mosque mosques shelter shelters camp camps
    bridge bridges road roads dam dams factory factories plant plants station stations
    substation substations airport airports airfield airfields port ports farm farms
    shop shops store stores business businesses company companies firm firms bank banks
    tank tanks vehicle vehicles truck trucks car cars bus buses train trains
    drone drones missile missiles shell shells rocket rockets bomb bombs grenade grenades
    mine mines landmine landmines projectile projectiles munition munitions
    weapon weapons gun guns rifle rifles howitzer howitzers launcher launchers
    aircraft airplane airplanes plane planes jet jets helicopter helicopters satellite satellites
    ship ships warship warships vessel vessels boat boats submarine submarines
    unit units system systems target targets position positions checkpoint checkpoints
    case cases infection infections hospitalisation hospitalisations hospitalization
    hospitalizations patient patients doctor doctors nurse nurses bed beds dose doses
    vaccine vaccines vaccination vaccinations test tests birth births
    vote votes voter voters ballot ballots seat seats signature signatures petition petitions
    member members lawmaker lawmakers deputy deputies official officials
    job jobs employee employees worker workers staff student students pupil pupils
    teacher teachers journalist journalists reporter reporters
    protester protesters protestor protestors demonstrator demonstrators marcher marchers
    participant participants attendee attendees visitor visitors tourist tourists
    passenger passengers user users customer customers subscriber subscribers follower followers
    arrest arrests incident incidents attack attacks strike strikes airstrike airstrikes
    explosion explosions blast blasts raid raids assault assaults shooting shootings
    bombing bombings shelling shellings sortie sorties launch launches interception
    interceptions violation violations crime crimes murder murders homicide homicides
    protest protests rally rallies demonstration demonstrations
    accident accidents crash crashes fire fires wildfire wildfires flight flights
    animal animals tree trees
    """
)

CURRENCIES: dict[str, tuple[str, ...]] = {
    "USD": ("$", "us$", "usd", "dollar", "dollars", "us dollar", "us dollars", "u.s. dollars"),
    "EUR": ("€", "eur", "euro", "euros"),
    "GBP": ("£", "gbp", "sterling", "pound sterling", "pounds sterling"),
    "RUB": ("₽", "rub", "rouble", "roubles", "ruble", "rubles", "russian roubles"),
    "UAH": ("₴", "uah", "hryvnia", "hryvnias", "hryvnya", "hryvnyas", "hryvna", "hryvnas"),
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
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
}

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
