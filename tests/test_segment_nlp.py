"""Segmenter, sentence rules, definitions, parties and durations on real text."""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from auditor.engine.durations import UNTIL_DELETED, find_durations, same_period
from auditor.engine.references import parse_refs, section_in, top_section
from auditor.ingest.blocks import clause_start
from auditor.nlp import sentence_spans
from auditor.nlp.definitions import definitions_in
from auditor.nlp.parties import find_parties, first_person_role
from auditor.nlp.stem import stem
from auditor.pipeline import audit_text, document_from_text
from auditor.segment import segment


def _sents(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans([text])[0]]


def test_legal_abbreviations_do_not_break_sentences():
    text = ("Provider shall, e.g. under Sec. 5.2(a) of the U.S. Order No. 7, retain data for Acme Inc. "
            "only as set out in Schedule 2. The Customer may audit (a) logs and (b) records.")
    assert _sents(text) == [
        "Provider shall, e.g. under Sec. 5.2(a) of the U.S. Order No. 7, retain data for Acme Inc. only as set out in Schedule 2.",
        "The Customer may audit (a) logs and (b) records.",
    ]


def test_sections_subclauses_annexes_and_headings():
    text = "\n\n".join([
        "MASTER SERVICES AGREEMENT", "5. DATA RETENTION",
        "5.1 Retention. Provider retains Inputs for 30 days. It then deletes them.",
        "(a) batch input files;", "(i) including copies;", "(b) batch output files.",
        "Section 7 Audit", "Customer may audit Provider once a year.",
        "Schedule 2 - Data Processing Terms", "1.3 The Processor shall act on instructions.",
        "Annex II", "Technical measures apply.",
    ])
    clauses = segment(document_from_text(text)).clauses
    got = [(c.kind, c.section, c.heading) for c in clauses]
    assert got == [
        ("heading", None, "MASTER SERVICES AGREEMENT"),
        ("heading", "5", "DATA RETENTION"),
        ("clause", "5.1", "Retention"),
        ("clause", "5.1(a)", "DATA RETENTION"),
        ("clause", "5.1(a)(i)", "DATA RETENTION"),
        ("clause", "5.1(b)", "DATA RETENTION"),
        ("heading", "7", "Audit"),
        ("clause", "7", "Audit"),
        ("heading", "Schedule 2", "Data Processing Terms"),
        ("clause", "Schedule 2, 1.3", "Data Processing Terms"),
        ("heading", "Annex II", "Annex II"),
        ("clause", "Annex II", "Annex II"),
    ]
    c = clauses[2]
    assert [s.text for s in c.sentences] == ["Retention.", "Provider retains Inputs for 30 days.", "It then deletes them."]
    doc_text = document_from_text(text).text
    for clause in clauses:
        assert doc_text[clause.start:clause.end] == clause.text
        for s in clause.sentences:
            assert doc_text[s.start:s.end] == s.text


def test_section_sign_labels_with_decimals_and_paragraph_words():
    lines = [
        "§ 4 para. 1 The Contractor processes Client Data only on documented instructions.",
        "§ 4 para. 2 The Contractor keeps Client Data confidential.",
        "§ 11.1 The Contractor shall encrypt Client Data.",
        "§ 11.3 Result files are kept for 30 days, as § 11.1 requires.",
    ]
    # A line of a text file that starts so starts a clause, blank line or not ...
    assert [(m.label, m.rest.split()[0]) for m in map(clause_start, lines)] == [
        ("4(1)", "The"), ("4(2)", "The"), ("11.1", "The"), ("11.3", "Result")]
    # ... and the clause is cited by it.
    clauses = segment(document_from_text("\n\n".join(lines))).clauses
    assert [c.section for c in clauses] == ["4(1)", "4(2)", "11.1", "11.3"]


def test_annex_title_in_sentence_case_is_a_heading():
    text = "Annex II \u2013 Technical and organisational measures\n\n1. Encryption at rest.\n\nScope note: measures 1 to 6 apply."
    clauses = segment(document_from_text(text)).clauses
    assert (clauses[0].kind, clauses[0].section, clauses[0].heading) == ("heading", "Annex II", "Technical and organisational measures")
    assert all(c.heading == "Technical and organisational measures" for c in clauses[1:])


