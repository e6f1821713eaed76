"""The back-catalogue generator (benchmarks/catalogue.py) at a few agreements: the same seed
writes the same files, and each broken file is reported with its reason while the rest are
audited."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

from conftest import ROOT, cli
from test_archives import SOFFICE, need


def _generator():
    spec = importlib.util.spec_from_file_location("catalogue_generator", ROOT / "benchmarks" / "catalogue.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def test_catalogue_is_deterministic_and_its_broken_files_are_reported(tmp_path: Path) -> None:
    need(SOFFICE, "LibreOffice (it writes the catalogue's .doc and .rtf)")
    generator = _generator()
    manifest = generator.build(tmp_path / "a", n=7, seed=3)
    assert _digest(tmp_path / "a") == _digest(generator.build(tmp_path / "b", n=7, seed=3).parent)
    # 25 s: several times what the longest good or legacy file takes; the hanging file needs minutes.
    result = cli("audit", "--format", "json", "--jobs", "2", "--max-memory-mb", "1024", "--timeout-s", "25",
                 "--manifest", manifest)
    assert result.exit_code == 2, result.output
    docs = {d["agreement"]["id"]: d for d in json.loads(result.stdout)["documents"]}
    assert len(docs) == 7 and all(d["agreement"]["counterparty"] for d in docs.values())
    broken = {ident.split("-", 2)[2]: d for ident, d in docs.items() if ident.count("-") >= 2}
    assert sorted(broken) == sorted(generator.BROKEN)
    assert broken["legacy-doc"]["format"] == "doc" and broken["legacy-doc"]["verdict"] == "gaps_found"
    assert broken["legacy-rtf"]["format"] == "rtf" and broken["legacy-rtf"]["verdict"] == "gaps_found"
    assert broken["scanned"]["errors"][0]["code"] == "no_text"
    assert broken["zip-bomb"]["errors"][0]["code"] == "unsafe"
    assert broken["exploding"]["errors"][0]["code"] in ("worker_died", "out_of_memory", "timeout")
    assert broken["hanging"]["errors"] == [{"code": "timeout", "message": "reading it took longer than 25 s; "
                                                                          "stopped (the limit is --timeout-s)"}]
    others = [d for ident, d in docs.items() if ident.count("-") < 2]
    assert others and all(d["verdict"] != "not_assessable" and 5 <= (d["pages"] or 5) for d in others)
