"""The synthetic graph generator: shapes, determinism, size, realism and the `synth` command."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from privacy_kg.cli import main
from privacy_kg.compile import load_vocabulary
from privacy_kg.emit import Emitter, References
from privacy_kg.errors import InputError
from privacy_kg.namespaces import ENTITIES_GRAPH, ONTOLOGY_GRAPH, article_graph
from privacy_kg.settings import PROJECT_ROOT, Settings
from privacy_kg.store import EmbeddedStore
from privacy_kg.synth import generate
from privacy_kg.synth.sink import QuadSink
from privacy_kg.synth.stories import StoryWriter
from privacy_kg.synth.world import build_world
from privacy_kg.validate import load_ontology, load_shapes, validate_graph

PREFIXES = """
PREFIX pkg: <https://w3id.org/privacy-kg/ontology#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX schema: <https://schema.org/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
"""
ARTICLE_GRAPH = str(article_graph("x"))[:-1]


@pytest.fixture(scope="module")
def vocab():
    return load_vocabulary(Settings())


def synth(vocab, triples: int, seed: int) -> bytes:
    out = io.BytesIO()
    generate(vocab, triples, seed, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def small(vocab) -> bytes:
    return synth(vocab, 10_000, 7)


@pytest.fixture(scope="module")
def medium(vocab) -> ox.Store:
    store = ox.Store()
    store.load(synth(vocab, 60_000, 11), format=ox.RdfFormat.N_QUADS)
    return store


def select(store: ox.Store, query: str) -> list[list[str | None]]:
    rows = store.query(PREFIXES + query, use_default_graph_as_union=True)
    return [[term.value if term is not None else None for term in row] for row in rows]


def rdflib_graph(nquads: bytes, skip: str | None = None) -> Graph:
    """The union of the graphs (but `skip`), parsed strictly by the engine first."""
    triples = [ox.Triple(q.subject, q.predicate, q.object)
               for q in ox.parse(nquads, format=ox.RdfFormat.N_QUADS) if q.graph_name != ox.NamedNode(skip or "x:")]
    return Graph().parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")


def graph_names(nquads: bytes) -> Counter:
    return Counter(line.rsplit(b" ", 2)[-2].decode() for line in nquads.splitlines())


# -- conformance -------------------------------------------------------------------------------

def test_10k_output_conforms_to_the_shapes(small: bytes) -> None:
    data = rdflib_graph(small, skip=str(ONTOLOGY_GRAPH))
    settings = Settings()
    report = validate_graph(data, load_shapes(settings.shapes_dir), load_ontology(settings.ontology_dir))
    assert report.conforms, report.text()
    assert report.violations == ()
    # The emitter types rules but gives them no label (no rule file to read it from): the only warnings.
    assert {r.focus.rsplit("/", 2)[-2] for r in report.warnings} <= {"rule"}


def test_graph_layout_is_the_real_one(small: bytes) -> None:
    names = graph_names(small)
    assert names[f"<{ONTOLOGY_GRAPH}>"] > 1000
    assert names[f"<{ENTITIES_GRAPH}>"] > 2000
    articles = [g for g in names if g.startswith(f"<{ARTICLE_GRAPH}")]
    assert len(articles) >= 15
    assert len(names) == len(articles) + 2


def test_quad_sink_receives_exactly_the_rdflib_graphs_triples(vocab) -> None:
    rng = random.Random(5)
    world = build_world(rng, vocab, 50_000)
    index: dict[str, str] = {}
    emitter = Emitter(vocab, References(frozenset(world.actors), frozenset(world.laws), index))
    writer = StoryWriter(rng, world, index)
    checked = 0
    for n in range(12):
        for facts in writer.story(dt.date(2015, 1, 1) + dt.timedelta(days=90 * n)):
            name = article_graph(facts.article.id)
            sink = QuadSink(name)
            emitter.article_graph(facts, "ab" * 32, graph=sink)
            assert set(rdflib_graph(sink.encode())) == set(emitter.article_graph(facts, "ab" * 32))
            checked += 1
    assert checked >= 12


# -- determinism and size ----------------------------------------------------------------------

def test_same_seed_gives_the_same_bytes_and_another_seed_does_not(vocab, small: bytes) -> None:
    assert synth(vocab, 10_000, 7) == small
    assert synth(vocab, 10_000, 8) != small


def test_same_bytes_in_another_process_with_another_hash_seed(tmp_path: Path, small: bytes) -> None:
    target = tmp_path / "other.nq"
    code = f"from privacy_kg.cli import main; raise SystemExit(main(['-q', 'synth', '--triples', '10000', " \
           f"'--seed', '7', '-o', {str(target)!r}]))"
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", code], check=True, cwd=PROJECT_ROOT, env=env, capture_output=True)
    assert hashlib.sha256(target.read_bytes()).hexdigest() == hashlib.sha256(small).hexdigest()


@pytest.mark.parametrize("triples", [10_000, 25_000, 40_000])
def test_triple_count_is_within_two_percent_of_the_target(vocab, triples: int) -> None:
    out = io.BytesIO()
    stats = generate(vocab, triples, 3, out)
    lines = out.getvalue().splitlines()
    assert len(lines) == stats.triples
    assert abs(stats.triples - triples) / triples < 0.02
    assert len(set(lines)) == len(lines)  # a graph never holds a triple twice


def test_too_small_a_target_is_refused(vocab) -> None:
    with pytest.raises(InputError, match="at least"):
        generate(vocab, 1_000, 1, io.BytesIO())


# -- realism -----------------------------------------------------------------------------------

def test_a_few_companies_appear_in_many_articles(medium: ox.Store) -> None:
    rows = select(medium, """
        SELECT ?company (COUNT(DISTINCT ?article) AS ?n) WHERE {
          ?company a pkg:Company . ?fact prov:wasDerivedFrom ?article ; ?p ?company .
        } GROUP BY ?company ORDER BY DESC(?n)""")
    counts = [int(n) for _, n in rows]
    assert len(counts) > 30
    assert counts[0] >= 8 * counts[len(counts) // 2]  # Zipf: the top company dwarfs the median one


def test_articles_spread_over_years_with_citations(medium: ox.Store) -> None:
    rows = select(medium, """
        SELECT ?article ?date ?url ?publisher WHERE {
          ?article a pkg:Article ; schema:datePublished ?date ; schema:url ?url ; schema:publisher/schema:name ?publisher
        }""")
    years = Counter(date[:4] for _, date, _, _ in rows)
    assert len(years) >= 12 and max(years.values()) < 0.2 * len(rows)
    assert all(url.startswith("https://") and ".example/" in url for _, _, url, _ in rows)
    assert len({publisher for *_, publisher in rows}) >= 6


def test_incidents_are_restated_with_figures_over_time(medium: ox.Store) -> None:
    rows = select(medium, """
        SELECT ?incident (COUNT(DISTINCT ?article) AS ?articles) (COUNT(DISTINCT ?reported) AS ?dates) WHERE {
          ?incident a pkg:Incident ; prov:wasDerivedFrom ?article ; pkg:reportedFigure ?figure .
          ?figure pkg:value ?value ; pkg:qualifier ?q ; pkg:unit ?unit ; pkg:dateReported ?reported .
        } GROUP BY ?incident HAVING (COUNT(DISTINCT ?article) > 2)""")
    assert rows and max(int(dates) for _, _, dates in rows) >= 3


def test_legal_actions_chain_and_fine(medium: ox.Store) -> None:
    chains = select(medium, "SELECT ?a WHERE { ?a pkg:followsUp/pkg:followsUp ?c . ?a pkg:issuer ?i ; pkg:target ?t }")
    fines = select(medium, """
        SELECT ?amount ?currency ?basis WHERE {
          ?a pkg:kind pkg:Fine ; pkg:amount ?amount ; pkg:currency ?currency ; pkg:issuer/a pkg:Authority .
          OPTIONAL { ?a pkg:legalBasis ?basis }
        }""")
    deadlines = select(medium, "SELECT ?a WHERE { ?a a pkg:LegalAction ; pkg:deadline ?d }")
    assert chains and deadlines
    assert len(fines) >= 5 and len({currency for _, currency, _ in fines}) >= 2


def test_flows_cross_borders_and_actors_have_both_languages(medium: ox.Store) -> None:
    flows = select(medium, """
        SELECT ?f ?from ?to WHERE { ?f a pkg:DataFlow ; pkg:fromJurisdiction ?from ; pkg:toJurisdiction ?to ;
                                        pkg:dataCategory ?c }""")
    assert flows and all(src != dst for _, src, dst in flows)
    labelled = select(medium, """
        SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
          ?a a pkg:Company ; rdfs:label ?en, ?ja ; skos:altLabel ?alias
          FILTER(LANG(?en) = "en" && LANG(?ja) = "ja") }""")
    assert int(labelled[0][0]) > 50


def test_provenance_mixes_hand_and_rule_derivations(medium: ox.Store) -> None:
    rows = select(medium, """
        SELECT ?hand (COUNT(*) AS ?n) WHERE {
          ?d a pkg:Derivation ; pkg:method ?m ; pkg:evidence/<http://www.w3.org/ns/oa#hasSelector> ?s
          BIND(?m = pkg:HandMapping AS ?hand) } GROUP BY ?hand""")
    counts = {hand: int(n) for hand, n in rows}
    assert counts.get("true", 0) > 100 and counts.get("false", 0) > 100


# -- the command -------------------------------------------------------------------------------

def test_synth_command_writes_loads_and_refuses_a_used_store(tmp_path: Path, capsys) -> None:
    output, store_dir = tmp_path / "out" / "g.nq", tmp_path / "store"
    args = ["synth", "--triples", "8e3", "--seed", "4", "-o", str(output), "--store", str(store_dir)]
    assert main(args) == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"wrote {output}:") and captured.out.count("\n") == 1
    assert "articles" in captured.err  # progress
    lines = output.read_bytes().count(b"\n")
    store = EmbeddedStore(store_dir, read_only=True)
    try:
        assert store.quad_count() == lines
        assert str(ONTOLOGY_GRAPH) in store.named_graphs() and str(ENTITIES_GRAPH) in store.named_graphs()
    finally:
        store.close()
    assert main(args) == 2
    assert "not empty" in capsys.readouterr().err