def test_section_references_and_ranges():
    assert parse_refs("Sections 5 to 8 and Section 10.2(b) apply, as does Schedule 2.") == ["5", "6", "7", "8", "10.2(b)", "Schedule 2"]
    assert parse_refs("Clauses 4.1 through 4.3") == ["4.1", "4.2", "4.3"]
    assert section_in("5.2(a)", "5", None) and not section_in("15.2", "5", None)
    assert section_in("Schedule 2, 1.3", "Schedule 2", None)
    assert top_section("Schedule 2, 5.2(a)") == "Schedule 2, 5"


def test_definitions_forms():
    forms = {
        '"Customer Data" means all inputs.': "Customer Data",
        "\u201cBatch Job\u201d shall mean an asynchronous request.": "Batch Job",
        "Inputs and Outputs (together, the \"Content\") are confidential.": "Content",
        "Processing Modes: means synchronous and batch modes.": "Processing Modes",
    }
    for text, term in forms.items():
        assert [d.term for d in definitions_in(text, 0, "c1")] == [term], text


def test_pronouns_and_unquoted_includes_define_nothing():
    assert definitions_in("That includes batch input files and batch output files.", 0, "c1") == []
    assert definitions_in("Customer Data includes logs.", 0, "c1") == []
    assert [d.term for d in definitions_in("Customer Data means all inputs.", 0, "c1")] == ["Customer Data"]


def test_parties_from_preamble():
    p = find_parties('This Agreement is between Nimbus AI Ltd ("Nimbus") and Harbour Bank plc (the "Bank").',
                     ("provider",), ("customer", "bank"))
    assert p.provider == ("Nimbus",) and p.customer == ("Bank",)


def test_party_roles_from_company_names_come_from_the_rule_set():
    vocab = _rules().vocabulary
    text = 'between Orbital Labs Inc. ("Orbital") and Westmarch Mutual plc ("Westmarch").'
    args = (vocab["provider_parties"], vocab["customer_parties"])
    found = find_parties(text, *args, vocab["provider_name_hints"], vocab["customer_name_hints"])
    assert found.provider == ("Orbital",) and found.customer == ("Westmarch",)
    assert find_parties(text, *args) == find_parties(text, *args, (), ())
    assert find_parties(text, *args).provider == ()


def test_unquoted_role_and_a_name_read_only_from_its_own_words():
    vocab = _rules().vocabulary
    text = ("This Contract is made between Coral Sea Retirement Trust Pty Ltd (ABN 58 611 402 937) as trustee of "
            'the Coral Sea Super Fund (the Customer) and Nimbus Ledger AI Pty Ltd (ABN 26 658 310 775) ("Nimbus").')
    found = find_parties(text, vocab["provider_parties"], vocab["customer_parties"],
                         vocab["provider_name_hints"], vocab["customer_name_hints"])
    # "(the Customer)" gives the first company its role; the fund's words before
    # "and" are not part of Nimbus's name, so they cannot make Nimbus the customer.
    assert found.provider == ("Nimbus",) and found.customer == ("Customer",)


def test_durations_normalised():
    days = lambda t: [d.days for d in find_durations(t)]  # noqa: E731
    assert days("thirty (30) days") == [30.0]
    assert same_period(days("one (1) year")[0], days("12 months")[0])
    assert not same_period(days("29 days")[0], days("30 days")[0])
    assert days("kept until deleted by Customer") == [UNTIL_DELETED]
    assert days("72 hours") == [3.0]
    # a translation's cells keep the original's units
    assert days("29 dias (arquivos de entrada)") == [29.0]
    assert days("30 días") == days("30 jours") == [30.0]
    assert same_period(days("12 meses")[0], days("one year")[0]) and days("48 horas") == [2.0]
    assert days("Messages are sent 3 times") == [] and days("12 mesh nodes") == []


def test_stem_folds_inflections_only():
    assert {stem(w) for w in ("retain", "retains", "retained", "retaining")} == {"retain"}
    assert stem("deletion") != stem("delete")
    assert stem("Batches") == stem("batch")


