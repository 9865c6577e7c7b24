"""`map`, `ingest` and `evaluate` from the command line, and what bad input does to them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Dataset, Graph
from testkit.articles import needs_articles

from privacy_kg.cli import main

ARTICLE = Path(__file__).parent / "articles" / "korea-pipc-fine.txt"


def test_map_prints_facts_json(capsys) -> None:
    assert (
        main(["-q", "map", str(ARTICLE), "--date", "2024-05-22", "--url", "https://example.org/a"])
        == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert (
        data["article"]["url"] == "https://example.org/a"
        and data["article"]["publisher"] == "example.org"
    )
    assert {a["kind"] for a in data["legal_actions"]} == {"fine", "order"}


@pytest.mark.parametrize(
    ("fmt", "parser"), [("turtle", "turtle"), ("trig", "trig"), ("jsonld", "json-ld")]
)
def test_map_prints_rdf(fmt, parser, capsys) -> None:
    assert main(["-q", "map", str(ARTICLE), "--date", "2024-05-22", "--format", fmt]) == 0
    out = capsys.readouterr().out
    graph = Dataset() if fmt != "turtle" else Graph()
    graph.parse(data=out, format=parser)
    assert len(graph) > 100


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    files = {
        "empty": b"",
        "binary": bytes(range(256)) * 4,
        "not-utf8": "Café société résumé données".encode("latin-1") * 20,
        "too-large": b"A regulator fined a company. " * 400_000,
        "nonsense": b"%%%% ### $$$ @@@ !!! ^^^ &&& *** ((( )))",
        "no-facts": b"The weather was mild on Tuesday and the trains ran on time in the region.",
    }
    out = {}
    for name, data in files.items():
        path = tmp_path / f"{name}.txt"
        path.write_bytes(data)
        out[name] = path
    return out


@pytest.mark.parametrize(
    "kind", ["empty", "binary", "not-utf8", "too-large", "nonsense", "no-facts"]
)
@pytest.mark.parametrize("command", ["map", "ingest"])
def test_bad_input_is_refused_cleanly(kind, command, tmp_path, capsys) -> None:
    path = _bad_inputs(tmp_path)[kind]
    store = tmp_path / "store"
    code = main(["--store", str(store), command, str(path), "--date", "2024-05-22"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err.startswith(f"privacy-kg {command}: ") and "Traceback" not in captured.err
    assert captured.out == ""
    assert not store.exists()  # nothing was written, not even an empty store


def test_no_traceback_in_a_real_process(tmp_path) -> None:
    path = _bad_inputs(tmp_path)["binary"]
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from privacy_kg.cli import main; sys.exit(main(sys.argv[1:]))",
            "map",
            str(path),
        ],
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2 and "binary" in proc.stderr and "Traceback" not in proc.stderr


def test_evaluate_prints_the_table(capsys) -> None:
    needs_articles()
    assert main(["evaluate"]) == 0
    out = capsys.readouterr().out
    assert "overall (micro)" in out and "legal_actions" in out and "Missed" in out


def test_evaluate_without_articles_is_a_clear_error(tmp_path, capsys) -> None:
    assert main(["evaluate", str(tmp_path)]) == 2
    assert "none of the hand-mapped articles" in capsys.readouterr().err
