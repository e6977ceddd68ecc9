"""Who said it: every attribution form, quotes, and back-references."""

import pytest

from app.extraction import KnownSpeaker
from tests.extraction.helpers import candidates, speaker_of

GLADKOV = KnownSpeaker(1, ("Vyacheslav Gladkov", "Belgorod governor"), "person",
                       ("Governor of Belgorod Oblast",))  # fmt: skip
ISW = KnownSpeaker(2, ("Institute for the Study of War", "ISW"), "organization", ("think tank",))
BIDEN = KnownSpeaker(3, ("Joe Biden",), "person", ("President of the United States",))
KNOWN = (GLADKOV, ISW, BIDEN)


@pytest.mark.parametrize(
    "text",
    [
        '"We evacuated 3,000 people," Vyacheslav Gladkov said.',
        '"We evacuated 3,000 people," said Vyacheslav Gladkov.',
        "Vyacheslav Gladkov said that 3,000 people were evacuated.",
        "Vyacheslav Gladkov said 3,000 people were evacuated.",
        'Vyacheslav Gladkov said on Telegram: "We evacuated 3,000 people."',
        "According to Vyacheslav Gladkov, 3,000 people were evacuated.",
        "3,000 people were evacuated, according to Vyacheslav Gladkov.",
        "Vyacheslav Gladkov wrote on Telegram that 3,000 people were evacuated.",
        "Vyacheslav Gladkov told reporters 3,000 people were evacuated.",
        "Vyacheslav Gladkov announced in an interview with Reuters that 3,000 people left.",
        "Vyacheslav Gladkov said in a video address that 3,000 people were evacuated.",
        "Regional governor Vyacheslav Gladkov said 3,000 people were evacuated.",
        "Vyacheslav Gladkov, the governor of Belgorod, said 3,000 people were evacuated.",
        "the belgorod governor said 3,000 people were evacuated.",
        "“We evacuated 3,000 people,” Vyacheslav Gladkov said.",
    ],
)
def test_attribution_forms(text: str) -> None:
    c = speaker_of(text, 3000, KNOWN)
    assert c.speaker_id == 1


@pytest.mark.parametrize("verb", ["added", "continued", "concluded", "explained"])
def test_pronoun_and_speech_verbs(verb: str) -> None:
    text = f'Vyacheslav Gladkov spoke on Monday. "We evacuated 3,000 people," he {verb}.'
    c = speaker_of(text, 3000, KNOWN)
    assert (c.speaker_id, c.speaker_name, c.quote) == (1, "Vyacheslav Gladkov", True)


def test_titled_unknown_names_lose_their_titles() -> None:
    text = "Ukrainian military spokesman Dmytro Lykhoviy said 3,000 soldiers were lost."
    c = speaker_of(text, 3000)
    assert (c.speaker_id, c.speaker_name, c.quote) == (None, "Dmytro Lykhoviy", False)
    c = speaker_of("US President Joe Biden said aid reached $3 billion.", 3e9, KNOWN)
    assert (c.speaker_id, c.speaker_name) == (3, "Joe Biden")


def test_surname_after_full_name() -> None:
    text = "Vyacheslav Gladkov visited Shebekino. Gladkov said 3,000 people had left."
    assert speaker_of(text, 3000, KNOWN).speaker_id == 1
    assert speaker_of("Gladkov said 3,000 people had left.", 3000, KNOWN).speaker_id is None


def test_title_back_references() -> None:
    text = ("Regional governor Vyacheslav Gladkov spoke first. The think tank said 40% of drones "
            "were downed. The governor said 3,000 people had left.")  # fmt: skip
    assert speaker_of(text, 40, KNOWN).speaker_id == 2
    assert speaker_of(text, 3000, KNOWN).speaker_id == 1
    text = "US President Joe Biden spoke. Aid of $3 billion was sent, the president added."
    assert speaker_of(text, 3e9, KNOWN).speaker_id == 3


