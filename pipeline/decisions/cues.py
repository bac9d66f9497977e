"""Cue words of the decisions component: patterns/decision_cues.json (renamed to what each rule asks) with the lexicon's weekdays and role heads."""
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import read_json
from pipeline.lexicon import load_lexicon
from pipeline.targets import WORDS_PATH as TARGET_WORDS_PATH

CUES_FILE = Path(__file__).parent.parent / "patterns" / "decision_cues.json"


@dataclass(frozen=True)
class Cues:
    decide: frozenset
    commit: frozenset
    directive: frozenset
    directive_noun_objects: frozenset
    directive_that_free: frozenset
    directive_infinitive_only: frozenset
    approval: frozenset
    approval_give_objects: frozenset
    approval_give_verbs: frozenset
    report_request_verbs: frozenset
    directive_noun_verbs: frozenset
    directive_nouns: frozenset
    commentators: frozenset
    list_verbs: frozenset
    list_decision_subjects: frozenset
    list_directive_subjects: frozenset
    report_request_objects: frozenset
    sign_particles: frozenset
    body_actions: frozenset
    body_non_objects: frozenset
    chair_actions: frozenset
    announce: frozenset
    set_to: frozenset
    emphasis_heads: frozenset
    body_non_particles: frozenset
    pledge_nouns: frozenset
    commitment_objects: frozenset
    passive_approvals: frozenset
    modals: frozenset
    reporting: frozenset
    commitment_reporting: frozenset
    blocked_subjects: frozenset
    blocked_future_verbs: frozenset
    government_subjects: frozenset
    obligation_modals: frozenset
    meeting_nouns: frozenset
    instrument_subjects: frozenset
    government_organs: frozenset
    appeal_passives: frozenset
    body_nouns: frozenset
    body_acts: frozenset
    chair_titles: tuple
    body_pronouns: frozenset
    person_pronouns: frozenset
    list_lead_words: frozenset
    cut_words: frozenset
    not_subjects: frozenset
    role_heads: frozenset
    headline_max_words: int
    headline_directives: frozenset
    headline_non_decisions: frozenset
    headline_noun_verbs: frozenset
    appeal_addressees: frozenset
    directive_self_contained: frozenset
    debris_prefixes: tuple
    goal_nouns: frozenset  # the targets' ('The policy's goals include:' lists goals, not decisions)


def load_cues(path: str | Path | None = None, lexicon_path: str | Path | None = None) -> Cues:
    data = read_json(Path(path) if path else CUES_FILE)
    lexicon = load_lexicon(lexicon_path)
    words = lambda key: frozenset(w.lower() for w in data[key])  # noqa: E731
    return Cues(
        decide=frozenset(data["clause_triggers"]["decision"]),
        commit=frozenset(data["clause_triggers"]["commitment"]),
        directive=words("directive_triggers"),
        directive_noun_objects=words("directive_noun_objects_ok"),
        directive_that_free=words("directive_that_clause_free"),
        directive_infinitive_only=words("directive_infinitive_only"),
        approval=words("approval_triggers"),
        approval_give_objects=words("approval_give_objects"),
        approval_give_verbs=words("approval_give_verbs"),
        report_request_verbs=words("report_request_verbs"),
        directive_noun_verbs=words("directive_noun_verbs"),
        directive_nouns=words("directive_nouns"),
        commentators=words("commentator_speakers"),
        list_verbs=frozenset(data["decision_list"]["verbs"]),
        list_decision_subjects=frozenset(data["decision_list"]["decision_subjects"]),
        list_directive_subjects=frozenset(data["decision_list"]["directive_subjects"]),
        report_request_objects=words("report_request_objects"),
        sign_particles=words("approval_sign_particles"),
        body_actions=words("body_action_verbs"),
        body_non_objects=words("body_action_non_objects"),
        chair_actions=words("chair_actions"),
        announce=words("announce_clause_triggers"),
        set_to=words("set_to_verbs"),
        emphasis_heads=words("emphasis_commitment_heads"),
        body_non_particles=words("body_action_non_particles"),
        pledge_nouns=words("commitment_pledge_nouns"),
        commitment_objects=words("commitment_object_verbs"),
        passive_approvals=words("passive_approval_verbs"),
        modals=words("future_modals"),
        reporting=words("reporting_verbs"),
        commitment_reporting=words("commitment_reporting_verbs"),
        blocked_subjects=words("blocked_subject_words"),
        blocked_future_verbs=words("future_clause_blocked_verbs"),
        government_subjects=words("government_subjects"),
        obligation_modals=words("obligation_modals"),
        meeting_nouns=words("meeting_nouns"),
        instrument_subjects=words("instrument_subjects"),
        government_organs=words("government_organ_nouns"),
        appeal_passives=words("appeal_passive_verbs"),
        body_nouns=words("body_nouns"),
        body_acts=words("body_acts"),
        chair_titles=tuple(sorted(data["chair_titles"], key=len, reverse=True)),
        body_pronouns=words("subject_pronouns_body"),
        person_pronouns=words("subject_pronouns_person"),
        list_lead_words=words("list_lead_words"),
        cut_words=words("trailing_cut_marks"),
        not_subjects=words("not_subjects") | frozenset(lexicon.weekdays),  # 'on Friday' read as the subject
        role_heads=frozenset(word.lower() for word in lexicon.role_heads),
        headline_max_words=int(data["headline"]["max_words"]),
        headline_directives=frozenset(data["headline"]["directive_verbs"]),
        headline_non_decisions=frozenset(data["headline"]["non_decision_verbs"]),
        headline_noun_verbs=frozenset(data["headline"]["verbs_tagged_as_nouns"]),
        appeal_addressees=words("appeal_addressees"),
        directive_self_contained=words("directive_self_contained"),
        debris_prefixes=tuple(data["headline"]["debris_prefixes"]),
        goal_nouns=frozenset(read_json(TARGET_WORDS_PATH)["goal_nouns"]),
    )
