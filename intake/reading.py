"""The rules that read an article into proposals, each anchored in its words.

spaCy's blank English pipeline splits sentences and tokens (no model weights); its
PhraseMatcher finds the actors the record knows by name or alias (the gazetteer), and
its Matcher the titled names it does not ("Foreign Minister Sameh Shoukry"). Everything
else is a pattern over a sentence's words: quotation marks, speech verbs, meeting verbs,
date phrases (``intake.dates``), numbers with what they count. Each proposal holds the
sentence it rests on, verbatim, with its offsets in code points, the rule that fired and
a confidence; none is ever written as a record until an editor accepts it.
"""

import bisect
import dataclasses
import functools
import re
from dataclasses import dataclass, field

import pycountry
import spacy
from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher

from intake.dates import FUTURE, MONTHS, Dated, interval, publication, resolve
from intake.places import CAPITALS

# Words before a name that say who the person is: kept as the proposed title.
TITLE_WORDS = (
    "President|Vice President|Prime Minister|Deputy Prime Minister|Foreign Minister|"
    "Foreign Secretary|Secretary|Coordinator|Lord|Sir|"
    "Minister|Deputy Foreign Minister|Secretary of State|Secretary-General|Secretary General|"
    "Ambassador|ambassador|envoy|special envoy|spokesperson|spokesman|spokeswoman|"
    "Spokesperson|Spokesman|Chancellor|King|Crown Prince|Emir|Sheikh|Prince|leader|"
    "political leader|chief|Chief|Director|director|General|Gen\\.|Senator|Representative|"
    "Leader|Majority Leader|Minority Leader|Speaker|"
    "counterpart"
)
SPEECH = (
    r"said|says|told|added|stated|noted|stressed|emphasized|emphasised|urged|warned|"
    r"declared|insisted|asserted|argued|wrote|posted|tweeted|explained|called|continued"
)
SPEECH_VERB = re.compile(rf"\b(?:{SPEECH})\b", re.I)
ROLE_NOUNS = (
    r"minister|president|envoy|ambassador|spokesperson|spokesman|spokeswoman|official|"
    r"diplomat|secretary|leader|premier|chancellor|chief|coordinator|prime minister"
)
PRONOUN_SPEAKER = re.compile(
    rf"\b(?:he|she|the (?:[A-Za-z-]+ )?(?P<role>{ROLE_NOUNS}))\s*,?\s+(?:{SPEECH})\b"
    rf"|\b(?:{SPEECH})\s+(?:he|she|the (?:[A-Za-z-]+ )?(?P<role2>{ROLE_NOUNS}))\b",
    re.I,
)
ROLE_SUBJECT = re.compile(rf"\bthe (?:[A-Za-z-]+ )?(?P<role>{ROLE_NOUNS})\b", re.I)
HONORIFICS = ("Sheikh", "Lord", "Sir", "Prince", "Dr", "Dr.", "Mr", "Mr.", "Mrs", "Ms", "Emir")
HONORIFIC_WORDS = {h.rstrip(".") for h in HONORIFICS}
# Adjectives of the states the record knows by name: "Egyptian officials" are Egypt's.
DEMONYMS = {
    "Egyptian": "Egypt",
    "Israeli": "Israel",
    "Qatari": "Qatar",
    "Chinese": "China",
    "Saudi": "Saudi Arabia",
    "Russian": "Russia",
    "American": "United States",
    "Iranian": "Iran",
    "Turkish": "Turkey",
    "Jordanian": "Jordan",
    "British": "United Kingdom",
    "French": "France",
    "Palestinian": "Palestine",
    "Indonesian": "Indonesia",
    "Emirati": "United Arab Emirates",
    "Lebanese": "Lebanon",
}
# A body the record does not know, by how such names end: "the Russian Foreign Ministry",
# "the state-affiliated Global Times", "Egypt's State Information Service".
BODY = re.compile(
    r"\b(?:(?:" + "|".join(DEMONYMS) + r")\s+)?(?:[A-Z][a-z]+\s+){0,3}"
    r"(?:Ministry|Office|Council|Agency|Times|News|Post|Authority|Commission|Committee|"
    r"Organi[sz]ation|Assembly|League|Service|Department|Embassy|Movement|Party|Front|Jihad)"
    r"(?:\s+of(?:\s+the)?\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})?\b"
    # "West Asian and North African affairs department", as news prose names it.
    r"|\b(?:[A-Z][a-z]+\s+(?:and\s+)?){1,5}affairs department\b"
)
BODY_ENDS = {
    "Ministry",
    "Office",
    "Council",
    "Agency",
    "Times",
    "News",
    "Post",
    "Authority",
    "Commission",
    "Committee",
    "Organisation",
    "Organization",
    "Assembly",
    "League",
    "Service",
    "Department",
    "Embassy",
    "Movement",
    "Party",
    "Front",
    "Jihad",
    "States",
    "Nations",
    "Affairs",
    "Cooperation",
    "Union",
    "Countries",
    "Emirates",
    "Relations",
    "Development",
    "Security",
    "Health",
    "Defense",
    "Defence",
    "Justice",
    "Interior",
}
OFFICIALS = re.compile(
    r"\b(?P<demonym>" + "|".join(DEMONYMS) + r") (?:officials|counterparts|delegation|"
    r"authorities|government|side|diplomats|mediators|negotiators)\b"
)
APPOSITIVE_ROLE = re.compile(
    r"\s*,\s+(?:a|an|the|head|chief|director|spokesman|spokeswoman|spokesperson|"
    r"deputy|senior|minister|secretary)\b([^,.;]{0,80})"
)
QUOTE = re.compile(r"“([^”]{2,1500})”|\"([^\"\n]{2,1500})\"")
PARAPHRASE = re.compile(
    r"\b(?:said that|says that|told [^.]{1,60}? that|stressed|emphasi[sz]ed|urged|called for|"
    r"said (?!(?:in|on|at|during|after|before|by|to|of)\b)(?=[A-Za-zÀ-ÿ])|"
    r"called on|reiterated|expressed|condemned|warned|welcomed|voiced|underlined|affirmed|"
    r"pledged|vowed|rejected|denounced|demanded|proposed)\b",
    re.I,
)
ATTRIBUTION = re.compile(
    r"\b(?:according to (?:a |the )?[^,.;]{3,80}|as per (?:a |the )?[^,.;]{3,80}|"
    r"told (?:[A-Z][\w-]*(?: [A-Z][\w-]*)*|reporters|state media|state television)|"
    r"(?:state media|state news agency|[A-Z][A-Za-z]+ News Agency|Xinhua|CGTN) reported|"
    r"in a statement|in a readout)",
)
MEETING_WORDS = {
    "call": re.compile(
        r"\b(?:phone call|telephone call|phone conversation|telephone conversation|by phone|"
        r"by telephone|on the phone|spoke by phone|phoned|held a call|in a call|a call with|"
        r"separate call|video call|phone talks|telephone talks|talks by phone|"
        r"talks over the phone)\b",
        re.I,
    ),
    "summit": re.compile(r"\bsummit\b", re.I),
    "visit": re.compile(
        r"\b(?:visit(?:ed|ing|s)?|travel(?:led|ed|ing|s)? to|arriv(?:e|ed|es|ing) in|"
        r"tour(?:ed|ing)?|trip to|stop in|dispatched [^.;]{1,100}? to|"
        r"travel(?:led|ed|ing|s)? on to|(?:is|are|was|were) due in)\b",
        re.I,
    ),
    "meeting": re.compile(
        r"\b(?:met|meet|meets|meeting|meetings|talks|held discussions|discussions with|"
        r"hosted|hosts|host|welcomed|received|receives|sat down with|conferred|"
        r"conversations? with|talked (?:to|with)|spoke with|negotiations|mediation|mediated|"
        r"brokered|discussed [^.,;]{1,60}? with|help(?:ed|ing|s)? [^.;]{1,80}? reach)\b",
        re.I,
    ),
}
# A gathering's own name: "the Joint Arab Islamic Extraordinary Summit".
NAMED_GATHERING = re.compile(
    r"\b(?:[A-Z][\w-]*\s+){1,6}(?:Summit|Conference|Forum|Ministerial Meeting)\b"
)
# Where a sentence reports a second meeting: ", and spoke by phone with ...".
CLAUSE = re.compile(
    r",? (?:and|while|before|after) (?:then )?(?=(?:later )?(?:spoke|met|held|visited|called|"
    r"travel+ed|hosted|received|phoned|talked|will|is expected)\b)"
    r"|, where (?=[^,]{1,60}\b(?:discussed|met|held|spoke|talked)\b)"
)
# "..., Miller added.": who reports the meeting, not who took part.
SPEECH_TAG = re.compile(rf",\s+[^,]{{2,80}}?\s+(?P<verb>{SPEECH})\b[^.,;]{{0,40}}\.?\s*$")
DELEGATION = re.compile(
    r"\b(?:the|this|that) delegation\b[^.]{0,60}?\b(?:included|includes|include|comprised|"
    r"comprises|comprising|consisted of|consists of|was made up of|is made up of)\b",
    re.I,
)
PRONOUN_SUBJECT = re.compile(r"(?:^|,\s+)(?:he|she)\b", re.I)
VIRTUAL = re.compile(r"\b(?:virtual|video ?link|video conference|videoconference|online)\b", re.I)
HOSTING = re.compile(r"\b(?:hosted|hosts|welcomed|received|receives|at the invitation of)\b", re.I)
FIGURE = re.compile(
    # Bounded spaces: a long run of them costs no more than a short one.
    r"(?:\b(?P<qualifier>more than|at least|over|nearly|almost|about|around|some|up to)"
    r"[ \t]{1,3})?(?<![\d,])(?P<value>\d{1,3}(?:,\d{3})+|\d+)[ \t]{1,3}"
    r"(?P<what>(?:[A-Za-z-]+\s+){0,3}?(?:people|Palestinians|Israelis|civilians|children|"
    r"hostages|trucks|aid trucks|deaths|dead|killed|wounded|injured|displaced))",
    re.I,
)
PERSON, STATE, ORGANIZATION = "person", "state", "organization"
RESOLUTION = re.compile(r"\b(?:draft )?resolutions?\b", re.I)
GENERAL_ASSEMBLY = re.compile(r"\bGeneral Assembly\b")
OUTCOMES = (
    ("vetoed", re.compile(r"\bveto(?:ed|es|ing)?\b", re.I)),
    ("failed", re.compile(r"\b(?:failed|failing|did not pass|rejected|fell short)\b", re.I)),
    ("adopted", re.compile(r"\b(?:passed|adopted|approved|backed|unanimously)\b", re.I)),
)
VOTES = (
    ("abstain", re.compile(r"\babstain(?:ed|ing|s)?\b", re.I)),
    ("no", re.compile(r"\b(?:voted against|vetoed|vetoing|veto)\b", re.I)),
    ("yes", re.compile(r"\bvoted (?:in favou?r|for)\b", re.I)),
)
SPONSORED = re.compile(
    r"-(?:drafted|sponsored|proposed|led)\b"
    r"|\b(?:drafted|sponsored|put forward|proposed|tabled) by\b",
    re.I,
)
NAME_PART = r"^(?:[A-Z][\w'’.]+|al|el|bin|bint|ibn|abu|de|van|von|-)$"
NAME_AFTER = re.compile(
    r"\s+(?P<name>[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|al|el|bin|bint|ibn|abu|de|van|von)){1,5})"
)
NAME_END = re.compile(r"[A-Z][\w'’.]*$")


