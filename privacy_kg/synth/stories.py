"""Stories: the articles the news writes about one incident, one company's reshuffle, or one guidance.

An incident story follows a company over months or years: the incident is restated by every
article under one id (as the real graph allows), each adds reported figures, regulators act in a
`follows_up` chain that may continue an earlier story's, and the company answers with commitments.
Fact ids are registered in `index` (fact id -> IRI segment) as they are made, which is the
`References.facts` mapping the emitter resolves references with.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import Decimal

from ..model import (
    ArticleFacts,
    Commitment,
    DataFlow,
    Figure,
    Incident,
    LawReference,
    LegalAction,
    Post,
    Relation,
)
from . import names
from .drafts import Draft, citation, clamp, partial_date
from .world import Company, World

INCIDENT_KINDS = ("data_breach",) * 4 + ("cyberattack",) * 2 + (
    "unauthorised_access", "data_misuse", "mishandling", "mishandling", "exposure")
UNITS = ("people", "accounts", "users", "records", "items", "customers")
QUALIFIERS = ("exact", "about", "about", "more_than", "at_least", "up_to", "less_than")
FLOW_KINDS = ("access", "storage", "transfer", "transfer", "processing", "disclosure", "collection", "leak")
MECHANISMS = (None, None, "consent", "standard_contractual_clauses", "contract", "adequacy_decision",
              "binding_corporate_rules", "legal_obligation", "law_enforcement_request")
OPENING = ("investigation", "report_request", "inspection", "request")
MIDDLE = ("administrative_guidance", "order", "recommendation", "warning", "reprimand", "instruction",
          "usage_suspension")
CLOSING = ("fine", "fine", "settlement", "ban")
COURT = ("appeal", "court_decision")
REPORTED_AS = {"report_request": "request", "administrative_guidance": "warning", "instruction": "order"}
GUIDANCE = ("recommendation", "instruction", "warning", "administrative_guidance")


class StoryWriter:
    """Writes stories into ArticleFacts; one per generator run, holding its counters and chains."""

    def __init__(self, rng: random.Random, world: World, index: dict[str, str]) -> None:
        self.rng = rng
        self.world = world
        self.index = index
        self.serial = itertools.count(1)
        self.last_action: dict[tuple[str, str], tuple[str, dt.date]] = {}

    def story(self, start: dt.date) -> list[ArticleFacts]:
        roll = self.rng.random()
        if roll < 0.75:
            return self._incident_story(start)
        if roll < 0.9:
            return [self._corporate_article(start)]
        return [self._guidance_article(start)]

    # -- helpers ---------------------------------------------------------------------------
    def _id(self, segment: str, *parts: str) -> str:
        fact_id = "-".join([*(p[:40].strip("-") for p in parts), str(next(self.serial))]).replace("_", "-")
        self.index[fact_id] = segment
        return fact_id

    def _draft(self, day: dt.date, topic: str, headline: tuple[str, str]) -> Draft:
        return Draft(self.rng, citation(self.rng, day, topic, next(self.serial), headline), day)

    def _posts(self, draft: Draft, org: str) -> None:
        head = self.world.head(org, draft.day.year)
        if head is None:
            return
        name = self.world.actors[head.person].label.en
        draft.add("posts", Post(
            id=self._id("post", head.person, head.role, str(draft.day.year)),
            label=f"{name} is {head.title.lower()} of {self.world.actors[org].label.en}",
            person=head.person, role=head.role, title=head.title, organisation=org, date=draft.day.isoformat(),
            derivations=draft.derivations("post", name, f"spoke as {head.title.lower()}"),
        ))

    # -- incident stories --------------------------------------------------------------------
    def _incident_story(self, start: dt.date) -> list[ArticleFacts]:
        rng, company = self.rng, self.world.company(self.rng)
        kind = rng.choice(INCIDENT_KINDS)
        occurred = clamp(start - dt.timedelta(days=rng.randint(0, 200)))
        phrase_en, phrase_ja = names.INCIDENT_PHRASES[kind]
        value = int(float(f"{10 ** rng.uniform(2, 8):.2g}"))
        unit = rng.choice(UNITS)
        chain = self._action_plan()
        incident: Incident | None = None
        flows: list[str] = []
        actions: list[str] = []
        articles: list[ArticleFacts] = []
        day = clamp(occurred + dt.timedelta(days=rng.randint(1, 40)))
        for n in range(1 + min(7, int(rng.expovariate(0.6)))):
            headline = ((f"{company.name.en} discloses {phrase_en}", f"{company.name.ja}、{phrase_ja}を公表") if n == 0
                        else (f"Update on {phrase_en} at {company.name.en}", f"{company.name.ja}の{phrase_ja}、続報"))
            draft = self._draft(day, company.name.en, headline)
            base = incident or self._incident(draft, company, kind, occurred)
            figures = []
            for _ in range(rng.choice((1, 2)) if n == 0 else rng.choice((0, 0, 1))):
                value = int(value * rng.uniform(1.0, 1.6))
                figures.append(self._figure(draft, company, value, unit))
            incident = base
            draft.add("incidents", base.model_copy(update={
                "figures": tuple(figures),
                "derivations": base.derivations if n == 0 else draft.derivations("incident", company.name.en,
                                                                                  f"was hit by {phrase_en}"),
            }))
            if n < 2 and rng.random() < 0.5:
                flows += self._flows(draft, company, base.id)
            for _ in range(rng.choice((1, 1, 1, 2))):
                if chain and rng.random() < (0.85 if n else 0.4):
                    actions.append(self._legal_action(draft, company, chain.pop(0), base, actions[-1] if actions else None))
            if rng.random() < 0.5:
                self._commitment(draft, company, base.id, actions, flows)
            if rng.random() < 0.5:
                self._posts(draft, company.id)
            if rng.random() < 0.25:
                self._relations(draft, company)
            if rng.random() < 0.3:
                self._law_reference(draft, company)
            articles.append(draft.build())
            day = clamp(day + dt.timedelta(days=rng.randint(3, 150)))
        return articles

    def _incident(self, draft: Draft, company: Company, kind: str, occurred: dt.date) -> Incident:
        rng = self.rng
        phrase = names.INCIDENT_PHRASES[kind][0]
        jurisdictions = {company.country}
        if company.partners and rng.random() < 0.4:
            jurisdictions.add(self.world.by_id[company.partners[0][0]].country)
        if rng.random() < 0.15:
            jurisdictions.add("001")
        return Incident(
            id=self._id("incident", company.id, kind, str(occurred.year)),
            label=f"{company.name.en} suffers {phrase}",
            kind=kind,
            subject=company.id,
            perpetrator=rng.choice(self.world.hackers) if kind in ("cyberattack", "data_breach") and rng.random() < 0.3
            else None,
            via=company.partners[0][0] if company.partners and rng.random() < 0.2 else None,
            date=partial_date(rng, occurred, 0.4, 0.4),
            disclosed=partial_date(rng, draft.day, 0.7, 0.3) if rng.random() < 0.7 else None,
            jurisdictions=tuple(sorted(jurisdictions)),
            data_categories=self.world.category_sample(rng, rng.randint(1, 4)),
            data_subjects=company.users,
            derivations=draft.derivations("incident", company.name.en, f"was hit by {phrase}"),
        )

    def _figure(self, draft: Draft, company: Company, value: int, unit: str) -> Figure:
        rng = self.rng
        qualifier = rng.choice(QUALIFIERS)
        return Figure(
            id=self._id("figure", company.id, str(value)),
            label=f"{value:,} {unit} affected ({qualifier.replace('_', ' ')})",
            value=Decimal(value), qualifier=qualifier, unit=unit,
            date_reported=partial_date(rng, draft.day, 0.8, 0.2),
            scope=rng.choice((None, company.country, "001")),
            reported_by=rng.choice((company.id, self.world.country_of[company.country].dpa, None)),
            derivations=draft.derivations("figure", company.name.en, f"put the count at {value:,} {unit}"),
        )

    def _flows(self, draft: Draft, company: Company, incident_id: str) -> list[str]:
        rng, out = self.rng, []
        for partner_id, _ in company.partners[: rng.choice((1, 2))]:
            partner = self.world.by_id[partner_id]
            kind = rng.choice(FLOW_KINDS)
            status = rng.choice(("ongoing", "ended", "completed", "planned"))
            flow_id = self._id("data-flow", company.id, kind, partner.country.lower())
            draft.add("data_flows", DataFlow(
                id=flow_id,
                label=f"{company.name.en} data reaches {partner.name.en} ({kind})",
                kind=kind, from_actor=company.id, to_actor=partner.id,
                from_country=company.country, to_country=partner.country,
                data_categories=self.world.category_sample(rng, rng.randint(1, 3)),
                data_subjects=company.users, mechanism=rng.choice(MECHANISMS),
                conditions=tuple(rng.sample(names.CONDITIONS, rng.choice((0, 0, 1, 2)))),
                status=status,
                date=partial_date(rng, draft.day - dt.timedelta(days=rng.randint(100, 2000)), 0.1, 0.4),
                end_date=draft.day.isoformat() if status == "ended" else None,
                deadline=partial_date(rng, draft.day + dt.timedelta(days=180), 0, 1) if status == "planned" else None,
                incident=incident_id,
                derivations=draft.derivations("data-flow", company.name.en, f"sent data to {partner.name.en}"),
            ))
            out.append(flow_id)
        return out

    def _action_plan(self) -> list[str]:
        rng = self.rng
        plan = [rng.choice(OPENING)] + rng.sample(MIDDLE, rng.choice((0, 1, 1, 2)))
        if rng.random() < 0.5:
            plan.append(rng.choice(CLOSING))
            if rng.random() < 0.3:
                plan += list(COURT)[: rng.choice((1, 2))]
        return plan

    def _legal_action(self, draft: Draft, company: Company, kind: str, incident: Incident,
                      previous: str | None) -> str:
        rng = self.rng
        country = self.world.country_of[rng.choice(sorted(set(incident.jurisdictions) - {"001"}) or [company.country])]
        issuer = (country.court if kind in COURT else
                  rng.choice((country.dpa, country.dpa, country.dpa, country.ministry, country.consumer)))
        key = (issuer, company.id)
        if previous is None and key in self.last_action and self.last_action[key][1] < draft.day:
            previous = self.last_action[key][0] if rng.random() < 0.6 else None
        verb_en, verb_ja = names.ACTION_VERBS[kind]
        issuer_label = self.world.actors[issuer].label
        amount = None
        if kind in ("fine", "settlement"):
            amount = Decimal(int(float(f"{10 ** rng.uniform(4, 9):.2g}")))
        action_id = self._id("legal-action", issuer, kind, company.id, str(draft.day.year))
        draft.add("legal_actions", LegalAction(
            id=action_id,
            label=f"{issuer_label.en} {verb_en} {company.name.en}",
            kind=kind,
            reported_as=tuple(sorted({kind, REPORTED_AS.get(kind, kind)})),
            authority=issuer, target=company.id,
            concerns=(company.id, *company.services[: rng.choice((0, 1))]),
            date=partial_date(rng, draft.day, 0.8, 0.15),
            deadline=partial_date(rng, draft.day + dt.timedelta(days=rng.randint(20, 120)), 0.5, 0.5)
            if kind in ("order", "report_request", "instruction", "usage_suspension") else None,
            amount=amount, currency=country.currency if amount is not None else None,
            legal_basis=rng.choice(country.laws) if rng.random() < 0.7 else None,
            responds_to=incident.id, follows_up=previous,
            status=rng.choice(("completed", "completed", "ongoing", "planned")),
            derivations=draft.derivations("legal-action", issuer_label.en, f"{verb_en} {company.name.en}"),
        ))
        if kind not in COURT and rng.random() < 0.4:
            self._posts(draft, issuer)
        self.last_action[key] = (action_id, draft.day)
        if len(draft.groups["legal_actions"]) == 1:  # the article's news: its headline
            issuer_ja = (issuer_label.model_extra or {}).get("ja", issuer_label.en)
            draft.citation = draft.citation.model_copy(update={"headline": (
                f"{issuer_ja}、{company.name.ja}{verb_ja}" if draft.japanese
                else f"{issuer_label.en} {verb_en} {company.name.en}")})
        return action_id

    def _commitment(self, draft: Draft, company: Company, incident_id: str, actions: list[str],
                    flows: list[str]) -> None:
        rng = self.rng
        kind = rng.choice(tuple(names.COMMITMENT_PHRASES))
        flow = rng.choice(flows) if flows and kind in ("cessation", "relocation", "transparency") else None
        draft.add("commitments", Commitment(
            id=self._id("commitment", company.id, kind),
            label=f"{company.name.en} {names.COMMITMENT_PHRASES[kind]}",
            kind=kind, actor=company.id,
            date=partial_date(rng, draft.day, 0.7, 0.3),
            deadline=partial_date(rng, draft.day + dt.timedelta(days=rng.randint(30, 400)), 0.2, 0.6)
            if kind in ("relocation", "prevention", "governance", "compensation") else None,
            responds_to=actions[-1] if actions and rng.random() < 0.5 else incident_id,
            flow=flow,
            status=rng.choice(("planned", "completed", "ongoing")),
            derivations=draft.derivations("commitment", company.name.en, names.COMMITMENT_PHRASES[kind]),
        ))

    # -- organisations, guidance, laws -------------------------------------------------------
    def _relations(self, draft: Draft, company: Company) -> None:
        rng = self.rng
        pairs: list[tuple[str, str, str]] = []
        if company.parent:
            pairs.append((company.id, "subsidiary_of", company.parent))
        pairs += [(partner, kind, company.id) for partner, kind in company.partners]
        pairs += [(company.id, "operator_of", service) for service in company.services]
        if company.renamed_to:
            pairs.append((company.id, "renamed_to", company.renamed_to))
        if rng.random() < 0.1:
            other = self.world.company(rng)
            if other.id != company.id:
                pairs.append((company.id, rng.choice(("merged_with", "part_owned_by", "controlled_by")), other.id))
        for subject, kind, obj in rng.sample(pairs, min(len(pairs), rng.choice((1, 2, 3)))):
            subject_label, object_label = self.world.actors[subject].label.en, self.world.actors[obj].label.en
            draft.add("relations", Relation(
                id=self._id("relation", subject, kind, obj),
                label=f"{subject_label} {kind.replace('_', ' ')} {object_label}",
                kind=kind, subject=subject, object=obj,
                date=partial_date(rng, draft.day, 0.3, 0.3) if rng.random() < 0.7 else None,
                derivations=draft.derivations("relation", subject_label, f"{kind.replace('_', ' ')} {object_label}"),
            ))

    def _law_reference(self, draft: Draft, company: Company, law: str | None = None) -> None:
        law = law or self.rng.choice(self.world.country_of[company.country].laws)
        law_label = self.world.laws[law].label.en
        draft.add("law_references", LawReference(
            id=self._id("law-reference", law),
            label=f"The {law_label} requires {company.name.en} to report leaks to the regulator",
            law=law, concerns=(company.id,),
            derivations=draft.derivations("law-reference", law_label, "requires prompt breach reports"),
        ))

    def _corporate_article(self, start: dt.date) -> ArticleFacts:
        company = self.world.company(self.rng)
        draft = self._draft(start, company.name.en, (f"{company.name.en} reshapes its group",
                                                      f"{company.name.ja}、グループ再編"))
        self._relations(draft, company)
        self._posts(draft, company.id)
        return draft.build()

    def _guidance_article(self, start: dt.date) -> ArticleFacts:
        rng = self.rng
        country = self.world.country(rng)
        issuer = self.world.actors[country.dpa]
        draft = self._draft(start, f"{country.name.en} guidance", (
            f"{issuer.label.en} tells companies to tighten data controls",
            f"{country.name.ja}の当局、企業にデータ管理の強化を要請"))
        law = rng.choice(country.laws)
        for company in {self.world.company(rng).id: None for _ in range(rng.randint(2, 4))}:
            target = self.world.by_id[company]
            kind = rng.choice(GUIDANCE)
            draft.add("legal_actions", LegalAction(
                id=self._id("legal-action", country.dpa, kind, company, str(start.year)),
                label=f"{issuer.label.en} {names.ACTION_VERBS[kind][0]} {target.name.en}",
                kind=kind, authority=country.dpa, target=company, concerns=(company,),
                date=start.isoformat(), legal_basis=law, status="completed",
                derivations=draft.derivations("legal-action", issuer.label.en, names.ACTION_VERBS[kind][0]),
            ))
            self._law_reference(draft, target, law)
        self._posts(draft, country.dpa)
        return draft.build()
