"""The register of agreements: results kept between runs, and a portfolio built from them.

* :mod:`.schema`    the SQLite file: checked to be a register, versioned, migrated explicitly;
* :mod:`.keys`      what a result depends on (files and their SHA-256, rule set, tool, options);
* :mod:`.records`   the frozen records stored and read back;
* :mod:`.store`     :class:`Register`: look up, store, runs and the history of each topic;
* :mod:`.portfolio` the agreement-by-topic matrix, counts and worst gaps.

The register depends on the model (:mod:`auditor.model`) and its JSON only:
results are stored as :meth:`DocumentReport.to_dict` JSON and read back with
:meth:`DocumentReport.from_dict`. Decision states are computed by the caller
(from :mod:`auditor.review`) and handed in as :class:`TopicDecision` records;
the portfolio's renderers are in ``auditor/report/``.
"""

from __future__ import annotations

from .keys import AgreementInputs, FileDigest, agreement_id, build_digest, file_digest, options_json
from .records import DecisionsRead, RulesetContext, StoredAgreement, TopicDecision, TopicEntry
from .schema import SCHEMA_VERSION, RegisterError
from .store import Register, RunRecord

__all__ = ["SCHEMA_VERSION", "AgreementInputs", "DecisionsRead", "FileDigest", "Register", "RegisterError",
           "RulesetContext", "RunRecord", "StoredAgreement", "TopicDecision", "TopicEntry", "agreement_id",
           "build_digest", "file_digest", "options_json"]