class Taken:
    """The spans of the text already named: whether a span overlaps one, in the time the
    span's length takes, however many there are."""

    def __init__(self, length: int, spans=()):
        self.covered = bytearray(length + 1)
        for start, end in spans:
            self.add((start, end))

    def add(self, span: tuple[int, int]) -> None:
        start, end = span
        self.covered[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        return 1 in self.covered[start:end]

    def first_start(self, start: int, end: int) -> int | None:
        """Where the first span beginning between ``start`` and ``end`` begins."""
        for at in range(start, end):
            if self.covered[at] and not self.covered[at - 1]:
                return at
        return None


@dataclass
class Mention:
    actor: str | None  # the known actor's slug; None for a name the record does not know
    name: str  # as the text has it
    kind: str
    start: int  # code points, in the article
    end: int
    title: str = ""
    alias: bool = False  # found by an alias that names several actors
    country: str = ""  # a state the record does not know: its ISO 3166 code


@dataclass
class Proposed:
    kind: str
    start: int
    end: int
    why: str
    confidence: float
    data: dict = field(default_factory=dict)


@dataclass(frozen=True)
class KnownActor:
    slug: str
    name: str
    kind: str
    names: tuple[str, ...]  # its name and aliases


@Language.component("line_breaks")
def line_breaks(doc):
    """A line break ends a sentence: headlines, datelines and captions have no full stop."""
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if "\n" in previous.text or "\n" in previous.whitespace_:
            token.is_sent_start = True
        elif (
            token.text in ('"', "“")
            and previous.text in (".", "!", "?")
            and previous.whitespace_
            and token.i + 1 < len(doc)
            and not token.whitespace_
        ):
            token.is_sent_start = True  # 'in Gaza. "The top priority...': a quote opens one
    return doc


@functools.cache
def pipeline():
    nlp = spacy.blank("en")
    nlp.add_pipe("line_breaks")
    nlp.add_pipe("sentencizer")
    return nlp


# The names news prose gives states where ISO 3166's differ ("Türkiye", "Russian
# Federation"), by ISO 3166 code.
NEWS_NAMES = {"TR": ("Turkey",), "RU": ("Russia",), "CZ": ("Czech Republic",), "VA": ("Vatican",)}


@functools.cache
def state_name(code: str) -> str:
    """A state's name as news writes it, by its ISO 3166 code."""
    if code in NEWS_NAMES:
        return NEWS_NAMES[code][0]
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or country.name


def world_states() -> dict[str, str]:
    """Every state's English names, from ISO 3166 (pycountry's data, shipped with it): a
    state the record does not know yet is proposed as a new one, with its code."""
    names = {}
    for country in pycountry.countries:
        for name in (
            getattr(country, "common_name", None),
            country.name,
            getattr(country, "official_name", None),
            *NEWS_NAMES.get(country.alpha_2, ()),
        ):
            if name and "," not in name and "Province of" not in name:
                names.setdefault(name.removeprefix("the "), country.alpha_2)
    return names


class Reader:
    """Reads articles against one gazetteer: the actors the record knows."""

    def __init__(self, actors: list[KnownActor]):
        self.nlp = pipeline()
        self.actors = {actor.slug: actor for actor in actors}
        self.names: dict[str, list[str]] = {}
        for actor in actors:
            for name in actor.names:
                if len(name) >= 2:
                    self.names.setdefault(name, []).append(actor.slug)
        self.phrases = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for name in self.names:
            self.phrases.add(name, [self.nlp.make_doc(name)])
        self.titled = Matcher(self.nlp.vocab)
        name_part = {"TEXT": {"REGEX": NAME_PART}, "OP": "{0,5}"}
        first = {"IS_TITLE": True, "TEXT": {"REGEX": r"^[A-Z][\w'’.]+$"}}
        for title in TITLE_WORDS.replace("\\", "").split("|"):
            words = [{"ORTH": token.text} for token in self.nlp.make_doc(title)]
            comma = {"ORTH": ",", "OP": "?"}  # "his Russian counterpart, Mikhail Bogdanov,"
            self.titled.add("TITLED", [[*words, comma, first, name_part]], greedy="LONGEST")
        # "Majed al-Ansari, a spokesman for ...": a name opening a sentence, then who it is.
        self.titled.add("APPOSED", [[first, name_part, {"ORTH": ","}]], greedy="LONGEST")
        # "Minister of State of Qatari Ministry of Foreign Affairs Mohammed ...": a name
        # after the body the title names.
        self.titled.add("AFTER_BODY", [[{"ORTH": "Affairs"}, first, name_part]], greedy="LONGEST")
        self.states = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        for name in [*world_states(), *CAPITALS]:
            if name not in self.names:
                self.states.add(name, [self.nlp.make_doc(name)])
        # The known states by ISO 3166 code, through their names: "Cairo" is Egypt's.
        codes = world_states()
        self.state_codes = {
            codes[name]: actor.slug
            for actor in actors
            if actor.kind == STATE
            for name in actor.names
            if name in codes
        }
        # Known people by the words of their names, for a shorter form ("Prince Faisal bin
        # Farhan" for Faisal bin Farhan Al Saud).
        self.people = [
            (actor.slug, tuple(name.split()))
            for actor in actors
            if actor.kind == PERSON
            for name in actor.names
            if len(name.split()) >= 2
        ]

    # The article, read.

    def read(self, text: str, published: Dated | None = None) -> list[Proposed]:
        doc = self.nlp(text)
        own = publication(text)
        if published is None or published.evidence == "metadata":
            published = own or published  # the article's own words first
        elif own is not None:
            # The curator's date, but the dateline's words are still not an event's date.
            published = dataclasses.replace(published, words=own.words)
        mentions = self.mentions(doc)
        sentences = [_trimmed(text, s.start_char, s.end_char) for s in doc.sents]
        sentences = [(start, end) for start, end in sentences if end > start]
        self.sentences = sentences
        found: list[Proposed] = []
        if published is not None and published.evidence != "curator":
            found.append(self.source_date(text, published))
        headline = self.headline(text, published)
        if headline is not None:
            found.append(headline)
        found += self.actor_proposals(mentions)
        found += self.positions(text, mentions)
        found += self.quotes(text, sentences, mentions, published)
        found += self.meetings(text, sentences, mentions, published)
        found += self.paraphrases(text, sentences, mentions, published, found)
        found += self.figures(text, sentences, published)
        found += self.resolutions(text, sentences, mentions, published)
        return found

    def mentions(self, doc) -> list[Mention]:
        """Every actor named in the article, known or not, in order; an alias several
        actors share is the one of them named in full last before it."""
        text = doc.text  # built from the tokens at each reading: read once
        known = []
        for _, start, end in self.phrases(doc):
            span = doc[start:end]
            slugs = self.names[span.text]
            known.append((span.start_char, span.end_char, span.text, slugs))
        known = _longest(known)
        mentions, last_full = [], {}
        for start, end, name, slugs in known:
            if len(slugs) > 1:
                candidates = [(last_full.get(slug, -1), slug) for slug in slugs]
                position, slug = max(candidates)
                if position < 0:
                    continue  # "Wang" before any Wang is named in full: whose, it does not say
                alias = True
            else:
                slug, alias = slugs[0], False
                if name == self.actors[slug].name or len(name.split()) > 1:
                    last_full[slug] = start
            mentions.append(Mention(slug, name, self.actors[slug].kind, start, end, alias=alias))
        taken = Taken(len(text), [(mention.start, mention.end) for mention in mentions])
        for rule, start, end in self.titled(doc):
            if self.nlp.vocab.strings[rule] == "APPOSED":
                role = APPOSITIVE_ROLE.match(text, doc[end - 1].idx)
                opens = text[: doc[start].idx].rstrip(" ")
                opening = not opens or opens.endswith(("\n", ".", "—", "-"))
                if role is None or not (opening or TITLE_START.search(role.group(0))):
                    continue  # a name opening a sentence, or any name then its post
                title_words, title = 0, role.group(0).strip(" ,")
                end -= 1  # the comma
            elif self.nlp.vocab.strings[rule] == "AFTER_BODY":
                title_words, title = 1, _title_before(text, doc[start].idx + len("Affairs"))
                if not title:
                    continue
            else:
                title_words = _title_length(doc[start:end].text)
                title = doc[start : start + title_words].text
            first, last = start + title_words, end
            while first < last and doc[first].text == ",":
                first += 1
            honorifics = {h.rstrip(".") for h in HONORIFICS}
            while last - first > 2 and doc[first].text.rstrip(".") in honorifics:
                title = f"{title} {doc[first].text}".strip()
                first += 1
            while last > first and not NAME_END.match(doc[last - 1].text):
                last -= 1  # a name ends on a capitalised word
            span = doc[first:last]
            if len(span) < 2 and not self.names.get(span.text):
                continue
            if taken.overlaps(span.start_char, span.end_char):
                continue
            known = self.person_by_part(span.text)
            mentions.append(
                Mention(
                    known,
                    span.text,
                    PERSON,
                    span.start_char,
                    span.end_char,
                    title=title,
                    alias=known is not None,
                )
            )
            taken.add((span.start_char, span.end_char))
        for found in BODY.finditer(text):
            article = re.match(r"(?:The|A) ", found.group(0))
            start = found.start() + (article.end() if article else 0)  # "The" is no name
            end = found.end()
            person = taken.first_start(start + 1, end)
            if person is not None and BODY.fullmatch(text[start:person].rstrip()):
                end = start + len(text[start:person].rstrip())  # "... Affairs Mohammed"
            after = self.person_after_body(text, start, end, taken)
            if after is not None:  # "Secretary-General of the League of Arab States Ahmed ..."
                end = after.start - 1
                mentions.append(after)
                taken.add((after.start, after.end))
            name = text[start:end]
            inner = [m for m in mentions if start <= m.start and m.end <= end]
            if (
                inner
                and name not in self.names
                and all(m.actor and m.name != self.actors[m.actor].name for m in inner)
            ):
                # "Russian Foreign Ministry" is not the actor whose alias is "Foreign Ministry".
                mentions = [m for m in mentions if m not in inner]
                taken = Taken(len(text), [(m.start, m.end) for m in mentions])
            if len(name.split()) < 2 or taken.overlaps(start, end):
                continue  # "Ministry" alone, or a name the record knows
            mentions.append(Mention(None, name, ORGANIZATION, start, end))
            taken.add((start, end))
        states = world_states()
        for _, start, end in self.states(doc):
            span = doc[start:end]
            if taken.overlaps(span.start_char, span.end_char):
                continue
            # A state by its capital's name ("Cairo"), or by another of its names than the
            # record's ("Türkiye" for Turkey): the state the record knows by its code.
            code = CAPITALS.get(span.text) or states[span.text]
            known = self.state_codes.get(code)
            name = self.actors[known].name if known else state_name(code)
            if span.text not in CAPITALS and not known:
                name = span.text
            mention = Mention(
                known,
                name,
                STATE,
                span.start_char,
                span.end_char,
                alias=known is not None or span.text in CAPITALS,
                country=code,
            )
            mentions.append(mention)
            taken.add((span.start_char, span.end_char))
        for match in OFFICIALS.finditer(text):
            state = self.names.get(DEMONYMS[match["demonym"]])
            if not state or taken.overlaps(match.start(), match.end()):
                continue
            slug = state[0]
            mentions.append(
                Mention(
                    slug,
                    match.group(0),
                    self.actors[slug].kind,
                    match.start(),
                    match.end(),
                    alias=True,
                )
            )
        mentions += self.surnames(text, mentions)
        for mention in mentions:
            if mention.actor is None:
                continue
            before = text[max(0, mention.start - 60) : mention.start]
            title = re.search(rf"((?:{TITLE_WORDS})(?: of [A-Z][a-z]+)?)\s*,?\s*$", before)
            if title and self.actors[mention.actor].kind == PERSON:
                mention.title = title.group(1)
        return sorted(mentions, key=lambda mention: mention.start)

    def person_by_part(self, name: str) -> str | None:
        """The one known person whose name begins with these words, or these words with
        theirs ("Faisal bin Farhan", "Prince Faisal bin Farhan Al Saud"): None when none,
        or several."""
        words = tuple(w for w in name.split() if w.rstrip(".") not in HONORIFIC_WORDS)
        if len(words) < 2:
            return None
        found = {
            slug
            for slug, known in self.people
            if known[: len(words)] == words or words[: len(known)] == known
        }
        return found.pop() if len(found) == 1 else None

    def person_after_body(self, text: str, start: int, end: int, taken) -> Mention | None:
        """A name right after a body, the body's name being part of a title before it:
        "Secretary-General of the League of Arab States Ahmed Aboul Gheit"."""
        words = list(re.finditer(r"\S+", text[start:end]))
        for cut in range(len(words), 0, -1):
            head_end = start + words[cut - 1].end()
            if words[cut - 1].group(0) not in BODY_ENDS or not BODY.fullmatch(text[start:head_end]):
                continue  # a body's name ends on a word such names end on
            named = NAME_AFTER.match(text, head_end)
            title = _title_before(text, head_end)
            if not named or not title or text.find(title, max(0, start - 90)) >= start:
                continue  # no name, or no title begun before the body
            first, last = named.start("name"), named.end("name")
            if taken.overlaps(first, last):
                return None
            known = self.person_by_part(named["name"])
            return Mention(
                known, named["name"], PERSON, first, last, title=title, alias=known is not None
            )
        return None

    @staticmethod
    def title_of(mention: Mention, mentions: list[Mention]) -> str:
        """The title the text gives a person, at this mention or an earlier one."""
        key = mention.actor or mention.name
        return " ".join(m.title for m in mentions if (m.actor or m.name) == key and m.title)

    def surnames(self, text: str, mentions: list[Mention]) -> list[Mention]:
        """A person named in full goes by the last word of their name after that, as news
        prose has it ("Shoukry said"): the one named in full last before it."""
        people: dict[str, list[Mention]] = {}
        for mention in mentions:
            if mention.kind != PERSON or len(mention.name.split()) < 2:
                continue
            surname = mention.name.split()[-1]
            if len(surname) >= 3 and surname[0].isupper():
                people.setdefault(surname, []).append(mention)
            honorific = next((h for h in HONORIFICS if mention.title.endswith(h)), None)
            if honorific:  # "Sheikh Mohammed", after "Sheikh Mohammed bin Abdulrahman Al Thani"
                people.setdefault(f"{honorific} {mention.name.split()[0]}", []).append(mention)
        taken = Taken(len(text), [(m.start, m.end) for m in mentions])
        found = []
        for surname, named in people.items():
            for match in re.finditer(rf"\b{re.escape(surname)}\b", text):
                if taken.overlaps(match.start(), match.start() + 1):
                    continue
                before = [m for m in named if m.end <= match.start()]
                if not before:
                    continue
                person = before[-1]
                found.append(
                    Mention(
                        person.actor,
                        surname,
                        PERSON,
                        match.start(),
                        match.end(),
                        title=person.title,
                        alias=True,
                    )
                )
                if person.actor is None:
                    found[-1].name = person.name  # a new person: known by the full name
                    found[-1].alias = True
        return found

    # Each kind of proposal.

    def source_date(self, text: str, published: Dated) -> Proposed:
        """The publication interval, anchored in its words; from the HTML's metadata, in the
        article's first line (its title), which the metadata dates."""
        start = text.find(published.words) if published.words else -1
        if start >= 0:
            end = start + len(published.words)
        else:
            start = len(text) - len(text.lstrip())
            end = text.find("\n", start) if "\n" in text[start:] else len(text)
        confidence = 0.5 if published.note.startswith("The date line") else 0.8
        return Proposed(
            "source",
            start,
            end,
            "publication date: " + published.note,
            confidence if published.evidence == "text" else 0.6,
            {
                "date_start": _day(published.start),
                "date_end": _day(published.end),
                "date_precision": published.precision,
                "date_note": published.note,
            },
        )

    def headline(self, text: str, published: Dated | None) -> Proposed | None:
        """The article's title: a line set apart at the top like a headline (three words or
        more, no full stop at its end, not its date), before the first sentence of prose."""
        offset = 0
        for line in text.splitlines(keepends=True)[:6]:
            words = line.strip()
            start = offset + line.find(words) if words else offset
            offset += len(line)
            if not words:
                continue
            if words.endswith((".", "!", "?", ":", ";", ",")) or len(words) > 200:
                return None  # prose began: no headline above it
            if len(words.split()) < 3 or (published and published.words in words):
                continue  # a date, a place, a section name
            return Proposed(
                "source",
                start,
                start + len(words),
                "the title: the first line set apart like a headline",
                0.6,
                {"title": words},
            )
        return None

    def positions(self, text: str, mentions: list[Mention]) -> list[Proposed]:
        """A post the text gives a person, once per person and title: "Chinese Foreign
        Minister Wang Yi", "Qatar's Prime Minister Sheikh Mohammed ..."."""
        proposals, seen = [], set()
        for mention in mentions:
            title = mention.title.strip(" ,")
            for honorific in HONORIFICS:
                title = title.removesuffix(f" {honorific}")
            if mention.kind != PERSON or not title or mention.alias:
                continue
            key = (mention.actor or mention.name, title.lower())
            if key in seen or (title[0].islower() and len(title.split()) > 3):
                continue  # a long description in apposition is not a post's title
            if title.islower() and len(title.split()) <= 2:
                continue  # "envoy", "top diplomat": what the text calls them, not a post
            seen.add(key)
            begin = text.rfind(title, max(0, mention.start - 120), mention.start)
            if begin < 0:
                begin = text.rfind(title, 0, mention.start)
            if begin < 0:
                continue
            organization, org_start = self.organization_before(text, begin, mentions)
            start = min(begin, org_start) if org_start is not None else begin
            proposals.append(
                Proposed(
                    "position",
                    start,
                    max(mention.end, begin + len(title)),
                    f'the title "{title}" given to {mention.name}',
                    0.6 if mention.actor else 0.5,
                    {
                        "holder": _ref(mention),
                        "title": title,
                        "organization": organization,
                        "tenure": "held",
                    },
                )
            )
        return proposals

    def organization_before(self, text: str, begin: int, mentions: list[Mention]) -> tuple:
        """The state a title belongs to, as the words before it say: "Chinese", "Qatar's"."""
        before = text[max(0, begin - 40) : begin]
        demonym = re.search(r"\b(" + "|".join(DEMONYMS) + r")\s+$", before)
        if demonym:
            slugs = self.names.get(DEMONYMS[demonym.group(1)])
            if slugs:
                return slugs[0], begin - len(before) + demonym.start()
        owner = [m for m in mentions if m.kind == STATE and 0 <= begin - m.end <= 3]
        if owner and text[owner[-1].end : begin].strip() in ("'s", "’s", ""):
            return owner[-1].actor, owner[-1].start  # "Qatar's Prime Minister", "U.S. Secretary"
        return None, None

    def actor_proposals(self, mentions: list[Mention]) -> list[Proposed]:
        first: dict[str, Mention] = {}
        for mention in mentions:
            key = mention.actor or mention.name
            first.setdefault(key, mention)
        proposals = []
        for mention in first.values():
            if mention.actor:
                data = {
                    "actor": mention.actor,
                    "name": self.actors[mention.actor].name,
                    "actor_kind": mention.kind,
                }
                how = "a shared or shortened name" if mention.alias else "its name"
                why = f'known actor, by {how}: "{mention.name}"'
                confidence = 0.6 if mention.alias else 0.9
            elif mention.country:
                data = {
                    "actor": None,
                    "name": mention.name,
                    "actor_kind": STATE,
                    "country": mention.country,
                }
                why = f'a state the record does not know: "{mention.name}" (ISO 3166)'
                confidence = 0.8
            else:
                data = {
                    "actor": None,
                    "name": mention.name,
                    "actor_kind": mention.kind,
                    "title": mention.title,
                }
                why = (
                    f'a name after the title "{mention.title}"'
                    if mention.title
                    else f'a body\'s name, by how such names end: "{mention.name}"'
                )
                confidence = 0.6
            proposals.append(Proposed("actor", mention.start, mention.end, why, confidence, data))
        return proposals

    def quotes(self, text, sentences, mentions, published) -> list[Proposed]:
        proposals = []
        self.last_quoted = {}
        for match in QUOTE.finditer(text):
            words = match.group(1) or match.group(2)
            if len(words.split()) < 2:
                continue  # a scare quote, or a name
            start, end = _sentence_around(sentences, match.start(), match.end())
            speaker, why = self.speaker(text, start, end, match, mentions)
            self.last_quoted = {"speaker": speaker, "end": end} if speaker else self.last_quoted
            dated = resolve(text[start:end], published)
            proposals.append(
                Proposed(
                    "statement",
                    start,
                    end,
                    f"words inside quotation marks; speaker: {why}",
                    (0.9 if speaker and "named in the sentence" in why else 0.6 if speaker else 0.3)
                    * (1 if len(words.split()) >= 4 else 0.5),  # a few words: maybe a scare quote
                    {
                        "mode": "quote",
                        "text": words,
                        "speaker": speaker,
                        **_dates(dated),
                        "attribution": _attribution(text[start:end]),
                    },
                )
            )
        return _joined_quotes(proposals)

    def speaker(self, text, start, end, quote, mentions) -> tuple:
        """Who said the quoted words: the actor next to a speech verb in the sentence, else
        the person a "he said" or "the minister added" points back to."""
        inside = [
            m
            for m in mentions
            if start <= m.start < end and not (quote.start() <= m.start < quote.end())
        ]
        outside = text[start : quote.start()] + " " + text[quote.end() : end]
        previous = self.last_quoted.get("speaker")
        if previous and not outside.strip(" .,;:\n") and self.last_quoted["end"] >= start - 2:
            # '... Wang told Cohen. "It is imperative ..."': the same voice goes on.
            return previous, "a quote alone, right after one: the same speaker's"
        pointer = PRONOUN_SPEAKER.search(outside)
        if pointer and not [m for m in inside if m.kind == PERSON]:
            earlier = [
                m
                for m in _near(mentions, start - 3000, start)
                if m.end <= start and m.kind == PERSON
            ]
            role = (pointer["role"] or pointer["role2"] or "").lower()
            titled = [m for m in earlier if role and role in self.title_of(m, mentions).lower()]
            said = f'"{pointer.group(0)}"'
            previous = self.last_quoted.get("speaker")
            since = self.last_quoted.get("end", -1)
            # "he added" right after a quote is its speaker, unless someone is named between.
            if previous and not any(since <= m.start for m in earlier) and not titled:
                return previous, f"{said}: the speaker of the quote just before"
            if titled:
                return _ref(titled[-1]), f"{said}: the {role} named last before it"
            subject = self.previous_subject(start, mentions)
            if subject is not None:
                return _ref(subject), f"{said}: whom the sentence before is about"
            if earlier:
                return _ref(earlier[-1]), f"{said}: the person named last before it"
        verb = SPEECH_VERB.search(text, start, end) if SPEECH_VERB.search(outside) else None
        people = [m for m in inside if m.kind == PERSON]
        if pointer and people and pointer.group(0).split()[0].lower() in ("he", "she"):
            # "X met Y ..., where he said": the sentence's subject.
            return _ref(people[0]), f'"{pointer.group(0)}": the subject of the sentence'
        if inside:
            if verb is not None:
                best = min(inside, key=lambda m: (m.kind != PERSON, abs(m.start - verb.start())))
            else:
                people = [m for m in inside if m.kind == PERSON] or inside
                best = people[0]
            return _ref(best), f'"{best.name}", named in the sentence'
        earlier = [
            m for m in _near(mentions, start - 3000, start) if m.end <= start and m.kind == PERSON
        ]
        if earlier and verb is not None:
            return _ref(earlier[-1]), "the person named last before the sentence"
        return None, "none found"

    def meetings(self, text, sentences, mentions, published) -> list[Proposed]:
        proposals = []
        for start, end in sentences:
            sentence = text[start:end]
            subject = next(
                (m for m in mentions if start <= m.start < end and m.kind == PERSON), None
            )
            clauses = [match.start() for match in CLAUSE.finditer(sentence)]
            bounds = list(zip([0, *clauses], [*clauses, len(sentence)], strict=True))
            for number, (first, last) in enumerate(bounds):
                clause = (start + first, start + last)
                proposals += self.meeting(
                    text, (start, end), clause, mentions, published, subject if number else None
                )
            members = DELEGATION.search(sentence)
            if members:
                self.delegation(text, (start, end), start + members.end(), mentions, proposals)
        return _merged_meetings(proposals, text)

    def delegation(self, text, sentence, after, mentions, proposals) -> None:
        """ "The delegation included X, Y and Z": its members join the meeting the
        delegation was last named in, as its guests when it had a host."""
        start, end = sentence
        met = [p for p in proposals if p.start < start and "delegation" in text[p.start : p.end]]
        people = [m for m in mentions if after <= m.start < end and m.kind == PERSON]
        if not met or not people:
            return
        meeting = met[-1]
        known = {p.get("actor") or p.get("name") for p in meeting.data["participants"]}
        hosted = any(p["role"] == "host" for p in meeting.data["participants"])
        for person in _distinct(people):
            if (person.actor or person.name) not in known:
                role = "guest" if hosted else "participant"
                meeting.data["participants"].append({**_ref(person), "role": role})
        meeting.data.setdefault("also", []).append([start, end])
        meeting.why += "; the delegation's members, from a later sentence"

    def meeting(self, text, sentence_span, clause, mentions, published, subject) -> list:
        """The meetings a clause reports: its words, two actors (or one visiting), its date;
        a visit to several states, one for each."""
        start, end = clause
        words_of = text[start:end]
        kind, trigger = None, None
        for name, words in MEETING_WORDS.items():
            trigger = words.search(words_of)
            if trigger:
                kind = name
                break
        gathering = NAMED_GATHERING.search(words_of)
        if kind is None and gathering is None:
            return []
        if kind is None or (gathering and kind == "summit"):
            kind = "summit" if gathering.group(0).endswith("Summit") else "meeting"
            trigger = gathering
        at = start + trigger.start()
        delegation = re.search(r"\bdelegations?\b", words_of)  # whose members come later
        near = _near(mentions, start - 120, end + 120)  # the clause's, and those around it
        if (
            HOSTING.fullmatch(trigger.group(0))
            and not any(at < m.start <= at + 60 for m in near)
            and not delegation
        ):
            return []  # "welcomed the agreement": no one welcomed
        inside = [m for m in near if start <= m.start < end and not self.affiliation(text, m, near)]
        if subject is None and not any(m.kind == PERSON and m.start < at for m in inside):
            subject = self.role_subject(text[start:at], start, mentions)  # "the envoy met ..."
            if subject is None and PRONOUN_SUBJECT.search(text[start:at]):
                # "..., he started his visit in Egypt": whom the sentence before is about.
                subject = self.previous_subject(sentence_span[0], mentions)
        if subject is not None and not any(m.kind == PERSON and m.start < at for m in inside):
            inside.insert(0, subject)  # "..., and spoke by phone with X": the sentence's subject
        after = start + trigger.end()
        inside = [m for m in inside if not self.bystander(text, m, at, after, end)]
        parties = _distinct(inside)
        if len(parties) < 2 and not ((kind == "visit" or delegation) and parties) and not gathering:
            return []
        sentence = text[sentence_span[0] : sentence_span[1]]
        future = bool(FUTURE.search(words_of))
        dated = resolve(words_of, published)
        if dated.precision == "unknown":
            dated = resolve(sentence, published)
        dated = _of_the_meeting(sentence, dated, published, at - sentence_span[0])
        host = None
        hosting = HOSTING.search(words_of)
        if hosting:
            before = [m for m in parties if m.start < start + hosting.start()]
            after = [m for m in parties if m.start > start + hosting.end()]
            if "invitation" in hosting.group(0):
                host = (after or before)[0]
            else:
                host = before[-1] if before else after[0]
        mediators = [m for m in parties if _mediating(text, m)]
        participants = [
            {
                **_ref(m),
                "role": "mediator"
                if m in mediators
                else "host"
                if m is host
                else ("guest" if host else "participant"),
            }
            for m in parties
        ]
        if kind == "call":
            form = "phone"
        elif VIRTUAL.search(words_of):
            form = "virtual"
        else:
            form = "unspecified" if kind == "summit" else "in_person"
        title = gathering.group(0) if gathering else _title_of(kind, parties)
        proposal = Proposed(
            "meeting",
            sentence_span[0],
            sentence_span[1],
            f'meeting words "{trigger.group(0)}" with {len(parties)} actors named',
            min(0.9, 0.4 + 0.15 * len(parties)),
            {
                "meeting_kind": "meeting" if kind == "call" else kind,  # a call: by phone
                "format": form,
                "occurrence": "planned" if future else "held",
                "participants": participants,
                "title": title,
                **_dates(dated),
            },
        )
        if kind in ("visit", "meeting") and not mediators and not hosting:
            stops = _stops(text, proposal, parties, (start, at, start + trigger.end()), published)
            if stops:
                return stops
        return [proposal]

    def bystander(self, text: str, mention: Mention, at: int, after: int, end: int) -> bool:
        """Named in the clause but no party: who reports it ("..., Miller added.") or where
        it was, by another name than the state's own ("in Beijing")."""
        if mention.start > at:
            comma = text.rfind(",", max(0, mention.start - 80), mention.start)
            tag = SPEECH_TAG.match(text[comma:end]) if comma >= 0 else None
            if tag and mention.end <= comma + tag.start("verb"):
                return True
        own = self.actors[mention.actor].name if mention.actor else mention.name
        return bool(
            mention.kind == STATE
            and text[after : mention.start].strip()  # "is due in Cairo": where the visit goes
            and text[mention.start : mention.end] != own
            and re.search(r"\b(?:in|at)\s+$", text[max(0, mention.start - 4) : mention.start])
        )

    def previous_subject(self, start: int, mentions: list[Mention]) -> Mention | None:
        """The person the nearest sentence before ``start`` that names one opens with."""
        before = bisect.bisect_right(self.sentences, start, key=lambda span: span[1])
        for first, last in reversed(self.sentences[max(0, before - 3) : before]):
            people = [m for m in mentions if first <= m.start < last and m.kind == PERSON]
            if people:
                return people[0]
        return None

    def role_subject(self, before: str, start: int, mentions: list[Mention]) -> Mention | None:
        """ "The envoy visited ...": the person last given that title before."""
        role = ROLE_SUBJECT.search(before)
        if role is None:
            return None
        noun = role["role"].lower()
        earlier = [
            m for m in _near(mentions, start - 3000, start) if m.end <= start and m.kind == PERSON
        ]
        titled = [m for m in earlier if noun in self.title_of(m, mentions).lower()]
        return titled[-1] if titled else None

    @staticmethod
    def affiliation(text: str, mention: Mention, mentions: list[Mention]) -> bool:
        """A state or body named as a person's ("Qatar's Prime Minister X", "Qatari Ministry
        of Foreign Affairs Mohammed ...") is not a party of its own."""
        if mention.kind == PERSON:
            return False
        if any(m.kind == PERSON and 0 <= m.start - mention.end <= 1 for m in mentions):
            return True
        if text[mention.end : mention.end + 2] not in ("'s", "’s"):
            return False
        return any(m.kind == PERSON and 0 < m.start - mention.end <= 45 for m in mentions)

    def paraphrases(self, text, sentences, mentions, published, found) -> list[Proposed]:
        quoted = {(p.start, p.end) for p in found if p.kind == "statement"}
        proposals = []
        for start, end in sentences:
            if (start, end) in quoted:
                continue
            sentence = text[start:end]
            verb = PARAPHRASE.search(sentence)
            if verb is None:
                continue
            before = [m for m in mentions if start <= m.start < start + verb.start()]
            if not before:
                continue
            speaker = before[-1]
            dated = resolve(sentence, published)
            proposals.append(
                Proposed(
                    "statement",
                    start,
                    end,
                    f'reporting words "{verb.group(0).strip()}" after "{speaker.name}"',
                    0.5,
                    {
                        "mode": "paraphrase",
                        "text": _what_was_said(sentence, verb),
                        "speaker": _ref(speaker),
                        **_dates(dated),
                        "attribution": _attribution(sentence),
                    },
                )
            )
        return proposals

    def resolutions(self, text, sentences, mentions, published) -> list[Proposed]:
        """UN resolutions and drafts: each clause that names one, with its body, outcome,
        sponsors and the votes its words give. A later sentence about "the resolution"
        adds to the one before."""
        proposals: list[Proposed] = []
        for start, end in sentences:
            sentence = text[start:end]
            if RESOLUTION.search(sentence) is None:
                continue
            clauses = _vote_clauses(sentence)
            named = [(a, b) for a, b in clauses if RESOLUTION.search(sentence[a:b])]
            for number, (first, _) in enumerate(named):
                # A clause naming a resolution takes the clauses after it, up to the next.
                until = named[number + 1][0] if number + 1 < len(named) else len(sentence)
                found = self.resolution(
                    text, start, end, start + first, start + until, mentions, published
                )
                back = re.search(r"\bthe (?:draft )?resolution\b", sentence[first:until], re.I)
                if proposals and back and number == 0 and proposals[-1].end >= start - 400:
                    _add_to(proposals[-1], found, start, end)
                elif found.data["outcome"] or found.data["votes"] or found.data["sponsors"]:
                    proposals.append(found)
        return proposals

    def resolution(self, text, start, end, first, last, mentions, published) -> Proposed:
        clause = text[first:last]
        named = RESOLUTION.search(clause)
        body = "unga" if GENERAL_ASSEMBLY.search(text[start:end]) else "unsc"
        future = bool(FUTURE.search(clause))
        outcome = "pending" if future else None
        for name, words in OUTCOMES if not future else ():
            if words.search(clause):
                outcome = name
                break
        inside = [m for m in mentions if first <= m.start < last and m.kind != PERSON]
        sponsors = []
        for match in SPONSORED.finditer(clause):
            at = first + match.start()
            if match.group(0).startswith("-"):
                sponsors += [m for m in inside if m.end <= at and at - m.end <= 2]
                demonym = re.search(r"\b(" + "|".join(DEMONYMS) + r")$", clause[: match.start()])
                state = self.names.get(DEMONYMS[demonym.group(1)]) if demonym else None
                if state:
                    slug = state[0]
                    sponsors.append(
                        Mention(slug, demonym.group(1), STATE, first + demonym.start(), at)
                    )
            else:
                sponsors += [m for m in inside if 0 <= m.start - (first + match.end()) <= 5]
        votes = []
        for position, words in VOTES:
            hit = words.search(clause)
            if hit is None:
                continue
            at = first + hit.start()
            voters = [
                m for m in inside if m.start < at and m.actor not in {s.actor for s in sponsors}
            ]
            votes += [{**_ref(m), "position": position} for m in _distinct(voters)]
        kind = "draft resolution" if "draft" in named.group(0).lower() else "resolution"
        who = {"unsc": "UN Security Council", "unga": "UN General Assembly"}[body]
        return Proposed(
            "resolution",
            start,
            end,
            f'"{named.group(0)}"' + (f", {outcome}" if outcome else ""),
            0.5,
            {
                "title": f"{who} {kind}",
                "body": body,
                "outcome": outcome,
                "sponsors": [_ref(m) for m in _distinct(sponsors)],
                "votes": votes,
                **_dates(resolve(text[start:end], published)),
            },
        )

    def figures(self, text, sentences, published) -> list[Proposed]:
        proposals = []
        for match in FIGURE.finditer(text):
            value = int(match["value"].replace(",", ""))
            if 1900 <= value <= 2100 and "," not in match["value"]:
                continue  # a year
            if re.search(
                r"\b(?:" + "|".join(MONTH_NAMES) + r")\.?\s*$", text[: match.start("value")], re.I
            ):
                continue  # a day: "the October 7 attack killed ..."
            start, end = _sentence_around(sentences, match.start(), match.end())
            what = match["what"].lower()
            sentence = text[start:end].lower()
            measure = _measure(what, sentence)
            qualifier = {
                "more than": "more_than",
                "over": "more_than",
                "at least": "at_least",
                "": "exact",
            }.get((match["qualifier"] or "").lower(), "around")
            proposals.append(
                Proposed(
                    "figure",
                    start,
                    end,
                    f'a number with what it counts: "{match.group(0).strip()}"',
                    0.6,
                    {
                        "value": value,
                        "qualifier": qualifier,
                        "measure": measure,
                        "what": match["what"],
                        **_dates(_reported(published)),
                    },
                )
            )
        return proposals


MONTH_NAMES = sorted(MONTHS, key=len, reverse=True)
OCTOBER_7 = r"(?:oct(?:ober|\.)? 7|7 oct(?:ober)?)"


def _measure(what: str, sentence: str) -> str | None:
    """Which of the record's measures a number counts, as its words say: "hostages"; the
    dead of the 7 October attack; the dead in Gaza ("since Oct. 7" is Gaza's toll since
    then, not the attack's)."""
    killed = any(word in what for word in ("kill", "dead")) or any(
        word in sentence for word in ("kill", "death", "dead")
    )
    since = re.search(rf"\bsince (?:the )?{OCTOBER_7}", sentence)
    attack = re.search(OCTOBER_7, sentence) and not since
    if "hostage" in what:
        return "oct7-hostages-taken"
    if (
        killed
        and ("palestinian" in what or "gaza" in sentence)
        and not (attack and "israel" in sentence and "palestinian" not in what)
    ):
        return "gaza-death-toll"
    if killed and attack:
        return "oct7-attack-deaths"
    return None


def _add_to(earlier: Proposed, later: Proposed, start: int, end: int) -> None:
    """What a later sentence says of the resolution an earlier one named."""
    earlier.data.setdefault("also", []).append([start, end])
    earlier.data["outcome"] = earlier.data["outcome"] or later.data["outcome"]
    for key in ("votes", "sponsors"):
        known = {(item.get("actor") or item.get("name")) for item in earlier.data[key]}
        earlier.data[key] += [
            item for item in later.data[key] if (item.get("actor") or item.get("name")) not in known
        ]


def _stops(text, proposal, parties, where, published) -> list[Proposed]:
    """ "the envoy visited Turkey and Bahrain", "met with officials in Turkey and Bahrain",
    "started his visit on March 10 in Egypt, then continued to Israel and Qatar": one visit
    to each state, each dated by its own words, else by the words before the verb, else
    after the stop before it."""
    clause_start, at, after = where
    visitor, states = parties[0], parties[1:]  # the clause's subject first
    if visitor.kind != PERSON or len(states) < 2 or any(m.kind != STATE for m in states):
        return []
    lead = text[after : states[0].start]
    if re.search(r"\bfrom\b", lead) or (
        proposal.data["meeting_kind"] == "meeting" and not re.search(r"\b(?:in|to)\b", lead)
    ):
        return []  # "met officials from Egypt and Jordan": one meeting
    sentence_start = proposal.start
    shared = resolve(text[sentence_start:at], published)
    stops, previous = [], None
    for number, state in enumerate(states):
        own = resolve(
            text[states[number - 1].end if number else clause_start : state.end], published
        )
        if own.precision == "unknown" and number:
            if shared.precision != "unknown":
                own = shared
            elif (
                previous is not None
                and previous.start
                and published
                and published.end
                and previous.start > published.end
            ):
                own = previous  # stops still to come: the words that date the trip date each
            elif previous is not None and previous.start and published and published.end:
                own = interval(
                    previous.start,
                    published.end,
                    f"After the stop before it ({previous.note}), no later than publication.",
                    "",
                )
        elif own.precision == "unknown":
            own = resolve(text[proposal.start : proposal.end], published)
        own = _of_the_meeting(
            text[proposal.start : proposal.end], own, published, at - proposal.start
        )
        previous = own
        stop = dataclasses.replace(proposal, data=dict(proposal.data))
        stop.data.update(
            participants=[
                {**_ref(visitor), "role": "guest"},
                {**_ref(state), "role": "host"},
            ],
            title=f"{visitor.name} in {state.name}",
            **_dates(own),
        )
        stop.why = f"{proposal.why}; one of {len(states)} states visited"
        stops.append(stop)
    return stops


# "reported on Monday that ... talks": the day of the report, not of the talks.
REPORTED_ON = re.compile(
    r"\b(?:reported|said|says|announced|told [^,.;]{1,30}?|stated|confirmed)\s+(?:on\s+)?$", re.I
)
BEGAN = re.compile(r"\b(?:started|began|begins|starts|kicked off|opened)\b[^.,;]{0,30}$", re.I)


def _of_the_meeting(sentence: str, dated: Dated, published: Dated | None, at: int) -> Dated:
    """A date phrase read as the meeting's: one dating a report of it ("reported on
    Monday that progress has been made in the talks") is not; one dating its beginning
    ("started his visit on March 10") gives its start, up to publication."""
    place = sentence.find(dated.words) if dated.words else -1
    if place < 0:
        return dated
    before = sentence[:place]
    if REPORTED_ON.search(before) and re.search(r"\bthat\b", sentence[place:at]):
        return Dated.unknown(
            f'"{dated.words.strip()}" dates the report, not the meeting; no later than that.'
        )
    if (
        BEGAN.search(before)
        and published
        and published.end
        and dated.start
        and dated.start <= published.end
    ):
        return interval(
            dated.start,
            published.end,
            f"{dated.note}: when it began; it ended no later than publication",
            dated.words,
        )
    return dated


def _what_was_said(sentence: str, verb: re.Match) -> str:
    """A paraphrase's words: what follows "X said (that)" or "told Y that", without the
    full stop; the whole sentence for other reporting words ("urged", "called for"), which
    an editor cuts down."""
    said = verb.group(0).lower()
    rest = sentence[verb.end() :].strip()
    if not said.startswith(("said", "says", "told")) and not rest.startswith("that "):
        return sentence.strip()  # "urged restraint": the editor cuts it down
    rest = re.sub(r"^that\s+", "", rest).rstrip(" .")
    # "..., according to the statement": who reports it, kept as its attribution.
    rest = re.sub(r",?\s+(?:according to|as per|state media reported)\b[^,]*$", "", rest)
    if len(rest.split()) < 4:
        return sentence.strip()
    return rest[0].upper() + rest[1:]


def _mediating(text: str, mention: Mention) -> bool:
    """ "mediated by Gulf state Qatar", "under China's mediation": the go-between."""
    before = text[max(0, mention.start - 30) : mention.start]
    after = text[mention.end : mention.end + 14]
    return bool(
        re.search(r"\b(?:mediated by|brokered by)\s+(?:[\w-]+\s+){0,2}$", before)
        or re.match(r"[’']s (?:mediation|good offices)", after)
    )


def _vote_clauses(sentence: str) -> list[tuple[int, int]]:
    """A sentence's clauses, for votes: "The US and the UK abstained, while Russia voted
    against" holds two."""
    cuts = [m.start() for m in re.finditer(r"[,;] (?:while|and|but|with)\b|; ", sentence)]
    return list(zip([0, *cuts], [*cuts, len(sentence)], strict=True))


def _longest(found: list[tuple]) -> list[tuple]:
    """Overlapping matches: the longest wins ("Wang Yi" over "Wang")."""
    kept = []
    for item in sorted(found, key=lambda item: (item[0], -(item[1] - item[0]))):
        if kept and item[0] < kept[-1][1]:
            continue
        kept.append(item)
    return kept


TITLE_START = re.compile(rf"\b(?:{TITLE_WORDS})\b")


def _title_before(text: str, end: int) -> str:
    """The title ending at ``end`` ("Minister of State of Qatari Ministry of Foreign
    Affairs"): from the first title word after the clause's last break."""
    window = text[max(0, end - 90) : end]
    breaks = list(re.finditer(r"[,.;:(]\s|\b(?:with|and|met|by)\s", window))
    window = window[breaks[-1].end() :] if breaks else window
    found = TITLE_START.search(window)
    return window[found.start() :].strip() if found else ""


def _title_length(text: str) -> int:
    """How many tokens of ``text`` its title takes ("Secretary-General" is three)."""
    for title in sorted(TITLE_WORDS.replace("\\", "").split("|"), key=len, reverse=True):
        if text.startswith(title) and text[len(title) : len(title) + 1] in (" ", ","):
            return len(pipeline().make_doc(title))
    return 1


def _near(mentions: list[Mention], start: int, end: int) -> list[Mention]:
    """The mentions beginning between ``start`` and ``end`` (``mentions`` in order)."""
    first = bisect.bisect_left(mentions, start, key=lambda m: m.start)
    last = bisect.bisect_left(mentions, end, key=lambda m: m.start)
    return mentions[first:last]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the spaces and line breaks around it."""
    words = text[start:end]
    return start + len(words) - len(words.lstrip()), start + len(words.rstrip())


def _sentence_around(sentences, start: int, end: int) -> tuple[int, int]:
    first = next((s for s, e in sentences if s <= start < e), start)
    last = next((e for s, e in sentences if s < end <= e), end)
    return first, last


def _ref(mention: Mention) -> dict:
    if mention.actor:
        return {"actor": mention.actor}
    return {"name": mention.name}


def _distinct(mentions: list[Mention]) -> list[Mention]:
    seen, kept = set(), []
    for mention in mentions:
        key = mention.actor or mention.name
        if key not in seen:
            seen.add(key)
            kept.append(mention)
    return kept


def _title_of(kind: str, parties: list[Mention]) -> str:
    names = " and ".join(m.name for m in parties[:3])
    return {
        "call": f"Call between {names}",
        "visit": f"Visit: {names}",
        "summit": f"Summit: {names}",
    }.get(kind, f"Meeting of {names}")


def _day(day) -> str | None:
    return day.isoformat() if day else None


def _dates(dated: Dated) -> dict:
    return {
        "date_start": _day(dated.start),
        "date_end": _day(dated.end),
        "date_precision": dated.precision,
        "date_note": dated.note,
    }


def _reported(published: Dated | None) -> Dated:
    """A figure is dated by when it was reported: the article's publication."""
    if published is None or published.start is None:
        return Dated.unknown("Reported in the article, whose publication date is not known.")
    note = f"As reported in the article: its publication date ({published.note})"
    return Dated(published.start, published.end, published.precision, note)


def _attribution(sentence: str) -> str:
    match = ATTRIBUTION.search(sentence)
    return match.group(0) if match else ""


def _joined_quotes(proposals: list[Proposed]) -> list[Proposed]:
    """A quote split by "he said" is two proposals of one sentence: each keeps its words."""
    return proposals


def _merged_meetings(proposals: list[Proposed], text: str = "") -> list[Proposed]:
    """The same meeting named in several sentences is one proposal: the first, with the
    others' sentences as further evidence. The same means: of one kind, occurrence and
    format, with the same people."""
    kept: list[Proposed] = []
    first_line = len(text) - len(text.lstrip()) + len(text.strip().split("\n", 1)[0])

    def headline(proposal: Proposed) -> bool:
        words = text[proposal.start : proposal.end].strip()
        return proposal.start < first_line and not words.endswith((".", "!", "?", "”", '"'))

    def people(proposal: Proposed) -> frozenset:
        return frozenset(p.get("actor") or p.get("name") for p in proposal.data["participants"])

    for proposal in proposals:
        twin = next(
            (
                other
                for other in kept
                if all(
                    other.data[key] == proposal.data[key]
                    for key in ("meeting_kind", "occurrence", "format")
                )
                and people(other) == people(proposal)
                and (other.start, other.end) != (proposal.start, proposal.end)
            ),
            None,
        )
        if twin is None:
            kept.append(proposal)
            continue
        span = [proposal.start, proposal.end]
        if headline(twin) and not headline(proposal):
            # The body's sentence is the one to cite; the headline, further evidence.
            span = [twin.start, twin.end]
            twin.start, twin.end, twin.why = proposal.start, proposal.end, proposal.why
        twin.data.setdefault("also", []).append(span)
        if (
            twin.data["date_precision"] == "unknown"
            and proposal.data["date_precision"] != "unknown"
        ):
            for key in ("date_start", "date_end", "date_precision", "date_note"):
                twin.data[key] = proposal.data[key]
    return kept