def test_title_learnt_from_the_text() -> None:
    text = ("Kursk acting governor Alexei Smirnov said 200 homes burned. Dozens of drones were "
            "downed, the governor said.")  # fmt: skip
    c = speaker_of(text, 24)
    assert (c.speaker_id, c.speaker_name) == (None, "Alexei Smirnov")


def test_quote_continued_in_next_paragraph() -> None:
    text = ('"We evacuated 1,100 residents," Vyacheslav Gladkov said. "Another 600 will follow.\n'
            '"Shelling damaged 74 homes this month."')  # fmt: skip
    for value in (600, 74):
        c = speaker_of(text, value, KNOWN)
        assert (c.speaker_id, c.quote) == (1, True)


def test_quote_attributed_only_at_its_end() -> None:
    text = '"Crews repaired 2,600 windows.\n"We need 5,000 sheets," Mayor Ivan Petrov said.'
    assert speaker_of(text, 2600).speaker_name == "Ivan Petrov"


def test_colon_then_quote_in_next_paragraph() -> None:
    text = "Vyacheslav Gladkov said on Sunday:\n“Russia launched 95 missiles at the grid.”"
    assert speaker_of(text, 95, KNOWN).speaker_id == 1


def test_nested_single_quotes_stay_with_the_outer_speaker() -> None:
    text = ("Vyacheslav Gladkov said: \"An engineer told me, 'we rebuilt it 4 times.' About 40% "
            'of capacity is offline."')  # fmt: skip
    assert speaker_of(text, 40, KNOWN).speaker_id == 1


def test_british_single_quotes() -> None:
    text = "‘Inflation fell to 4.6 per cent,’ the Chancellor, Margaret Hale, told MPs."
    c = speaker_of(text, 4.6)
    assert (c.speaker_name, c.quote) == ("Margaret Hale", True)


def test_organisations_and_groups() -> None:
    c = speaker_of("Russia launched 34 drones, Ukraine's Air Force said.", 34)
    assert c.speaker_name == "Ukraine's Air Force"
    c = speaker_of("Local officials told reporters 2 people were wounded.", 2)
    assert c.speaker_name == "Local officials"
    c = speaker_of("Train operators cancelled 3.5% of services, the Office of Rail and Road "
                   "(ORR) said.", 3.5)  # fmt: skip
    assert c.speaker_name == "Office of Rail and Road"
    c = speaker_of(
        "Russia launched 34 drones, the ministry said. It added that 31 were downed.", 31
    )
    assert c.speaker_name == "ministry"


def test_possessive_is_not_the_person() -> None:
    c = speaker_of("Vyacheslav Gladkov's office said 3,000 people left.", 3000, KNOWN)
    assert (c.speaker_id, c.speaker_name) == (None, "Vyacheslav Gladkov's office")


def test_unattributed_and_passive() -> None:
    assert speaker_of("Some 3,000 people left the city.", 3000).speaker_name is None
    assert speaker_of("Residents were told 3,000 people had left.", 3000).speaker_name is None
    assert speaker_of("Ukraine added 1,000 square kilometers.", 1000).speaker_name is None
    assert speaker_of("Russian forces continued to shell 74 villages.", 74).speaker_name is None


def test_attributed_sentence_without_figures_is_a_candidate() -> None:
    found = candidates('"We will not retreat," Vyacheslav Gladkov said.', KNOWN)
    assert [(c.speaker_id, c.quote, c.figures) for c in found] == [(1, True, ())]
    assert candidates("The weather was cold.") == []


def test_scare_quotes_do_not_take_the_last_speaker() -> None:
    text = 'Vyacheslav Gladkov said 5 drones fell. A "special operation" began with 74 tanks.'
    assert speaker_of(text, 74, KNOWN).speaker_id is None


def test_unlisted_head_noun_after_the() -> None:
    c = speaker_of("A chase reached 110 mph, the state patrol said.", 110)
    assert c.speaker_name == "state patrol"


