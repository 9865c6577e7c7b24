"""Benchmark (not a test): rule-mapping throughput on ~3 KB articles, and ingest cost vs store size.

    python benchmarks/mapping_throughput.py [--articles 60] [--triples 200000] [--skip-ingest]

1. Builds the mapper's resources once (gazetteer, lexicon, rules) and reports how long that took.
2. Maps N synthetic articles of about 3 KB (invented companies, regulators and figures, written
   from the templates below) and reports milliseconds per article and articles per second.
3. Ingests the same few articles into an empty store and into a store bulk-loaded with a synthetic
   graph of --triples quads (`privacy_kg.synth`), and compares the times: mapping never reads the
   store, and ingest only fetches the entities an article references, so both should be flat.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from privacy_kg.ingest import ingest_mapped
from privacy_kg.mapping.mapper import CitationOptions, map_text
from privacy_kg.mapping.resources import load_resources
from privacy_kg.settings import Settings
from privacy_kg.store import EmbeddedStore

COMPANIES = [
    "Larkspur Media Ltd.",
    "Orbit Games Co.",
    "Pinecrest Health Ltd.",
    "Kestrel Apps Inc",
    "Greyfield Bank plc",
    "Norvik Logistics AS",
    "Tulpnet B.V.",
    "Quill Messenger Inc.",
]
REGULATORS = [
    ("Ireland's Data Protection Commission", "€"),
    ("South Korea's Personal Information Protection Commission", "₩"),
    ("the UK's Information Commissioner's Office", "£"),
    ("the US Federal Trade Commission", "$"),
    ("France's data protection authority", "€"),
]
PLACES = ["Vietnam", "India", "Singapore", "the United States", "China", "Canada"]
PARAGRAPHS = [
    (
        "{reg} on {day} fined {co} {cur}{money} million after an inquiry into how the company kept "
        "customer records."
    ),
    (
        "The regulator said {co} had stored the names, email addresses and phone numbers of users in "
        "{home} on "
        "servers in {place} without telling them, and ordered {co} to delete the copies by {month}."
    ),
    (
        "{co} said in a statement that it would appeal. It said about {count},000 records had been "
        "exposed in a "
        "cyberattack on a subcontractor in {place} last year, and that it had notified affected "
        "customers."
    ),
    (
        "Chief executive {person} apologised to customers on {day} and vowed to prevent a "
        "recurrence. The company "
        "will offer two years of free credit monitoring, she said."
    ),
    (
        "Analysts said the case showed how regulators now look at data that leaves the country. The "
        "company's "
        "shares fell {pct} per cent in morning trading before recovering slightly by the close."
    ),
    (
        "The figure was raised to {count2},000 on {day}, the company said, adding that no payment "
        "card details were "
        "involved. An independent committee will review its contracts with vendors in {place}."
    ),
    (
        "Consumer groups welcomed the decision but said fines alone would not change how the "
        "industry treats "
        "personal data. They called for stricter rules on transfers to countries without adequate "
        "protection."
    ),
    (
        "{reg} also asked {co} to report on its security measures by {month}. The company has said "
        "it will "
        "cooperate fully with the investigation and publish a report on what went wrong."
    ),
]
PEOPLE = ["Maria Okafor", "Jonas Berg", "Aiko Tanabe", "Priya Raman", "Tom Hale"]
HOMES = {"€": "Ireland", "₩": "South Korea", "£": "the UK", "$": "the United States"}


def article(rng: random.Random) -> str:
    reg, cur = rng.choice(REGULATORS)
    values = {
        "reg": reg,
        "cur": cur,
        "co": rng.choice(COMPANIES),
        "money": rng.randint(2, 90),
        "day": rng.choice(["Monday", "Tuesday", "Wednesday", "Thursday"]),
        "place": rng.choice(PLACES),
        "home": HOMES.get(cur, "France"),
        "month": rng.choice(["June", "September", "December"]),
        "count": rng.randint(10, 900),
        "count2": rng.randint(901, 1900),
        "person": rng.choice(PEOPLE),
        "pct": rng.randint(2, 9),
    }
    text = "\n\n".join(p.format(**values) for p in PARAGRAPHS)
    while len(text) < 3000:
        text += "\n\n" + rng.choice(PARAGRAPHS[4:]).format(**values)
    return text


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - start, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=60)
    parser.add_argument(
        "--triples", type=int, default=200_000, help="size of the large store for the ingest test"
    )
    parser.add_argument("--skip-ingest", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    rng = random.Random(7)
    texts = [article(rng) for _ in range(args.articles)]
    built, res = timed(load_resources, settings.data_dir.resolve())
    print(
        f"resources built once: {built * 1000:.0f} ms ({len(res.rules.rules)} rules, "
        f"{len(res.gaz.exact) + len(res.gaz.folded)} gazetteer names)"
    )
    day = dt.date(2024, 5, 22)
    map_text(texts[0], CitationOptions(article_id="warm-up", date=day), res)
    times, facts = [], 0
    for n, text in enumerate(texts):
        took, result = timed(
            map_text, text, CitationOptions(article_id=f"bench-{n}", date=day), res
        )
        times.append(took)
        facts += len(result.facts.facts())
    size = statistics.mean(len(t.encode()) for t in texts)
    median = statistics.median(times)
    print(
        f"mapped {len(texts)} articles of ~{size / 1024:.1f} KB: median {median * 1000:.1f} ms, "
        f"p90 {sorted(times)[int(len(times) * 0.9)] * 1000:.1f} ms, "
        f"{len(texts) / sum(times):.1f} articles/s, {facts / len(texts):.1f} facts/article"
    )
    if not args.skip_ingest:
        ingest_costs(settings, res, texts[:5], args.triples)
    return 0


def ingest_costs(settings: Settings, res, texts: list[str], triples: int) -> None:
    from privacy_kg.compile import load_vocabulary
    from privacy_kg.synth import generate

    day = dt.date(2024, 5, 22)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "big"
        quads = Path(tmp) / "synth.nq"
        with quads.open("wb") as out:
            generate(load_vocabulary(settings), triples, 1, out)
        store = EmbeddedStore(big)
        store.bulk_load_file(quads)
        store.close()
        for label, path in (("empty store", Path(tmp) / "empty"), (f"{triples:,}-quad store", big)):
            store = EmbeddedStore(path)
            size = store.quad_count()
            costs = []
            for n, text in enumerate(texts):
                mapped = map_text(
                    text, CitationOptions(article_id=f"ingest-bench-{n}", date=day), res
                )
                took, _ = timed(ingest_mapped, mapped, settings, store, res)
                costs.append(took)
            store.close()
            print(
                f"ingest into {label} ({size:,} quads before): median "
                f"{statistics.median(costs) * 1000:.0f} ms per article (map + SHACL + commit)"
            )


if __name__ == "__main__":
    raise SystemExit(main())
