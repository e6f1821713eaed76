"""The agreements of a back catalogue, and the audit of one agreement.

A risk team's archive holds agreements, each made of one or more files (an
MSA, its DPA, an order form). This package says which files make which
agreement and audits one agreement to one report; the command line, the
parallel runner (:mod:`auditor.runner`) and any register of results build
on these calls::

    from auditor.catalogue import Agreement, audit_agreement, load_manifest
    from auditor.rules import load_ruleset

    ruleset = load_ruleset()
    for agreement in load_manifest("portfolio.yaml").agreements:
        report = audit_agreement(agreement, ruleset)   # a DocumentReport
        print(report.agreement.id, report.verdict, report.topics)

* :class:`Agreement` (``id``, ``files``, ``counterparty``, ``notes``) is a
  frozen record (it lives in :mod:`auditor.model`, beside the reports that
  carry it as ``DocumentReport.agreement``);
* :func:`load_manifest` reads a YAML or CSV manifest (errors name
  ``file:line``), :func:`from_bundle_dirs` takes each sub-folder of a
  folder as one agreement, :func:`from_paths` makes one agreement per file
  (or one of all of them, as ``--bundle`` does); each returns a
  :class:`Catalogue`: the agreements in order, and the files a folder walk
  left out with the reason (:class:`~auditor.walk.Skipped`);
* :func:`audit_agreement` audits one agreement: one file on its own,
  several as a bundle. A file that is missing or unreadable makes that
  agreement ``not_assessable`` with the reason; it never raises.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace

from auditor.model import Agreement, DocumentReport, IngestError
from auditor.rules import RuleSet
from auditor.walk import Skipped, find_documents, left_out, walk_folder

from .manifest import ManifestError
from .manifest import load_manifest as _load_manifest_agreements

__all__ = ["Agreement", "Catalogue", "ManifestError", "Skipped", "audit_agreement", "from_bundle_dirs",
           "from_paths", "load_manifest"]


@dataclass(frozen=True)
class Catalogue:
    """Agreements to audit, in order, and what a folder walk left out (with reasons)."""

    agreements: tuple[Agreement, ...]
    skipped: tuple[Skipped, ...] = ()


def load_manifest(path: str | os.PathLike[str]) -> Catalogue:
    """The agreements a YAML or CSV manifest lists (raises :class:`ManifestError`)."""
    return Catalogue(_load_manifest_agreements(path))


def from_paths(paths: list[str] | tuple[str, ...], *, bundle: bool = False, exclude: tuple[str, ...] = ()) -> Catalogue:
    """One agreement per file named or found in the folders named (its id is its path);
    with ``bundle``, one agreement of all of them (its id their paths joined by " + ")."""
    found = find_documents(paths, exclude)
    files = found.files
    if bundle and files:
        return Catalogue((Agreement(" + ".join(files), files),), found.skipped)
    return Catalogue(tuple(Agreement(f, (f,)) for f in files), found.skipped)


def from_bundle_dirs(dirs: list[str] | tuple[str, ...], *, exclude: tuple[str, ...] = ()) -> Catalogue:
    """Each sub-folder of each folder named is one agreement (its id the sub-folder's name,
    its files the documents in it, searched recursively); a document lying directly in a
    folder named is an agreement of its own. A sub-folder without documents is still an
    agreement, reported not assessable. ``exclude`` globs are matched below each folder named."""
    agreements: list[Agreement] = []
    skipped: list[Skipped] = []
    for top in dirs:
        if not os.path.isdir(top):
            agreements.append(Agreement(top, (top,)))
            continue
        for name in sorted(os.listdir(top)):
            path = os.path.join(top, name)
            is_dir = os.path.isdir(path)
            why = left_out(name, is_dir, exclude)
            if why is not None:
                skipped.append(Skipped(path + (os.sep if is_dir else ""), *why))
            elif is_dir:
                inner = walk_folder(path, exclude, prefix=name + "/")
                skipped.extend(inner.skipped)
                agreements.append(Agreement(name, inner.files))
            else:
                agreements.append(Agreement(name, (path,)))
    return Catalogue(_unique_ids(agreements), tuple(skipped))


def _unique_ids(agreements: list[Agreement]) -> tuple[Agreement, ...]:
    """Keep each id unique: a repeated folder name is replaced by the agreement's folder path."""
    counts: dict[str, int] = {}
    for a in agreements:
        counts[a.id] = counts.get(a.id, 0) + 1
    return tuple(a if counts[a.id] == 1 else replace(a, id=os.path.dirname(a.files[0]) if a.files else a.id)
                 for a in agreements)


def audit_agreement(agreement: Agreement, ruleset: RuleSet, **load_options: object) -> DocumentReport:
    """The report of one agreement (``load_options`` as for :func:`auditor.ingest.load_document`).

    One file is audited on its own, several as one bundle; the report carries
    the agreement (``report.agreement``). Never raises for a bad file.
    """
    from auditor.engine import not_assessable
    from auditor.pipeline import audit_bundle, audit_path

    files = list(agreement.files)
    if not files:
        report = not_assessable(agreement.id, IngestError("empty", "no documents in this agreement"))
    elif len(files) == 1:
        report = audit_path(files[0], ruleset, **load_options)
    else:
        report = audit_bundle(files, ruleset, **load_options)
    return replace(report, agreement=agreement)