def test_known_organisation_inside_a_titled_name() -> None:
    unhcr = KnownSpeaker(9, ("UNHCR",), "organization")
    c = speaker_of('"About 40% are children," UNHCR chief Filippo Grandi said.', 40, [unhcr])
    assert (c.speaker_id, c.speaker_name) == (None, "Filippo Grandi")


def test_pronoun_falls_back_to_a_named_person() -> None:
    text = "Olha Petrenko runs the shelter. She estimates that 300 families passed through."
    assert speaker_of(text, 300).speaker_name == "Olha Petrenko"


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        ("Snow reached 40 cm, according to the regional weather service Skyline.", 40, "Skyline"),
        ("According to the independent monitoring group Airwatch, 45 flights were cancelled.",
         45, "Airwatch"),
        ("Rain reached 80 mm, according to the national flood warning agency.", 80,
         "national flood warning agency"),
        ('"We rescued 12 people," said station manager Ellen Hart.', 12, "Ellen Hart"),
        ("Police in Bristol said 14 people were arrested.", 14, "Police in Bristol"),
        ("Health authorities in Sindh province said 230 cases were confirmed.", 230,
         "Health authorities in Sindh province"),
        ("Officials at the port said 2,000 containers were stuck.", 2000, "Officials at the port"),
        ("Analysts at Kestrel Bank said prices would rise 4%.", 4, "Kestrel Bank"),
        ("The Marlow Trust has said it will cut 230 jobs.", 230, "Marlow Trust"),
        ("Northwind Energy had said 40 turbines were damaged.", 40, "Northwind Energy"),
        ("A spokeswoman for Redline Rail said 45 trains were cancelled.", 45, "Redline Rail"),
    ],
)  # fmt: skip
def test_described_placed_and_auxiliary_speakers(text: str, value: float, name: str) -> None:
    assert speaker_of(text, value).speaker_name == name


def test_clauses_with_their_own_speakers_split_the_sentence() -> None:
    text = "Organisers said 20,000 runners took part, while police put the figure at 15,000."
    split = [(c.speaker_name, [f.value for f in c.figures]) for c in candidates(text)]
    assert split == [("Organisers", [20000.0]), ("police", [15000.0])]
    text = "Oil topped $80 a barrel after the cartel said it would cut 2 million barrels a day."
    split = [(c.speaker_name, [f.value for f in c.figures]) for c in candidates(text)]
    assert split == [(None, [80.0]), ("cartel", [2_000_000.0])]
    text = "Sales rose 5% and profit 3%, the company said."
    assert [(c.speaker_name, len(c.figures)) for c in candidates(text)] == [("company", 2)]


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        ("Levels reached 9 metres, the regional water authority said.", 9,
         "regional water authority"),
        ("Some 40 schools shut, the state exams board said.", 40, "state exams board"),
        ("Winds reached 70 km/h, fire officials said.", 70, "fire officials"),
        ("A study by the Oakfield Institute found a shortage of 300 nurses.", 300,
         "Oakfield Institute"),
        ("A report by the charity Homeline found 40% of renters in arrears and said 12% had "
         "moved.", 12, "Homeline"),
        ("The Blue Party won 40 seats, according to final results released by the election "
         "board on Friday.", 40, "election board"),
    ],
)  # fmt: skip
def test_descriptions_studies_and_coordinated_verbs(text: str, value: float, name: str) -> None:
    assert speaker_of(text, value).speaker_name == name


def test_an_organisation_named_earlier_is_what_its_sector_noun_refers_to() -> None:
    text = (
        "Shares in Tessaly Bank rose on Tuesday. The lender said profit rose to 40 million euros. "
        "Redcastle United were relegated. The club said 28,000 fans had renewed."
    )
    assert speaker_of(text, 40_000_000).speaker_name == "Tessaly Bank"
    assert speaker_of(text, 28_000).speaker_name == "Redcastle United"
    text = "Fenwick Council met. A spokeswoman for the council said 3 schools would close."
    assert speaker_of(text, 3).speaker_name == "Fenwick Council"


