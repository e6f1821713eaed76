"""Score a blind round (labels.yaml + cases.yaml) with whatever version of auditor is on
sys.path, so that an older version can be measured on a new round too:

    PYTHONPATH=/path/to/old/checkout python scripts/score_blind_round.py ROUND_DIR OUT.json

Each clause case is written to a .txt file and audited as one; bundles are audited as one
agreement. Prints the share of topic statuses exact and the false "covered" count, for the
agreements, the cases and both together; OUT.json keeps every (name, topic, expected, got)."""
import json, sys, tempfile, os
from pathlib import Path
import yaml
from auditor.rules import load_ruleset
from auditor.pipeline import audit_path, audit_bundle

base = Path(sys.argv[1]); out = sys.argv[2]
rs = load_ruleset()
res = {"docs": [], "cases": []}
labels = yaml.safe_load((base / "labels.yaml").read_text())["documents"]
for name, entry in sorted(labels.items()):
    files = entry.get("files") or [name]
    rep = audit_path(str(base / files[0]), rs) if len(files) == 1 else audit_bundle([str(base / f) for f in files], rs)
    for t, exp in entry["topics"].items():
        res["docs"].append([name, t, exp, rep.topics.get(t, "not_assessed")])
cases = yaml.safe_load((base / "cases.yaml").read_text())["cases"]
with tempfile.TemporaryDirectory() as d:
    for c in cases:
        p = os.path.join(d, c["id"] + ".txt")
        Path(p).write_text(c["text"], encoding="utf-8")
        rep = audit_path(p, rs)
        for t, exp in c["expect"].items():
            res["cases"].append([c["id"], t, exp, rep.topics.get(t, "not_assessed")])
json.dump(res, open(out, "w"), indent=0)
def score(rows):
    n = len(rows); ok = sum(r[2] == r[3] for r in rows); fc = sum(r[3] == "covered" and r[2] != "covered" for r in rows)
    return n, ok, fc
for k in ("docs", "cases"):
    n, ok, fc = score(res[k])
    print(f"{k}: {ok}/{n} = {ok/n:.1%} exact, false covered {fc}")
n, ok, fc = score(res["docs"] + res["cases"])
print(f"all: {ok}/{n} = {ok/n:.1%} exact, false covered {fc}")
