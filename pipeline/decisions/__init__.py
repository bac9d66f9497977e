"""decisions: decided, directed and committed actions, one span per action clause.

doc.spans["decisions"]: each span is the shortest clause carrying the action and
its object (GUIDELINE.md "Decisions"), with span._.kind, ._.trigger, ._.actor,
._.responsible and ._.deadline (a span of doc.spans["deadlines"] or None).

How a decision is found, on the dependency parse, each rule a function below
(earlier rules win where two find the same action):
- clause triggers ("decided to X", "agreed that X would Y", "vowed to X",
  "announced that X is set to Y"): the governed clause is the action, the
  trigger stays outside the span;
- directives ("directed X to Y", "X was asked to Y", "ordered that X be Y",
  "ordered the release of Z", "gave directions to X to Y", "sought a report
  from X", "gave X one week to Y"): the action is Y (or Z), X is responsible;
- approvals ("approved A, B and C", "gave the go-ahead to A", "signed off on
  A", "other decisions included A and B"): the first span starts at the
  trigger, one decision per approved item;
- acts of the body itself ("the committee constituted a panel"), passive
  approvals ("X was approved"), and future clauses ("X will be set up",
  "he said the ministry would Y"); ', with X to be done by June' after a
  decision is one too;
- items of a list introduced by a decision lead-in ("Other decisions: - A; - B"),
  and present-tense verbs of the headline ("ECC clears ...").
Not decisions: briefings, emphasis, appeals (urged, called on), facts and
completed actions, reaffirmations, deferrals, comments and rhetoric.
Coordinated actions become separate decisions. Cue words live in
patterns/decision_cues.json; parse-only helpers in pipeline/clauses.

The package, by concern:
  cues.py        the cue words (patterns/decision_cues.json + the lexicon) as a typed `Cues`
  candidates.py  `Found`: a candidate decision (token range, kind, trigger, actor token, rule)
  extent.py      how far a decided clause or an approved item reaches
  subjects.py    who a clause's subject is (the trigger's subject, titles, people's names)
  rules/         the rule families by priority (rules/__init__.py), one module per family
  actors.py      a candidate's actor as the record names it (body, chair, person, phrase)
  linking.py     the deadline that bounds a decision
  component.py   find_candidates -> keep_by_priority -> fill_gaps -> Spans; the factory
A learned decider plugs in between `find_candidates` and the spans: it gets every
family's candidates (with `Found.rule`) and decides which to keep.
"""
from pipeline.decisions.candidates import Found
from pipeline.decisions.component import (
    SPAN_KEY,
    DecisionFinder,
    find_candidates,
    find_decisions,
    keep_by_priority,
    make_decisions,
)
from pipeline.decisions.cues import CUES_FILE, Cues, load_cues
from pipeline.decisions.rules.lists import item_parts, list_has_decision_lead_in

__all__ = [
    "CUES_FILE",
    "Cues",
    "DecisionFinder",
    "Found",
    "SPAN_KEY",
    "find_candidates",
    "find_decisions",
    "item_parts",
    "keep_by_priority",
    "list_has_decision_lead_in",
    "load_cues",
    "make_decisions",
]
