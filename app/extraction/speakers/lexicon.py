"""Word lists for attribution: speech verbs, titles, organisation words, pronouns."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of text, as a set."""
    return frozenset(text.split())


VERB_FORMS = words(
    """say said says tell told tells write wrote writes add added adds continue continued
    continues conclude concluded concludes explain explained explains note noted state stated
    claim claimed report reported announce announced announces declare declared declares
    estimate estimated insist insisted insists warn warned warns confirm confirmed confirms
    argue argued argues post posted tweet tweeted acknowledge acknowledged acknowledges admit
    admitted admits stress stressed stresses emphasise emphasised emphasises emphasize
    emphasized emphasizes assert asserted asserts reiterate reiterated reiterates reveal revealed
    disclose disclosed discloses allege alleged alleges boast boasted boasts predict predicted
    predicts ask asked asks reply replied replies respond responded responds recall recalled
    recalls mention mentioned mentions remark remarked find found finds"""
)
SPEECH_VERBS = VERB_FORMS
NOUN_LIKE_VERBS = words("reports claims notes states posts estimates remarks tweets statements")
WEAK_VERBS = words(
    "add added adds continue continued continues conclude concluded concludes post posted "
    "note noted state stated find found finds"
)
SPEECH_FOLLOWERS = words(
    'that on in at during later while adding , : . “ " ‘ this last yesterday today '
    "monday tuesday wednesday thursday friday saturday sunday"
)
PASSIVE = words("was were been be being is are")
PRONOUNS = {"he": "person", "she": "person", "it": "organization", "they": "any"}
TITLE_WORDS = words(
    """mr mrs ms dr lender charity governor governors president vice prime premier minister
    ministers ministry spokesman spokeswoman spokesperson spokespeople spokespersons press
    secretary mayor commander commander-in-chief chief head general lieutenant colonel major
    captain sergeant admiral marshal officer officers official officials adviser advisor aide
    analyst analysts expert experts researcher researchers economist economists director deputy
    leader chairman chairwoman chair ceo founder ambassador envoy senator lawmaker lawmakers
    legislator mp prosecutor prosecutors judge representative coordinator commissioner chancellor
    king queen pope foreign defense defence interior health finance economy regional local city
    state military army navy air force forces staff border guard emergency emergencies service
    services police authorities authority government administration office agency institute
    think tank think-tank group monitor monitors organization organisation observatory council
    committee command department bureau company firm operator watchdog mission top senior former
    acting presidential national security intelligence human rights region oblast district
    municipal provincial federal armed relief humanitarian refugee refugees aid statistics
    statistical central bank fund governorate war-monitoring based"""
)
ORG_WORDS = words(
    """ministry staff office agency institute tank think-tank group monitor organization
    organisation observatory council committee command department bureau company firm operator
    watchdog mission government administration army military forces force navy police service
    services authorities authority bank fund union court commission kremlin pentagon parliament
    assembly centre center foundation network programme program corporation news press guard
    unhcr unicef who nato"""
)
TITLE_ADJECTIVES = words(
    """national regional local central federal state armed human foreign interior presidential
    municipal provincial international global royal general"""
)
HEAD_STOP = words("of for in at from with on")
CONNECTORS = words("of for the and de von van al el on")
DETERMINERS = words("the a an this that these those its his her their")
CAP_STOP = words(
    """yesterday today tomorrow on in at but and however meanwhile separately also then earlier
    later now still the a an this that it he she they we i speaking after before while when if
    since during though although as according monday tuesday wednesday thursday friday saturday
    sunday january february march april may june july august september october november december
    there here so thus nonetheless overall asked some many most all both"""
)
GENERIC_SPEAKERS = words(
    """officials authorities analysts experts residents witnesses sources police prosecutors
    researchers observers diplomats monitors investigators medics rescuers doctors locals
    economists lawmakers organisers organizers forecasters meteorologists scientists
    campaigners activists protesters volunteers firefighters paramedics lawyers judges
    traders bankers critics supporters opponents insiders executives negotiators mediators
    inspectors regulators auditors pollsters statisticians historians engineers teachers
    nurses farmers villagers survivors relatives families neighbours neighbors passengers
    fans spokespeople spokesmen spokeswomen staff workers employees unions managers
    planners agencies ministries governments militaries troops soldiers commanders
    prosecutors coroners epidemiologists virologists climatologists seismologists
    geologists hydrologists"""
)
SOURCE_NOUNS = words(
    """figures data estimates estimate statistics statement report reports tally count numbers
    records assessment assessments calculations survey poll"""
)