def test_sector_nouns_titles_before_names_and_named_descriptions() -> None:
    text = "Shares in Tessaly Bank jumped 7% as the lender reported that profit rose to 1bn euros."
    split = [(c.speaker_name, [f.value for f in c.figures]) for c in candidates(text)]
    assert split == [(None, [7.0]), ("Tessaly Bank", [1e9])]
    text = "Boats carried 312 migrants on Thursday, the Pelagos coastguard said."
    assert speaker_of(text, 312).speaker_name == "Pelagos coastguard"
    text = "Judge Anna Brandt jailed him. She wrote that fewer than 12 staff knew."
    assert speaker_of(text, 12).speaker_name == "Anna Brandt"


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        ("Harwell & Stone, the smallest of the Big Four firms in Norland, said it would cut "
         "650 jobs.", 650, "Harwell & Stone"),
        ("Westmoor Transit said on Tuesday that trams stop. The operator said 18,000 people "
         "ride daily.", 18_000, "Westmoor Transit"),
        ("Northfold Police arrested 27 people on Monday, the force said.", 27, "Northfold Police"),
        ("Wheat output fell 14%, the regional farmers' federation said.", 14,
         "regional farmers' federation"),
        ("Forecasters at the VMO said between 20 and 40mm of rain could fall.", 20, "VMO"),
        ("Insurers at Larkin & Co estimated the cost at 60 million dollars.", 60_000_000,
         "Larkin & Co"),
    ],
)  # fmt: skip
def test_ampersands_subjects_sector_nouns_and_possessives(
    text: str, value: float, name: str
) -> None:
    assert speaker_of(text, value).speaker_name == name


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Unemployment stood at 5.1% in September, figures from the labour ministry showed.",
         "labour ministry"),
        ("Support slipped to 27%, a poll by Nordbarometer published on Wednesday showed.",
         "Nordbarometer"),
        ("A survey of 2,000 tenants by the Renters' Union showed 38% had cut spending.",
         "Renters' Union"),
        ("A report by the National Audit Office last week found 40% of projects late.",
         "National Audit Office"),
        ("A survey of 2,000 tenants showed 38% had cut spending.", None),
        ("The exhibition showed 40 paintings.", None),
    ],
)  # fmt: skip
def test_what_a_report_shows_is_said_by_whoever_made_it(text: str, speaker: str | None) -> None:
    names = {c.speaker_name for c in candidates(text)}
    assert names == {speaker}


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("A spokesman for the Coastal Premier League said attendance topped 9.6 million.",
         ["Coastal Premier League"]),
        ("The 47th Mechanised Brigade said it destroyed 12 tanks.", ["47th Mechanised Brigade"]),
        ("Glaciers lost 18% of their ice, a study by researchers at the Norrvik Institute of "
         "Technology found.", ["Norrvik Institute of Technology"]),
        ("The state weather agency, Meteoclima, issued warnings. It said night-time temperatures "
         "would stay around 27C.", ["Meteoclima"]),
        ("A spokeswoman for Skyreach, the airport's operator, said 96% of flights would leave on "
         "time. The operator said it had spent £2.7m on de-icing fluid.", ["Skyreach", "Skyreach"]),
        ("Meteoclima said temperatures would stay around 27C. Crews were called to 230 "
         "incidents, officials said.", ["Meteoclima", "officials"]),
        ("The General Staff of the Armed Forces said 48 strikes hit. Later the General Staff "
         "reported 162 clashes.", ["General Staff of the Armed Forces"] * 2),
    ],
)  # fmt: skip
def test_organisations_named_in_full_described_or_referred_back_to(
    text: str, speakers: list[str]
) -> None:
    assert [c.speaker_name for c in candidates(text)] == speakers


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # "it" is the organisation that spoke last, not a bare surname that spoke since
        ("The Harbour Trust said 40 boats docked. Patel said 300 staff walked out. It said 12 "
         "berths shut.", ["Harbour Trust", "Patel", "Harbour Trust"]),
        # a person described by their post is no organisation: "the company" is the company
        ("Harwick Foods said revenue rose 7%. Oduya, the company's chief executive, said 600 "
         "jobs would go. The company said profit fell to £82m.",
         ["Harwick Foods", "Oduya", "Harwick Foods"]),
    ],
)  # fmt: skip
def test_back_references_go_to_the_organisation(text: str, speakers: list[str]) -> None:
    assert [c.speaker_name for c in candidates(text)] == speakers


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # ranks and posts before a name are titles, not part of it
        ("Chief Superintendent Ada Moss said 14 arrests were made.", 14, "Ada Moss"),
        ("Detective Inspector Tom Reyes said 3 cars were seized.", 3, "Tom Reyes"),
        # organisations whose names hold title-like words
        (
            "At least 70 wells were dug, the Rural Water Partnership said.",
            70,
            "Rural Water Partnership",
        ),
        (
            "Charity Relief Without Frontiers said it fed 900 families.",
            900,
            "Relief Without Frontiers",
        ),
        # 'according to' a described organisation, or a description then its name
        (
            "Exports rose 4%, according to the state-owned Harbour Authority.",
            4,
            "Harbour Authority",
        ),
        (
            "The fair drew 8,000 visitors, according to its chief backer, Corve Bank.",
            8000,
            "Corve Bank",
        ),
        # a report named by its owner's possessive
        ("Rents rose 6% last year, the Tenants Union's annual survey showed.", 6, "Tenants Union"),
        (
            "Orders fell 9%, the Delmar Institute's report of 400 firms found.",
            9,
            "Delmar Institute",
        ),
        # an unnamed spokesperson of a named body is the body
        ("The Marsh Trust's spokesman said 25 volunteers had joined.", 25, "Marsh Trust"),
    ],
)
def test_speaker_phrases_of_wire_copy(text: str, value: float, name: str) -> None:
    assert speaker_of(text, value).speaker_name == name


