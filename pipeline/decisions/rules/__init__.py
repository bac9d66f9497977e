"""The rule families of the decisions component, in priority order.

Each token rule is `rule(token, cues, body_words) -> list[Found]`; each whole-text
pass is `rule(doc, cues, kept) -> list[Found]` and sees what was kept before it.
A token rule that fires only on certain words names them (`Rule.triggers`: the cue
lists its first test reads) and is not called on other tokens: ten rules tried on
every token were most of the component's time.
Where two candidates overlap, the family earlier in `TOKEN_FAMILIES` wins; the
passes of `DOC_PASSES` only fill gaps, in their order. A new rule goes into the
family it belongs to (or a new family at its priority); nothing else changes.

  clause_trigger     decided to X, agreed that X would Y, vowed to X, made a pledge of $X
  directive          directed X to Y, sought a report from X, gave directions to X, called upon X to Y
  approval           approved A, B and C; other decisions included A and B
  body_act           the committee constituted a panel
  passive_approval   X was approved, a committee was set up
  future_clause      X will be set up, he said the ministry would Y
  with_clause        ..., with both buildings to be completed by June   (after a kept decision)
  misparsed_lede     The commissioner on Tuesday directed officials to ...  (read from the words)
  list_item          items of a list under a decision lead-in
  headline           present-tense verbs of the headline ('ECC clears ...')
"""
from dataclasses import dataclass
from typing import Callable

from spacy.tokens import Doc, Token

from pipeline.decisions.candidates import Found
from pipeline.decisions.cues import Cues
from pipeline.decisions.rules.approvals import approval_decisions, listed_decisions
from pipeline.decisions.rules.body_acts import body_action_decisions, passive_approval_decisions
from pipeline.decisions.rules.clause_triggers import clause_trigger_decisions, pledge_decisions
from pipeline.decisions.rules.directives import (
    call_upon_decisions,
    directive_decisions,
    misparsed_lede_directives,
    noun_directive_decisions,
    report_request_decisions,
)
from pipeline.decisions.rules.future import future_clause_decisions
from pipeline.decisions.rules.headline import headline_decisions
from pipeline.decisions.rules.lists import list_item_decisions
from pipeline.decisions.rules.with_clauses import absolute_clause_decisions

TokenRule = Callable[[Token, Cues, frozenset], list[Found]]
DocRule = Callable[[Doc, Cues, list[Found]], list[Found]]


def token_only(rule: Callable[[Token, Cues], list[Found]]) -> TokenRule:
    """A rule that needs no body words, in the common signature."""
    return lambda token, cues, body_words: rule(token, cues)


@dataclass(frozen=True)
class Rule:
    find: TokenRule
    # The words (lowercase lemma or form) the rule can fire on, from the cues; None: any token.
    triggers: Callable[[Cues], frozenset] | None = None

    def trigger_words(self, cues: Cues) -> frozenset | None:
        return None if self.triggers is None else self.triggers(cues)


@dataclass(frozen=True)
class Family:
    name: str  # recorded on each candidate (Found.rule) for error analysis
    rules: tuple[Rule, ...]


@dataclass(frozen=True)
class Pass:
    name: str
    rule: DocRule
    gaps_only: bool = True  # drop what overlaps a decision kept before this pass


TOKEN_FAMILIES: tuple[Family, ...] = (
    Family("clause_trigger", (
        Rule(token_only(clause_trigger_decisions), lambda cues: cues.decide | cues.commit | cues.announce),
        Rule(token_only(pledge_decisions), lambda cues: frozenset({"make"})),
    )),
    Family("directive", (
        Rule(token_only(directive_decisions), lambda cues: cues.directive),
        Rule(token_only(report_request_decisions), lambda cues: cues.report_request_verbs),
        Rule(token_only(noun_directive_decisions), lambda cues: cues.directive_noun_verbs),
        Rule(token_only(call_upon_decisions), lambda cues: frozenset({"call"})),
    )),
    Family("approval", (
        Rule(token_only(approval_decisions), lambda cues: cues.approval | cues.approval_give_verbs | {"sign"}),
        Rule(token_only(listed_decisions), lambda cues: cues.list_verbs),
    )),
    Family("body_act", (Rule(body_action_decisions, lambda cues: cues.body_actions),)),
    Family("passive_approval", (
        Rule(token_only(passive_approval_decisions), lambda cues: cues.passive_approvals | cues.approval_give_verbs),
    )),
    Family("future_clause", (Rule(future_clause_decisions),)),
)

DOC_PASSES: tuple[Pass, ...] = (
    Pass("with_clause", lambda doc, cues, kept: absolute_clause_decisions(doc, kept, cues)),
    Pass("misparsed_lede", lambda doc, cues, kept: misparsed_lede_directives(doc, cues)),
    Pass("list_item", lambda doc, cues, kept: list_item_decisions(doc, cues, kept), gaps_only=False),  # checks itself
    Pass("headline", lambda doc, cues, kept: headline_decisions(doc, cues)),
)
