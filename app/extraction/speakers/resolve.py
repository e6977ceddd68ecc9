"""Resolve speaker phrases to known speakers, earlier speakers, or names as written.

Known speakers are found by known.py. "he"/"she" resolve to the last person who spoke (else the last
known person named), "it" to the last organisation, "they" to the last speaker of any kind.
A bare title ("the governor", "the think tank") resolves to the most recent speaker whose
known titles, or title words written next to their name earlier, hold its head word; failing
that, to the only known speaker with that title; failing that, it stays as written. When no
one has spoken yet, a pronoun falls back to the last person named in the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from app.extraction.model import KnownSpeaker
from app.extraction.speakers.cyrillic import ORG_STEMS, PERSON_TITLES
from app.extraction.speakers.inflect import stem
from app.extraction.speakers.known import KnownIndex
from app.extraction.speakers.lexicon import PRONOUNS, REPORT_NOUNS, SPOKES, words
from app.extraction.speakers.phrases import Phrase, person_names

PERSON_HEADS = {"governor", "president", "minister", "spokesman", "spokeswoman", "mayor"}


def _title_words(text: str) -> set[str]:
    """The words of a title or an organisation's name, as a phrase's head is written (lower
    case; Cyrillic words stemmed, so "комиссии" finds "комиссия")."""
    return {stem(word) for word in re.findall(r"[\w-]+", text)}


# What the copy calls an organisation after naming it: "Tessaly Bank ... the lender",
# "Redcastle United ... the club", "Skyline Airways ... the carrier".
SECTOR_NOUNS = {
    "bank": "lender", "united": "club team side", "city": "club team side", "fc": "club team",
    "rovers": "club team", "athletic": "club team", "airways": "airline carrier",
    "airlines": "airline carrier", "air": "airline carrier", "energy": "utility company firm",
    "power": "utility company", "water": "utility company", "foods": "company firm group",
    "motors": "carmaker automaker company", "group": "company firm", "holdings": "company firm",
    "ltd": "company firm", "inc": "company firm", "plc": "company firm", "corp": "company firm",
    "corporation": "company firm", "industries": "company firm", "freight": "company firm",
    "logistics": "company firm", "rail": "operator company", "capital": "firm fund",
    "insurance": "insurer company", "pharma": "drugmaker company", "stores": "retailer chain",
    "university": "university", "trust": "trust charity", "council": "council authority",
    "police": "force", "transit": "operator company", "transport": "operator company",
    "railways": "operator company", "buses": "operator company", "airport": "operator airport",
    "co": "firm company", "partners": "firm", "alliance": "group alliance",
    "agency": "agency", "petroleum": "company producer firm", "oil": "company producer firm",
    "gas": "company producer firm", "mining": "company miner firm", "securities": "firm broker",
    "networks": "operator company", "office": "office", "ministry": "ministry",
    "institute": "institute", "commission": "commission", "authority": "authority regulator",
    "service": "service", "bureau": "bureau", "association": "association group",
    "federation": "federation", "court": "court",
}  # fmt: skip
# A bare title that any organisation answers to: the latest organisation that spoke, when no
# speaker holds the word ("Harwell & Stone said ... the firm said").
GENERIC_ORG_HEADS = frozenset(
    ["company", "firm", "group", "organisation", "organization", "operator"]
    + [stem(w) for w in words("відомство ведомство компанія компания клуб команда організація")]
)
# An organisation named in quotation marks («Волжанин», “Eleven Ravens”).
QUOTED_ORG_RE = re.compile(r"[«“]([A-ZА-ЯІЇЄҐЁ][^«»“”.,;:!?]{0,40})[»”]")
# (not "the Nordic Court of Auditors": a sector word before "of" or "for" does not end a name)
ORG_NAME_RE = re.compile(
    r"\b(?:[A-Z][\w’'&-]+\s+){1,4}(?:"
    + "|".join(w.title() for w in SECTOR_NOUNS)
    + r"|FC|PLC)\b(?!\s+(?:of|for)\b)"
)


# An organisation named beside what it is: "the state weather agency, Meteoclima," and
# "Skyreach, the airport's operator,": "the agency", "the operator", "it" are that one later.
DESCRIBED_HEADS = words(
    "agency company operator firm regulator lender insurer carrier airline utility institute "
    "service watchdog charity group union league club broadcaster newspaper paper developer "
    "manufacturer maker retailer bank"
)
_DESCRIBED = r"(?:[\w’'-]+\s+){0,3}?(?P<head>" + "|".join(sorted(DESCRIBED_HEADS)) + ")"
_NAME = r"(?P<name>[A-Z][\w&’'-]*(?:\s+(?:[A-Z][\w&’'-]*|of|for|and|&)){0,4})"
NAMED_AS_RES = (
    re.compile(rf"\b[Tt]he\s+{_DESCRIBED},\s+{_NAME},"),
    # the description ends at its head: not "Oduya, the company's chief executive,"
    re.compile(rf"(?<![\w’'-]){_NAME},\s+(?:the|a|an|its)\s+{_DESCRIBED}(?=\s*,)"),
)


def _org_titles(name: str) -> set[str]:
    """The words an organisation is called by: its own, and its sector's ('the lender')."""
    own = _title_words(name)
    return own | {w for word in own for w in SECTOR_NOUNS.get(word, "").split()}


