"""Portfolio manifests: the agreements of a back catalogue, listed in YAML or CSV.

YAML (``portfolio.yaml``)::

    agreements:
      - id: acme-2025
        files: [acme/msa.pdf, acme/dpa.docx, acme/order-form.docx]
        counterparty: Acme AI Ltd
        notes: renewal due March 2026
      - id: nimbus-pilot
        files: nimbus/pilot-terms.pdf       # one file: a plain string will do

(a bare list of agreements is accepted too). CSV (``portfolio.csv``), with a
header row; several files are separated by ``;``::

    id,files,counterparty,notes
    acme-2025,acme/msa.pdf;acme/dpa.docx,Acme AI Ltd,renewal due March 2026

File names are relative to the manifest's folder; a folder named as a file
stands for the documents in it. Every problem is reported at once, each
naming ``file:line`` (:class:`ManifestError`). A file that does not exist is
not a manifest error: that agreement is reported ``not_assessable``.
"""

from __future__ import annotations

import csv
import difflib
import io
import os
from typing import Any

import yaml

from auditor.model import Agreement
from auditor.walk import find_documents

KEYS = ("id", "files", "counterparty", "notes")
FILE_SEPARATOR = ";"


class ManifestError(Exception):
    """A manifest that cannot be used; each problem is ``file:line: message``."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


def load_manifest(path: str | os.PathLike[str]) -> tuple[Agreement, ...]:
    """The agreements a ``.yaml``/``.yml`` or ``.csv`` manifest lists, in its order."""
    name = os.fspath(path)
    try:
        with open(name, encoding="utf-8-sig", newline="") as fh:
            text = fh.read()
    except (OSError, UnicodeDecodeError) as exc:
        raise ManifestError([f"{name}: cannot read the manifest ({getattr(exc, 'strerror', None) or exc})"]) from None
    base = os.path.dirname(name)
    if name.lower().endswith(".csv"):
        rows, problems = _csv_rows(name, text)
    elif name.lower().endswith((".yaml", ".yml")):
        rows, problems = _yaml_rows(name, text)
    else:
        raise ManifestError([f"{name}: a manifest is a .yaml, .yml or .csv file"])
    agreements, seen = [], {}
    for line, row in rows:
        agreement = _agreement(name, line, row, base, problems)
        if agreement is None:
            continue
        if agreement.id in seen:
            problems.append(f"{name}:{line}: id '{agreement.id}' is used twice (first at line {seen[agreement.id]})")
            continue
        seen[agreement.id] = line
        agreements.append(agreement)
    if not agreements and not problems:
        problems.append(f"{name}:1: no agreements listed")
    if problems:
        raise ManifestError(problems)
    return tuple(agreements)


def _agreement(name: str, line: int, row: dict[str, tuple[int, Any]], base: str,
               problems: list[str]) -> Agreement | None:
    before = len(problems)
    for key, (kline, _) in row.items():
        if key not in KEYS:
            problems.append(_unknown(name, kline, key))
    ident = row.get("id", (line, None))[1]
    if isinstance(ident, (int, float)) and not isinstance(ident, bool):
        ident = str(ident)
    if not isinstance(ident, str) or not ident.strip() or "\n" in ident:
        problems.append(f"{name}:{row.get('id', (line,))[0]}: every agreement needs an 'id' (one line of text)")
    fline, files = row.get("files", (line, None))
    if isinstance(files, str):
        files = [f for f in (p.strip() for p in files.split(FILE_SEPARATOR)) if f]
    if not isinstance(files, list) or not files or not all(isinstance(f, str) and f.strip() for f in files):
        label = f"agreement '{ident}'" if isinstance(ident, str) and ident.strip() else "agreement"
        problems.append(f"{name}:{fline}: {label}: 'files' must name at least one file")
    texts = {}
    for key in ("counterparty", "notes"):
        kline, value = row.get(key, (line, ""))
        if value is None:
            value = ""
        if not isinstance(value, (str, int, float)) or isinstance(value, bool):
            problems.append(f"{name}:{kline}: '{key}' must be text")
            value = ""
        texts[key] = str(value).strip()
    if len(problems) > before:
        return None
    return Agreement(str(ident).strip(), _resolve(files, base), texts["counterparty"], texts["notes"])


def _unknown(name: str, line: int, key: str) -> str:
    close = difflib.get_close_matches(str(key), KEYS, n=1)
    hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(KEYS)}"
    return f"{name}:{line}: unknown key '{key}'{hint}"


def _resolve(files: list[str], base: str) -> tuple[str, ...]:
    """Manifest file names as paths: relative to its folder; a folder stands for its documents."""
    out: list[str] = []
    for f in files:
        path = f.strip() if os.path.isabs(f.strip()) else os.path.normpath(os.path.join(base, f.strip()))
        out.extend(find_documents([path]).files if os.path.isdir(path) else [path])
    return tuple(out)


def _yaml_rows(name: str, text: str) -> tuple[list[tuple[int, dict[str, tuple[int, Any]]]], list[str]]:
    """Each agreement of a YAML manifest: its line and ``{key: (line, value)}``."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        return [], [f"{name}:{mark.line + 1 if mark else 1}: not valid YAML: {getattr(exc, 'problem', None) or exc}"]
    if isinstance(root, yaml.MappingNode):
        keys = {k.value: v for k, v in root.value if isinstance(k, yaml.ScalarNode)}
        unknown = [k for k in keys if k != "agreements"]
        if unknown or "agreements" not in keys:
            return [], [f"{name}:{root.start_mark.line + 1}: expected 'agreements:' and a list of agreements"]
        root = keys["agreements"]
    if not isinstance(root, yaml.SequenceNode):
        line = root.start_mark.line + 1 if root is not None else 1
        return [], [f"{name}:{line}: expected a list of agreements (id, files, counterparty, notes)"]
    rows, problems = [], []
    for item in root.value:
        line = item.start_mark.line + 1
        if not isinstance(item, yaml.MappingNode):
            problems.append(f"{name}:{line}: each agreement is a mapping of id, files, counterparty and notes")
            continue
        row = {}
        for key, value in item.value:
            row[str(key.value)] = (key.start_mark.line + 1, _plain(value))
        rows.append((line, row))
    return rows, problems


def _plain(node: yaml.Node) -> Any:
    """A YAML node as builtins, with scalars' types resolved as the safe loader does."""
    return yaml.SafeLoader(io.StringIO("")).construct_document(node)


def _csv_rows(name: str, text: str) -> tuple[list[tuple[int, dict[str, tuple[int, Any]]]], list[str]]:
    """Each data row of a CSV manifest: its line and ``{column: (line, value)}``."""
    reader = csv.reader(io.StringIO(text))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        return [], [f"{name}:1: empty; the first row names the columns: {', '.join(KEYS)}"]
    except csv.Error as exc:
        return [], [f"{name}:1: not valid CSV: {exc}"]
    problems = [_unknown(name, 1, h) for h in header if h and h not in KEYS]
    rows = []
    line = reader.line_num + 1
    while True:
        try:
            values = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(f"{name}:{line}: not valid CSV: {exc}")
            break
        if any(v.strip() for v in values):
            if len(values) > len(header):
                problems.append(f"{name}:{line}: {len(values)} values but {len(header)} columns")
            rows.append((line, {h: (line, v) for h, v in zip(header, values) if h in KEYS}))
        line = reader.line_num + 1
    return rows, problems
