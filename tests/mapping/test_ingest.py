"""Ingest: one transaction, SHACL on the article and what it touches, idempotent, all-or-nothing."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from privacy_kg.cli import main
from privacy_kg.errors import ValidationFailed
from privacy_kg.ingest import ingest_file
from privacy_kg.mapping.mapper import CitationOptions
from privacy_kg.namespaces import ENTITIES_GRAPH
from privacy_kg.settings import PROJECT_ROOT, Settings
from privacy_kg.store import EmbeddedStore, QueryRequest

ARTICLES = Path(__file__).parent / "articles"
KOREA = CitationOptions(date=__import__("datetime").date(2024, 5, 22))
IRELAND = CitationOptions(date=__import__("datetime").date(2024, 6, 14))
STRICT_SHAPE = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix pkg: <https://w3id.org/privacy-kg/ontology#> .
<https://example.org/test-shapes#LegalActionNeedsDeadline> a sh:NodeShape ;
    sh:targetClass pkg:LegalAction ;
    sh:property [ sh:path pkg:deadline ; sh:minCount 1 ;
                  sh:message "test shape: a legal action needs a deadline" ] .
"""


def _dump(store: EmbeddedStore) -> bytes:
    out = io.BytesIO()
    store.dump(out, "nquads")
    return b"\n".join(sorted(out.getvalue().splitlines()))


@pytest.fixture()
def strict_home(tmp_path: Path) -> Path:
    """A project folder like ours whose shapes add one the Irish article's fine cannot meet."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ("ontology", "data", "queries"):
        (home / name).symlink_to(PROJECT_ROOT / name)
    shutil.copytree(PROJECT_ROOT / "shapes", home / "shapes")
    (home / "shapes" / "zz-test-strict.ttl").write_text(STRICT_SHAPE, encoding="utf-8")
    return home


def test_ingest_writes_the_article_and_its_new_actors_once(tmp_path) -> None:
    settings = Settings(store_path=tmp_path / "store")
    store = EmbeddedStore(settings.store)
    try:
        result = ingest_file(ARTICLES / "korea-pipc-fine.txt", KOREA, settings, store)
        assert result.report is not None and result.report.conforms
        assert result.graph in store.named_graphs() and str(ENTITIES_GRAPH) in store.named_graphs()
        assert "personal-information-protection-commission-kr" in result.new_actors
        ask = QueryRequest(
            "ASK { GRAPH <https://w3id.org/privacy-kg/graph/entities> { "
            "<https://w3id.org/privacy-kg/id/actor/personal-information-protection-commission-kr> "
            "<http://www.w3.org/ns/prov#wasDerivedFrom> "
            "<https://w3id.org/privacy-kg/id/article/korea-pipc-fine> } }"
        )
        assert b"true" in store.query(ask).body
        first = _dump(store)
        again = ingest_file(ARTICLES / "korea-pipc-fine.txt", KOREA, settings, store)
        assert again.new_actors == []  # already in the store
        assert _dump(store) == first  # re-ingesting replaces the graph with the same content
    finally:
        store.close()


def test_a_violation_leaves_the_store_unchanged_and_names_it(tmp_path, strict_home) -> None:
    store_path = tmp_path / "store"
    store = EmbeddedStore(store_path)
    try:
        ingest_file(ARTICLES / "korea-pipc-fine.txt", KOREA, Settings(store_path=store_path), store)
        before = _dump(store)
        strict = Settings(home=strict_home, store_path=store_path)
        with pytest.raises(ValidationFailed) as caught:
            ingest_file(ARTICLES / "irish-dpc-fine.txt", IRELAND, strict, store)
        assert _dump(store) == before
    finally:
        store.close()
    message = caught.value.message
    assert "nothing was written" in message
    assert "LegalActionNeedsDeadline" in message and "legal-action/" in message
    assert 'evidence: "The Data Protection Commission (DPC) has fined' in message


def test_cli_ingest_violation_exits_1(tmp_path, strict_home, capsys) -> None:
    store = tmp_path / "store"
    code = main(
        [
            "--home",
            str(strict_home),
            "--store",
            str(store),
            "-q",
            "ingest",
            str(ARTICLES / "irish-dpc-fine.txt"),
            "--date",
            "2024-06-14",
        ]
    )
    err = capsys.readouterr().err
    assert code == 1 and "do not conform" in err and "Traceback" not in err
    assert "LegalActionNeedsDeadline" in err