def _person_like(name: str) -> bool:
    """Whether a name is a person's ("Maren Oduya, the chief executive"), as far as its
    first word is a given name or a title: two or three capitalised words with no sector
    word are taken as a person's and left to the name reader."""
    parts = name.split()
    return 1 < len(parts) <= 3 and not _org_titles(name) & set(SECTOR_NOUNS)


@dataclass(frozen=True, slots=True)
class Speaker:
    """A resolved speaker: known id (if any), name, and kind."""

    id: int | None
    name: str
    kind: str


def _spokes_owner(phrase: Phrase) -> Phrase | None:
    """Whom "a government spokesperson", "the ministry spokeswoman" speak for: the words
    before the spokesperson ("government", "ministry"), a title to resolve; None when the
    title is no spokesperson's or names nobody before it."""
    written = phrase.text.rsplit(maxsplit=1)
    if phrase.head not in SPOKES or len(phrase.titles) < 2 or len(written) < 2:
        return None
    owner = written[0].rstrip()
    titles = phrase.titles[:-1]
    end = phrase.start + len(owner)
    return replace(phrase, text=owner, titles=titles, head=titles[-1].lower(), end=end)


def _key(speaker: Speaker) -> str:
    """The key a speaker is remembered under."""
    return f"id:{speaker.id}" if speaker.id is not None else f"name:{speaker.name.lower()}"


