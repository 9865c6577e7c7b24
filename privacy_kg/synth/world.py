"""The synthetic world: countries with their authorities and laws, companies, people and groups.

Built once per run, before any article, so every actor and law an article names is in the
registry the emitter checks references against. Sizes grow with the requested triple count, and
companies are drawn by a Zipf law of their rank: a few big ones appear in many articles, as in the
news, so joins and aggregates over the synthetic graph have realistic fan-out.
"""

from __future__ import annotations

import bisect
import itertools
import math
import random
from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.namespace import RDFS

from ..emit import jurisdiction_iri
from ..model import Actor, Labels, Law
from ..slugs import slugify
from ..vocab import Vocabulary
from . import names
from .names import Name

# Jurisdictions covered, most newsworthy first (the order is their Zipf rank), with their currency.
COUNTRIES: tuple[tuple[str, str], ...] = (
    ("JP", "JPY"), ("US", "USD"), ("KR", "KRW"), ("GB", "GBP"), ("EU", "EUR"), ("CN", "CNY"), ("DE", "EUR"),
    ("FR", "EUR"), ("IE", "EUR"), ("IN", "INR"), ("AU", "AUD"), ("SG", "SGD"), ("CA", "CAD"), ("BR", "BRL"),
    ("TW", "TWD"), ("NL", "EUR"), ("IT", "EUR"), ("ES", "EUR"), ("HK", "HKD"), ("TH", "THB"), ("ID", "IDR"),
    ("VN", "VND"), ("PH", "PHP"), ("MY", "MYR"), ("NZ", "NZD"), ("CH", "CHF"), ("SE", "SEK"), ("NO", "NOK"),
    ("DK", "DKK"), ("PL", "PLN"), ("BE", "EUR"), ("AT", "EUR"), ("FI", "EUR"), ("PT", "EUR"), ("MX", "MXN"),
    ("AR", "ARS"), ("CL", "CLP"), ("ZA", "ZAR"), ("NG", "NGN"), ("KE", "KES"), ("AE", "AED"), ("SA", "SAR"),
    ("IL", "ILS"), ("TR", "TRY"), ("UA", "UAH"), ("CZ", "CZK"), ("HU", "HUF"), ("RO", "RON"),
)
ZIPF_EXPONENT = 1.0


class Zipf:
    """Draws items with probability proportional to 1 / rank**s (rank 1 is the first item)."""

    def __init__(self, items: list, s: float = ZIPF_EXPONENT) -> None:
        self.items = items
        self.cum = list(itertools.accumulate(1.0 / (rank ** s) for rank in range(1, len(items) + 1)))

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect_left(self.cum, rng.random() * self.cum[-1])]


@dataclass
class Head:
    """Who holds an organisation's top post from a year on (posts over time)."""

    since: int
    person: str
    role: str
    title: str


@dataclass
class Country:
    code: str
    name: Name
    currency: str
    dpa: str
    ministry: str
    consumer: str
    court: str
    laws: list[str] = field(default_factory=list)


@dataclass
class Company:
    id: str
    name: Name
    country: str
    users: str  # the data-subject group of its users
    services: list[str] = field(default_factory=list)
    parent: str | None = None
    partners: list[tuple[str, str]] = field(default_factory=list)  # (company id, relation kind) abroad
    renamed_to: str | None = None


@dataclass
class World:
    countries: list[Country]
    companies: list[Company]
    actors: dict[str, Actor]
    laws: dict[str, Law]
    heads: dict[str, list[Head]]
    hackers: list[str]
    categories: list[str]
    by_id: dict[str, Company] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {c.id: c for c in self.companies}
        self.country_of = {c.code: c for c in self.countries}
        self._companies = Zipf(self.companies)
        self._countries = Zipf(self.countries, 1.2)
        self._categories = Zipf(self.categories, 0.8)

    def company(self, rng: random.Random) -> Company:
        return self._companies.draw(rng)

    def country(self, rng: random.Random) -> Country:
        return self._countries.draw(rng)

    def category_sample(self, rng: random.Random, k: int) -> tuple[str, ...]:
        picked = {self._categories.draw(rng) for _ in range(k)}
        return tuple(sorted(picked))

    def head(self, org: str, year: int) -> Head | None:
        """The organisation's head in that year, if any."""
        current = None
        for head in self.heads.get(org, ()):
            if head.since <= year:
                current = head
        return current