def test_according_to_a_bare_title_resolves_to_the_speaker_it_names() -> None:
    airline = KnownSpeaker(9, ("Corvid Air",), "organization", ("airline", "carrier"))
    text = (
        "Corvid Air cancelled 80 flights. "
        "About 9,500 travellers were stranded, according to the airline."
    )
    assert speaker_of(text, 9500, (airline,)).speaker_id == 9


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose 5%, according to the latest data, published on Monday.",
        "Prices rose 5%, according to the data.",
        "A survey of 2,000 tenants showed rents rose 5%.",
    ],
)
def test_a_report_without_its_maker_names_nobody(text: str) -> None:
    found = speaker_of(text, 5)
    assert (found.speaker_id, found.speaker_name) == (None, None)


def test_clauses_of_a_later_sentence_keep_their_own_speakers() -> None:
    """Clause bounds are offsets in the text, wherever the sentence starts: in the second
    sentence, each of two clauses goes to its own speaker (it went to the first one)."""
    text = (
        "The roads were clear all day long on Monday. "
        "Police said 12 people were hurt; the fire brigade said 30 homes burned."
    )
    assert speaker_of(text, 12).speaker_name == "Police"
    assert speaker_of(text, 30).speaker_name == "fire brigade"


@pytest.mark.parametrize(
    ("text", "owners"),
    [
        # what the relative clause says is its antecedent's; the main clause is narration
        (
            "The Harbour Fund, which has said it expects returns of 6% this year, "
            "has kept 40% of its money in bonds.",
            {6: "Harbour Fund", 40: None},
        ),
        # the person before an apposition, not the apposition
        (
            "Lena Ortiz, the union's chief negotiator, who said 120 members had signed, "
            "walked out of the talks.",
            {120: "Lena Ortiz"},
        ),
        # the WHO is a speaker, not a relative pronoun
        (
            "At least 40 people died of cholera last week, the WHO said on Friday.",
            {40: "WHO"},
        ),
        # a verb after a relative clause: its subject is before the clause, not a place in it
        (
            "The Dock Workers Guild, which represents crews in Lisbon, said 310 jobs would go.",
            {310: "Dock Workers Guild"},
        ),
    ],
)
def test_relative_clauses_keep_their_speakers_to_themselves(
    text: str, owners: dict[float, str | None]
) -> None:
    for value, name in owners.items():
        assert speaker_of(text, value).speaker_name == name, value