class Resolver:
    """Discourse state: who spoke last, which titles go with whom."""

    def __init__(self, known: Sequence[KnownSpeaker]) -> None:
        """Index the known speakers."""
        self.index = KnownIndex(known)
        self.recent: dict[str, int] = {}
        self.titles: dict[str, set[str]] = {}
        # Title word -> the keys holding it, so a bare title is not tried against every speaker.
        self.holders: dict[str, dict[str, None]] = {}
        self.rank: dict[str, int] = {}
        self.by_key: dict[str, Speaker] = {}
        self.history: list[tuple[int, Speaker]] = []
        self.spoke_for: dict[str, tuple[str, Speaker]] = {}  # spokesperson -> owner (key)
        # A known speaker's whole title as written ("UN health agency"), when only one holds it.
        self.full_titles: dict[str, str] = {}
        self.report_maker: tuple[str, Speaker] | None = None  # who made the last report named
        held = Counter(title.lower() for k in known for title in set(k.titles))
        for k in known:
            words = " ".join(k.titles + (k.names if k.kind != "person" else ()))
            self._remember(f"id:{k.id}", self._canonical(k), _title_words(words))
            for title in k.titles:
                if held[title.lower()] == 1 and " " in title:
                    self.full_titles[title.lower()] = f"id:{k.id}"

    @staticmethod
    def _canonical(k: KnownSpeaker) -> Speaker:
        """The speaker record for a known speaker."""
        return Speaker(k.id, k.names[0] if k.names else str(k.id), k.kind)

    def _remember(self, key: str, speaker: Speaker, titles: set[str], pos: int = -1) -> None:
        """Store a speaker's titles and, when pos is given, when it was last seen."""
        self.by_key.setdefault(key, speaker)
        if key not in self.titles:
            self.rank[key] = len(self.titles)
        self.titles.setdefault(key, set()).update(titles)
        for word in titles:
            self.holders.setdefault(word, {})[key] = None
        if pos >= 0:
            self.recent[key] = pos

    def note_organisations(self, text: str, pos: int) -> None:
        """Record organisations named in text at pos whose name ends in a sector word
        ("Tessaly Bank"), before the sentence's own attributions are resolved ("Shares in
        Tessaly Bank fell as the lender said ...")."""
        for m in ORG_NAME_RE.finditer(text):
            name = re.sub(r"^(?:The|A|An)\s+", "", m.group())
            if self.index.match(name) is None and " " in name:
                key = f"name:{name.lower()}"
                self._remember(key, Speaker(None, name, "organization"), _org_titles(name), pos)
        for rx in NAMED_AS_RES:
            for m in rx.finditer(text):
                name = m.group("name")
                if self.index.match(name) is None and not _person_like(name):
                    key = f"name:{name.lower()}"
                    titles = _org_titles(name) | {m.group("head").lower()}
                    self._remember(key, Speaker(None, name, "organization"), titles, pos)
        for m in QUOTED_ORG_RE.finditer(text):
            name = m.group(1)
            if self.index.match(name) is None and len(name.split()) <= 4:
                key = f"name:{name.lower()}"
                self._remember(key, Speaker(None, name, "organization"), set(), pos + m.start())

    def note_mentions(self, text: str, pos: int) -> None:
        """Record speakers named (not necessarily speaking) in text at pos: people and known
        speakers."""
        for name in person_names(text):
            if self.index.match(name) is None:
                key = f"name:{name.lower()}"
                self.by_key.setdefault(key, Speaker(None, name, "person"))
                self.recent[key] = pos
        for kid in self.index.mentioned(text):
            self.recent[f"id:{kid}"] = pos

    def _spoke(self, key: str, speaker: Speaker, titles: set[str], pos: int) -> Speaker:
        """Record that speaker spoke at pos (the owner, for a spokesperson)."""
        key, speaker = self.spoke_for.get(key, (key, speaker))
        self._remember(key, speaker, titles, pos)
        self.history.append((pos, speaker))
        return speaker

    def resolve(self, phrase: Phrase, pos: int) -> Speaker | None:
        """The speaker a phrase at pos refers to; a guessed title ("сообщил градоначальник")
        only when a speaker holds it."""
        speaker = self._resolve(phrase, pos)
        if phrase.reports and speaker is not None:
            self.report_maker = (_key(speaker), speaker)
        return speaker

    def _resolve(self, phrase: Phrase, pos: int) -> Speaker | None:
        if phrase.kind == "pronoun":
            return self._pronoun(phrase.head, pos)
        if phrase.kind == "guess":
            held = self._holder(phrase.head)
            return self._spoke(held, self.by_key[held], set(), pos) if held else None
        if phrase.owner is not None and phrase.name:
            owner = self._known_owner(phrase.owner, pos)
            if owner is None and phrase.owner_speaks:
                owner = self.resolve(phrase.owner, pos)
            if owner is not None:
                return self._spokesperson(phrase.name, owner, pos)
        known = self._known_in(phrase)
        if known is not None:
            k, written = known
            spoke = Speaker(k.id, written, k.kind)
            return self._spoke(f"id:{k.id}", spoke, set(phrase.titles), pos)
        if phrase.kind == "title":
            # "the study estimated": the report named before, when nobody holds the word
            if phrase.head in REPORT_NOUNS and self._holder(phrase.head) is None:
                return self._report(phrase, pos)
            return self._title(_spokes_owner(phrase) or phrase, pos)
        if (key := self.full_titles.get(phrase.text.lower())) is not None:  # "UN health agency"
            return self._spoke(key, self.by_key[key], set(phrase.titles), pos)
        return self._unknown(phrase, pos)

    def _report(self, phrase: Phrase, pos: int) -> Speaker | None:
        """A report named before ("the study", "the data"): its maker's, else the last
        speaker's; nobody's when nobody has spoken."""
        if self.report_maker is not None:
            key, speaker = self.report_maker
        elif self.history:
            speaker = self.history[-1][1]
            key = _key(speaker)
        else:
            return None
        return self._spoke(key, self.by_key.get(key, speaker), set(), pos)

    def _spokesperson(self, name: str, owner: Speaker, pos: int) -> Speaker:
        """The owner speaks; the spokesperson is remembered as speaking for it, so "she added"
        after them is the owner too."""
        key = f"id:{owner.id}" if owner.id is not None else f"name:{owner.name.lower()}"
        person = f"name:{name.lower()}"
        self.spoke_for[person] = (key, owner)
        self.history.append((pos, self.by_key.setdefault(person, Speaker(None, name, "person"))))
        return owner

    def _known_owner(self, owner: Phrase, pos: int) -> Speaker | None:
        """The known speaker a spokesperson speaks for, named ("Kremlin") or by a title it
        holds ("airport"); None when the owner is nobody known."""
        known = self._known_in(owner)
        if known is not None:
            k, written = known
            return self._spoke(f"id:{k.id}", Speaker(k.id, written, k.kind), set(), pos)
        key = self._holder(owner.head) if owner.kind == "title" else None
        if key is None or not key.startswith("id:"):
            return None
        return self._spoke(key, self.by_key[key], set(owner.titles), pos)

    def _known_in(self, phrase: Phrase) -> tuple[KnownSpeaker, str] | None:
        """The known speaker a phrase names ('UNHCR chief Filippo Grandi' names only Grandi)."""
        known = self.index.match(phrase.text)
        if known is None and phrase.alias:
            return self.index.match(phrase.alias)
        if known is None or phrase.kind != "name":
            return known
        written, name = known[1].lower(), phrase.name.lower()
        return known if written in name or name in written else self.index.match(phrase.name)

    def _compatible(self, kind: str, want: str) -> bool:
        """Whether a speaker of this kind can be referred to by a pronoun wanting want."""
        return want == "any" or kind in (want, "any")

    def _pronoun(self, pronoun: str, pos: int) -> Speaker | None:
        """Resolve he/she/it/they."""
        want = PRONOUNS[pronoun]
        # the last speaker of the pronoun's own kind ("it": an organisation), else the last
        # one that may be of it (a bare surname may be anyone's)
        spoke = [sp for _, sp in reversed(self.history) if self._compatible(sp.kind, want)]
        exact = [sp for sp in spoke if sp.kind == want]
        for sp in (exact or spoke)[:1]:
            key = f"id:{sp.id}" if sp.id is not None else f"name:{sp.name.lower()}"
            return self._spoke(key, self.by_key.get(key, sp), set(), pos)
        named = sorted(self.recent.items(), key=lambda kv: -kv[1])
        for key, _ in named:
            sp = self.by_key[key]
            if self._compatible(sp.kind, want):
                return self._spoke(key, sp, set(), pos)
        return None

    def _holder(self, head: str) -> str | None:
        """The key of the latest speaker seen that holds a title word; for a word any
        organisation answers to ("the firm", "клуб"), else the organisation that spoke or was
        named last; else the only known speaker that holds the word. An organisation's word is
        never a person's who holds it in a longer title ("директор клуба" is not "клуб")."""
        holders = sorted(self.holders.get(head, ()), key=self.rank.__getitem__)
        organisation = head in GENERIC_ORG_HEADS or head in ORG_STEMS
        if organisation and head not in PERSON_TITLES:  # "клуба": not "директор клуба"
            holders = [k for k in holders if self.by_key[k].kind != "person"]
        seen = sorted((k for k in holders if k in self.recent), key=lambda k: -self.recent[k])
        if seen:
            return seen[0]
        if head in GENERIC_ORG_HEADS and (last := self._last_organisation()) is not None:
            return last
        unseen = [k for k in holders if k not in self.recent and k.startswith("id:")]
        return unseen[0] if len(unseen) == 1 else None

    def _title(self, phrase: Phrase, pos: int) -> Speaker:
        """Resolve a bare title to the latest speaker that holds it."""
        key = self._holder(phrase.head)
        if key is not None:
            return self._spoke(key, self.by_key[key], set(phrase.titles), pos)
        kind = "person" if phrase.head in PERSON_HEADS else "organization"
        spoke = Speaker(None, phrase.text, kind)
        return self._spoke(f"name:{phrase.text.lower()}", spoke, set(phrase.titles), pos)

    def _last_organisation(self) -> str | None:
        """The key of the organisation that spoke or was named last."""
        orgs = [k for k in self.recent if self.by_key[k].kind == "organization"]
        return max(orgs, key=self.recent.__getitem__, default=None)

    def _unknown(self, phrase: Phrase, pos: int) -> Speaker:
        """A speaker who is not known: kept under the name as written."""
        name = phrase.name or phrase.text
        kind = {"name": "person", "org": "organization", "group": "group"}[phrase.kind]
        if kind == "person" and " " not in name:
            kind = "any"
        key = f"name:{name.lower()}"
        for other, sp in self.by_key.items():
            if sp.id is None and sp.kind == "person" and sp.name.split()[-1] == name:
                key, kind = other, "person"
            elif (
                kind == "organization"
                and sp.id is None
                and sp.kind == kind
                and sp.name.lower().startswith(f"{name.lower()} ")  # "the General Staff"
            ):
                key, name = other, sp.name
        titles = set(phrase.titles)
        if kind == "organization":
            titles |= _org_titles(name)
        return self._spoke(key, Speaker(None, name, kind), titles, pos)