def build_world(rng: random.Random, vocab: Vocabulary, triples: int) -> World:
    """A world sized for about `triples` triples: ~2,000 companies and 39 countries at a million."""
    known = vocab.jurisdictions
    table = [(code, cur) for code, cur in COUNTRIES if code in known]
    n_countries = min(len(table), 6 + math.isqrt(max(triples, 0)) // 30)
    n_companies = max(12, triples // 500)
    maker = _Maker(rng, vocab)
    countries = [maker.country(code, currency) for code, currency in table[:n_countries]]
    home = Zipf([c.code for c in countries], 1.2)
    companies = [maker.company(home.draw(rng), rank) for rank in range(n_companies)]
    for rank, company in enumerate(companies):
        bigger = companies[: max(rank, 1)]
        if rank > 3 and rng.random() < 0.3:
            company.parent = rng.choice(bigger[: max(1, rank // 2)]).id
        for _ in range(rng.choice((0, 1, 1, 2))):
            foreign = [c for c in rng.sample(companies, min(4, len(companies))) if c.country != company.country]
            if foreign:
                kind = rng.choice(("affiliate_of", "contractor_of", "contractor_of", "subcontractor_of"))
                company.partners.append((foreign[0].id, kind))
        if rank > 5 and rng.random() < 0.04:
            company.renamed_to = maker.successor(company)
    hackers = [maker.hacker() for _ in range(max(3, n_companies // 40))]
    categories = sorted(vocab.data_categories)
    categories.sort(key=lambda c: c != "personal-data")  # the generic category is the most cited
    return World(countries, companies, maker.actors, maker.laws, maker.heads, hackers, categories)


class _Maker:
    """Mints actors and laws with unique ids, recording them as registry entries."""

    def __init__(self, rng: random.Random, vocab: Vocabulary) -> None:
        self.rng = rng
        self.vocab = vocab
        self.actors: dict[str, Actor] = {}
        self.laws: dict[str, Law] = {}
        self.heads: dict[str, list[Head]] = {}

    def _id(self, text: str) -> str:
        base = slugify(text, 60)
        candidate, n = base, 1
        while candidate in self.actors or candidate in self.laws:
            n += 1
            candidate = f"{base}-{n}"
        return candidate

    def actor(self, kind: str, en: str, ja: str | None, country: str | None,
              aliases: dict[str, tuple[str, ...]], description: str, short: str | None = None) -> str:
        actor_id = self._id(short or en)
        label = Labels(en=en, ja=ja) if ja else Labels(en=en)
        self.actors[actor_id] = Actor(id=actor_id, kind=kind, label=label, aliases=aliases, country=country,
                                      description=description)
        return actor_id

    def country(self, code: str, currency: str) -> Country:
        node = jurisdiction_iri(code)
        labels = {lit.language: str(lit) for lit in self.vocab.vocab.objects(node, RDFS.label) if isinstance(lit, Literal)}
        name = Name(labels.get("en", code), labels.get("ja", labels.get("en", code)))
        c = Country(
            code, name, currency,
            dpa=self.actor("data_protection_authority", f"Personal Data Commission of {name.en}",
                           f"{name.ja}個人データ委員会", code,
                           {"en": (f"{name.en} privacy regulator", f"PDC {code}"), "ja": (f"{name.ja}の個人情報保護当局",)},
                           f"Invented data protection authority of {name.en}.", f"pdc-{code}"),
            ministry=self.actor("government_body", f"Ministry of Digital Affairs of {name.en}", f"{name.ja}デジタル省",
                                code, {"en": (f"{name.en} digital ministry",)},
                                f"Invented ministry in charge of telecoms and data in {name.en}.", f"digital-ministry-{code}"),
            consumer=self.actor("authority", f"Consumer Agency of {name.en}", f"{name.ja}消費者庁", code,
                                {"en": (f"{name.en} consumer watchdog",)}, f"Invented consumer regulator of {name.en}.",
                                f"consumer-agency-{code}"),
            court=self.actor("government_body", f"High Court of {name.en}", f"{name.ja}高等裁判所", code, {},
                             f"Invented court of {name.en} that hears data protection appeals.", f"high-court-{code}"),
        )
        for en, ja in (("Personal Data Act", "個人データ法"), ("Telecommunications Act", "電気通信法")):
            law_id = self._id(f"{code} {en}")
            self.laws[law_id] = Law(id=law_id, label=Labels(en=f"{en} of {name.en}", ja=f"{name.ja}{ja}"),
                                    aliases={"en": (f"{name.en}'s {en.lower()}",)}, jurisdiction=code,
                                    description=f"Invented statute of {name.en}.")
            c.laws.append(law_id)
        self._heads(c.dpa, "commissioner", "Commissioner", code)
        self._heads(c.ministry, "minister", "Digital minister", code)
        return c

    def company(self, country: str, rank: int) -> Company:
        word = names.word(self.rng)
        sector = self.rng.choice(names.SECTORS)
        en, ja = f"{word.en} {sector[0]}", f"{word.ja}{sector[1]}"
        aliases = {"en": (f"{en} Corp.", word.en, f"{word.en} Group"), "ja": (word.ja, f"{ja}株式会社")}
        company_id = self.actor("company", f"{en} Corporation", f"{ja}株式会社", country, aliases,
                                f"Invented company ranked {rank + 1} by news coverage.")
        users = self.actor("data_subject_group", f"Users of {en}", f"{ja}の利用者",
                           country if self.rng.random() < 0.6 else "001",
                           {"en": (f"{word.en} customers",)}, f"People whose data {en} holds.")
        company = Company(company_id, Name(en, ja), country, users)
        for _ in range(1 if self.rng.random() < 0.4 else 0):
            kind = self.rng.choice(names.SERVICES)
            company.services.append(self.actor("service", f"{word.en} {kind[0]}", f"{word.ja}{kind[1]}", country,
                                               {"en": (f"{word.en}{kind[0]}",)}, f"Invented app run by {en}."))
        self._heads(company_id, "ceo", "Chief executive", country)
        return company

    def successor(self, company: Company) -> str:
        word = names.word(self.rng)
        return self.actor("company", f"{word.en} {company.name.en}", f"{word.ja}{company.name.ja}", company.country,
                          {"en": (f"{word.en} {company.name.en.split()[0]}",)},
                          f"The name {company.name.en} took after a rebranding.")

    def hacker(self) -> str:
        word = names.word(self.rng)
        return self.actor("organisation", f"{word.en} Collective", f"{word.ja}集団", None,
                          {"en": (f"{word.en} hacking group",)}, "Invented criminal hacking group.")

    def _heads(self, org: str, role: str, title: str, country: str) -> None:
        """One to three successive heads of `org` between 2010 and 2024, each a person actor."""
        years = sorted(self.rng.sample(range(2011, 2025), self.rng.choice((1, 2, 2, 3))))
        heads = []
        for since in [2010, *years[1:]]:
            given, family = names.person(self.rng)
            person = self.actor("person", f"{given.en} {family.en}", f"{family.ja} {given.ja}", country,
                                {"en": (f"{given.en[0]}. {family.en}", family.en)}, f"Invented {title.lower()}.")
            heads.append(Head(since, person, role, title))
        self.heads[org] = heads