PORT = KnownSpeaker(7, ("Saltmarsh Port Authority",), "organization", ("port authority", "port"))
KREMLIN = KnownSpeaker(8, ("Kremlin",), "organization", ())


@pytest.mark.parametrize(
    ("text", "value", "speaker_id", "name"),
    [
        # an apposition after the verb or before it: "a spokeswoman for X" is X, known or not
        ("“We moved 540 containers,” said Ines Roca, a spokeswoman for the Saltmarsh Port "
         "Authority.", 540, 7, "Saltmarsh Port Authority"),
        ("Ines Roca, a spokeswoman for the Saltmarsh Port Authority, said 540 containers moved.",
         540, 7, "Saltmarsh Port Authority"),
        ("“We fed 310 families,” said Tomas Leal, a spokesman for the charity Bread Line.",
         310, None, "Bread Line"),
        # a title before the name: the known owner speaks, else the person
        ("Port spokeswoman Ines Roca said 540 containers moved.",
         540, 7, "Saltmarsh Port Authority"),
        ("Ships waited, port spokeswoman Ines Roca said of the 540 containers.",
         540, 7, "Saltmarsh Port Authority"),
        ("Kremlin spokesman Pavel Orlov said 12 envoys had arrived.", 12, 8, "Kremlin"),
        ("Brigade spokesman Pavel Orlov said 12 vehicles were lost.", 12, None, "Pavel Orlov"),
        ("The vote was close, party spokesman Pavel Orlov said of the 12 seats.",
         12, None, "Pavel Orlov"),
    ],
)  # fmt: skip
def test_a_spokesperson_speaks_for_the_body_they_represent(
    text: str, value: float, speaker_id: int | None, name: str
) -> None:
    c = speaker_of(text, value, (PORT, KREMLIN))
    assert (c.speaker_id, c.speaker_name) == (speaker_id, name)


def test_the_pronoun_after_a_spokesperson_follows_the_body_they_speak_for() -> None:
    text = (
        "“We moved 540 containers,” said Ines Roca, a spokeswoman for the Saltmarsh Port "
        "Authority. She added that 35 cranes were idle."
    )
    c = speaker_of(text, 35, (PORT,))
    assert (c.speaker_id, c.speaker_name) == (7, "Saltmarsh Port Authority")


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # a report's maker after a participle: "data published by X showed"
        ("Exports fell 4.2% in May, data published by the Harbour Trade Office on Monday "
         "showed.", 4.2, "Harbour Trade Office"),
        ("Rents rose 7% last year, figures released by Tenant Watch showed.", 7, "Tenant Watch"),
        # a generic group keeps the words that describe it
        ("Turnout reached 61%, county election officials said.", 61, "county election officials"),
        ("At least 9 boats sank, harbour rescue officials said.", 9, "harbour rescue officials"),
        ("It fell by 12, the officials said.", 12, "officials"),
    ],
)  # fmt: skip
def test_report_makers_and_described_groups(text: str, value: float, name: str) -> None:
    c = speaker_of(text, value)
    assert (c.speaker_id, c.speaker_name) == (None, name)


def test_its_report_is_the_body_it_refers_to() -> None:
    text = (
        "Velmont Foods said on Friday it would close two plants. The firm employs about 3,400 "
        "people, its latest annual report showed."
    )
    c = speaker_of(text, 3400)
    assert (c.speaker_id, c.speaker_name) == (None, "Velmont Foods")


@pytest.mark.parametrize(
    "text",
    [
        "Acme Freight also said 40 lorries were idle.",
        "Acme Freight later said 40 lorries were idle.",
        "Acme Freight has also said 40 lorries were idle.",
    ],
)
def test_an_adverb_before_the_verb_is_not_part_of_the_speaker(text: str) -> None:
    assert speaker_of(text, 40).speaker_name == "Acme Freight"