def test_party_named_in_preamble_is_the_actor():
    text = ('This Agreement is between Orbital Labs Inc. ("Orbital") and Harbour Bank plc (the "Bank").\n\n'
            "9.1 The Bank shall delete all inputs and outputs of batch jobs from its own systems.")
    assert audit_text(text, _rules().only({"deletion"})).topics["deletion"] == "missing"
    text2 = text.replace("The Bank shall", "Orbital shall")
    assert audit_text(text2, _rules().only({"deletion"})).topics["deletion"] == "covered"


def test_who_we_are_from_how_the_pronouns_are_used():
    """With no pronoun defined, the party that sends the files and owns the data is the buyer; the
    one bound to keep and delete them the vendor, whichever pronoun each has."""
    cues = _rules().cues.categories
    vocab = _rules().vocabulary
    words = (vocab["provider_parties"], vocab["customer_parties"])
    verbs = {"supply": cues["supply_verb"].phrases, "custody": cues["custody_verb"].phrases}
    buyer = ("We upload a file of requests and you return a results file. You will store our data in the UK "
             "and you will tell us of any breach.")
    vendor = "You upload your files to the Batch API. We delete your content within 30 days and we will notify you."
    assert first_person_role("", *words, body=buyer, **verbs) == "customer"
    assert first_person_role("", *words, body=vendor, **verbs) == "provider"
    assert first_person_role("", *words, body="", **verbs) == "provider"  # vendor paper unless the text says otherwise
    # (what the vendor runs is its own: "our asynchronous file endpoint" is no data of the buyer's)
    assert first_person_role("", *words, body="Job results from our asynchronous file endpoint are kept 7 days.",
                             **verbs) == "provider"
    # A definition of the pronouns decides before any usage does.
    defined = '"We" means Harbour Bank plc and "you" means Orbital Labs Inc.'
    assert first_person_role(defined, *words, vocab["provider_name_hints"], vocab["customer_name_hints"],
                             body=vendor, **verbs) == "customer"
    text = ("7.3 You will store and process all Society Data only in UK data centres, batch jobs included.\n"
            "7.4 We will upload batch files each night.")
    assert audit_text(text, _rules().only({"residency"})).topics["residency"] == "covered"
    assert audit_text(text.replace("7.4 We will upload", "7.4 You will upload"),
                      _rules().only({"residency"})).topics["residency"] == "missing"


def test_storage_in_a_prevailing_file_does_not_settle_where_batch_is_processed(tmp_path):
    """An order form that prevails lists the batch service under "Storage Geography"; the service terms
    let batch jobs run in any geography. The order form fixes where files are kept, not where jobs run:
    the two do not conflict, and batch may be processed outside the region."""
    from auditor.pipeline import audit_bundle
    order = tmp_path / "order-form.md"
    order.write_text("This Order Form is governed by the Service Terms. If they conflict, this Order Form prevails.\n\n"
                     "| Service | Storage Geography |\n|---|---|\n| On-Demand Inference | United States |\n"
                     "| Batch Inference | United States |\n", encoding="utf-8")
    terms = tmp_path / "service-terms.txt"
    terms.write_text("62.1 We store and process Your Content in the Geography you select.\n"
                     "62.3 To balance demand, we may run Batch Inference jobs on capacity in any Cirrane geography; "
                     "input files and output files are stored at rest in the Geography you select.\n", encoding="utf-8")
    rules = _rules().only({"residency"})
    report = audit_bundle([str(order), str(terms)], rules)
    assert report.topics["residency"] == "excluded"
    quoted = [e.text for f in report.findings if f.topic == "residency" for e in f.evidence]
    assert any("any Cirrane geography" in q for q in quoted)
    # Without the leave to run batch jobs anywhere, the batch row keeps batch in the region.
    terms.write_text("62.1 We store and process Your Content in the Geography you select.\n", encoding="utf-8")
    assert audit_bundle([str(order), str(terms)], rules).topics["residency"] == "covered"


def _rules():
    from auditor.rules import load_ruleset
    return load_ruleset()


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_no_text_crashes_the_segmenter_or_engine(text):
    report = audit_text(text, _rules())
    assert report.verdict in ("gaps_found", "not_assessable", "ready_for_signoff")
    assert set(report.topics) <= set(_rules().topics)