def test_a_known_speakers_whole_title_names_them() -> None:
    agency = KnownSpeaker(9, ("Pan-Andean Water Board",), "organization", ("regional water body",))
    text = "Rain was scarce. The regional water body said 14 reservoirs were below half."
    assert speaker_of(text, 14, (agency,)).speaker_id == 9
    text = "Rain was scarce. The Regional Water Body said 14 reservoirs were below half."
    assert speaker_of(text, 14, (agency,)).speaker_id == 9


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # "the study", "the survey", "the data" later: the findings of whoever made them
        ("A study by researchers at Halden College found 40 glaciers had shrunk. The study, "
         "released on Monday in a geology journal, estimated that 12 would vanish.",
         12, "Halden College"),
        ("According to a survey published on Friday by the charity HomeFirst, 22% of tenants "
         "were behind on rent. The survey of 3,100 households found 9% had moved.",
         9, "HomeFirst"),
        ("Coal supplied 31% of output in March, data from Varn Grid showed. Wind gave 18%, "
         "the data showed.", 18, "Varn Grid"),
        # "the report added" after "X said in a report": X's
        ("Drought has cut yields by 15%, Terra Watch said in a report on Monday. Another 8% "
         "could be lost next year, the report added.", 8, "Terra Watch"),
        # a named organisation is what "the agency", "the company" mean later
        ("A probe built for the Corvan Space Agency reached orbit 500 km up, the agency said.",
         500, "Corvan Space Agency"),
        ("Brask Petroleum said output fell 6%. The Oslo-listed company said it would spend "
         "40 million euros on repairs.", 40_000_000, "Brask Petroleum"),
        # "a <body> spokesperson": the body
        ("A government spokesperson said the 4% pay offer was final.", 4, "government"),
        ("A police spokesman said 17 people were arrested.", 17, "police"),
    ],
)  # fmt: skip
def test_back_references_to_reports_named_bodies_and_their_spokespeople(
    text: str, value: float, name: str
) -> None:
    c = speaker_of(text, value)
    assert (c.speaker_id, c.speaker_name) == (None, name)


def test_an_acronym_in_brackets_names_a_known_speaker() -> None:
    ocha = KnownSpeaker(5, ("Office for Humanitarian Relief", "OHR"), "organization", ())
    text = "More than 3,000 people fled, the U.N. Relief Office (OHR) said on Monday."
    assert speaker_of(text, 3000, (ocha,)).speaker_id == 5


@pytest.mark.parametrize(
    ("text", "value", "name"),
    [
        # a forecast is a claim, unless the sentence says whose finding it is
        ("Analysts at Corda Bank had forecast growth of 2.4%.", 2.4, "Corda Bank"),
        ("Economists polled by Newswire had expected a rise of 0.3%.", 0.3,
         "Economists polled by Newswire"),
        ("Analysts had forecast 4.1%, a poll by the Harbour Gazette showed.", 4.1,
         "Harbour Gazette"),
        # "a study by researchers at X": X
        ("Rents rose 12%, according to a study by researchers at Tarn University.", 12,
         "Tarn University"),
        # "said the agency's director, X": X
        ('"We count 700 cases," said the agency’s director, Lena Moro, on Monday.', 700,
         "Lena Moro"),
    ],
)  # fmt: skip
def test_forecasts_polled_groups_researchers_and_named_titles(
    text: str, value: float, name: str
) -> None:
    c = speaker_of(text, value)
    assert (c.speaker_id, c.speaker_name) == (None, name)


@pytest.mark.parametrize(
    "text", ["Its forecast of 2.2% was cut.", "Growth is expected to reach 3%."]
)
def test_a_forecast_noun_or_a_passive_expectation_names_nobody(text: str) -> None:
    assert candidates(text)[0].speaker_name is None
