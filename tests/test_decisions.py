"""decisions: what is a decided, directed or committed action, and which words its span covers."""
import pytest
import spacy

from pipeline.annotations import MeetingInfo
from pipeline.decisions import item_parts, list_has_decision_lead_in, load_cues
from pipeline.decisions.rules.headline import headline_spans

CUES = load_cues()


def decisions_of(nlp, text):
    doc = nlp(text)
    return [(s.text, s._.kind) for s in doc.spans["decisions"]], doc


# ---------------------------------------------------------------- pure helpers


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Other decisions included:\n- setting up a cell;", True),
        ("The cabinet took the following decisions:\n1. a new fund;", True),
        ("Members of the committee were:\n- Ali Khan;", False),
        ("The budget is large.\n- an item;", False),
        ("Among the decisions taken by the board:\n\nSME issues\n- an item;", True),  # walked over a subheading
        ("The programme's targets include:\n- 5,000 new classrooms;", False),  # goals, not decisions
        ("Other decisions announced by the minister:\n\u2014 Rs 30 crore for road works;", True),  # an em-dash bullet
        ("The cabinet took these decisions:\n- a new fund;\n\n2. Sukkur bypass", False),  # a numbered heading
    ],
)
def test_a_list_counts_only_after_a_decision_lead_in(text, expected):
    assert list_has_decision_lead_in(text, text.rindex("\n") + 1, CUES) is expected


def test_list_item_parts_split_at_semicolons_without_leading_space():
    text = "setting up a cell; tightening checks; introducing policing"
    parts = [text[s:e] for s, e in item_parts(text, 0, len(text))]
    assert parts == ["setting up a cell", "tightening checks", "introducing policing"]


def test_list_item_with_while_holds_two_rules():
    text = "local buyers must pay upfront, while others may pay within 60 days"
    parts = [text[s:e] for s, e in item_parts(text, 0, len(text))]
    assert parts == ["local buyers must pay upfront", "others may pay within 60 days"]


def test_list_item_with_two_sentences_holds_two_rules():
    text = "The border post is to close. Travellers have until April 30 to leave."
    parts = [text[s:e] for s, e in item_parts(text, 0, len(text))]
    assert parts == ["The border post is to close", "Travellers have until April 30 to leave."]


def test_list_item_parts_split_at_each_coordinated_sum_of_money():
    text = "Rs2 million for the family of each deceased person and Rs500,000 for each injured person."
    parts = [text[s:e] for s, e in item_parts(text, 0, len(text))]
    assert parts == ["Rs2 million for the family of each deceased person", "Rs500,000 for each injured person"]


def test_list_item_parts_keep_coordinated_article_numbers_together():
    text = "to surcharge officials, as provided for under Articles 226(5), 201(d) and 232(b) of the Constitution"
    assert len(item_parts(text, 0, len(text))) == 1


def test_without_a_parse_there_are_no_decisions_and_no_error():
    nlp = spacy.blank("en")
    nlp.add_pipe("decisions")
    doc = nlp("The committee decided to close the schools.")
    assert list(doc.spans["decisions"]) == []


# ---------------------------------------------------------------- spans and kinds


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The provincial committee on Monday decided to extend the curfew in the city.",
            [("extend the curfew in the city", "decision")],
        ),
        (
            "The board decided to hire new auditors and to publish the accounts online.",
            [("hire new auditors", "decision"), ("publish the accounts online", "decision")],
        ),
        (
            "It was decided that a new monitoring cell would be set up in Multan.",
            [("a new monitoring cell would be set up in Multan", "decision")],
        ),
        (
            "The council agreed that the fee would be waived for students.",
            [("the fee would be waived for students", "decision")],
        ),
    ],
)
def test_decided_clause_is_the_span_without_the_trigger(nlp, text, expected):
    assert decisions_of(nlp, text)[0] == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The cabinet approved a new housing scheme for teachers.",
            [("approved a new housing scheme for teachers", "decision")],
        ),
        (
            "The committee approved a 10 percent raise in salaries and a new pension scheme for widows.",
            [("approved a 10 percent raise in salaries", "decision"), ("new pension scheme for widows", "decision")],
        ),
        (
            "The council approved the budget, the audit report and the new rules.",
            [("approved the budget", "decision"), ("audit report", "decision"), ("new rules", "decision")],
        ),
        (
            "The committee accorded approval to a summary for the import of wheat.",
            [("accorded approval to a summary for the import of wheat", "decision")],
        ),
        (
            "The forum approved in principle the proposal to set up a wealth fund.",
            [("approved in principle the proposal to set up a wealth fund", "decision")],
        ),
        (
            "The revised fee schedule was also approved.",
            [("The revised fee schedule was also approved", "decision")],
        ),
    ],
)
def test_approvals_start_at_the_trigger_one_per_item(nlp, text, expected):
    assert decisions_of(nlp, text)[0] == expected


@pytest.mark.model
@pytest.mark.parametrize(
    "text, span, responsible",
    [
        (
            "The chief minister directed the health department to open ten new clinics.",
            "open ten new clinics",
            ["health department"],
        ),
        (
            "The finance ministry was asked to submit a report on arrears.",
            "submit a report on arrears",
            ["finance ministry"],
        ),
        (
            "The committee instructed the provinces to share their lists.",
            "share their lists",
            ["provinces"],
        ),
        (
            "The minister instructed the Federal Board of Revenue (FBR) to present a plan.",
            "present a plan",
            ["Federal Board of Revenue (FBR)"],
        ),
    ],
)
def test_directive_span_is_the_ordered_action_and_the_addressee_is_responsible(nlp, text, span, responsible):
    doc = nlp(text)
    assert [(s.text, s._.kind, s._.responsible) for s in doc.spans["decisions"]] == [(span, "directive", responsible)]


@pytest.mark.model
def test_seeking_a_report_is_a_directive_to_whoever_must_send_it(nlp):
    doc = nlp("The prime minister sought a report from the interior ministry within seven days.")
    found = [(s.text, s._.kind, s._.responsible) for s in doc.spans["decisions"]]
    assert found == [("sought a report from the interior ministry within seven days", "directive", ["interior ministry"])]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The governor gave directions to the police to remove all stalls within a week.",
            [("remove all stalls within a week", "directive", ["police"])],
        ),
        (
            "The minister issued instructions for the release of funds for the hospital.",
            [("release of funds for the hospital", "directive", [])],
        ),
        (
            "The prime minister directed for early completion of the motorway.",
            [("early completion of the motorway", "directive", [])],
        ),
    ],
)
def test_orders_given_as_nouns_are_directives(nlp, text, expected):
    doc = nlp(text)
    assert [(s.text, s._.kind, s._.responsible) for s in doc.spans["decisions"]] == expected


@pytest.mark.model
def test_directive_with_two_actions_gives_two_directives(nlp):
    found, _ = decisions_of(nlp, "The governor directed the police to seal the market and to arrest the hoarders.")
    assert found == [("seal the market", "directive"), ("arrest the hoarders", "directive")]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "The minister vowed to rebuild every damaged school.",
            [("rebuild every damaged school", "commitment")],
        ),
        (
            "The development bank pledged $2 billion for reconstruction.",
            [("pledged $2 billion for reconstruction", "commitment")],
        ),
        (
            "The minister said the government would clear all pending dues.",
            [("the government would clear all pending dues", "commitment")],
        ),
        (
            "The minister announced that the government is set to ban unregistered SIM cards.",
            [("ban unregistered SIM cards", "commitment")],
        ),
        (
            "It was emphasised that more funds would be provided to the police.",
            [("more funds would be provided to the police", "commitment")],
        ),
    ],
)
def test_commitments(nlp, text, expected):
    assert decisions_of(nlp, text)[0] == expected


@pytest.mark.model
def test_items_of_a_decision_list_are_decisions(nlp):
    text = "Other decisions included:\n- setting up a help desk; - hiring fifty inspectors.\n"
    found, _ = decisions_of(nlp, text)
    assert found == [("setting up a help desk", "decision"), ("hiring fifty inspectors", "decision")]


@pytest.mark.model
def test_approved_the_following_is_a_lead_in_and_its_lettered_items_are_decisions(nlp):
    text = "The cabinet approved the following:\n\n(a) the housing policy;\n(b) a bill on coastal security.\n"
    found, _ = decisions_of(nlp, text)
    assert found == [("housing policy", "decision"), ("a bill on coastal security", "decision")]


@pytest.mark.model
def test_a_decision_list_after_include_colon_gives_one_decision_per_sum(nlp):
    text = ("Decisions taken at the meeting include:\n1. Rs2 million for the family of each deceased person and "
            "Rs500,000 for each injured person.\n2. A Rs20 billion grant for road repairs.\n")
    _, doc = decisions_of(nlp, text)
    items = [s.text for s in doc.spans["decisions"] if s.start_char > text.index(":")]
    assert items == ["Rs2 million for the family of each deceased person",
                                            "Rs500,000 for each injured person", "A Rs20 billion grant for road repairs"]


@pytest.mark.model
def test_a_list_item_holds_one_decision_per_clause_with_its_own_subject(nlp):
    text = ("Among the decisions taken by the board:\n- Brokers will not take up new valuation work, and those "
            "wishing to do valuations must register within nine months.\n")
    found, _ = decisions_of(nlp, text)
    assert [span for span, _ in found] == ["Brokers will not take up new valuation work",
                                            "those wishing to do valuations must register within nine months"]


@pytest.mark.model
def test_a_comment_inside_a_list_items_subject_does_not_cut_it(nlp):
    text = ("Among the decisions taken by the board:\n- The minimum net worth of a broker, which may undertake "
            "all activities, is raised from Rs 5 crore to Rs 50 crore.\n")
    found, _ = decisions_of(nlp, text)
    assert found[0][0].endswith("is raised from Rs 5 crore to Rs 50 crore")


@pytest.mark.model
@pytest.mark.parametrize("text, span", [
    ("The Media Regulatory Authority on Monday prohibited all channels from airing the speeches.",
     "prohibited all channels from airing the speeches"),
    ("The Supreme Court dismissed the bank's application for more time.", "dismissed the bank's application for more time"),
])
def test_an_act_of_the_body_with_an_open_class_verb_is_a_decision(nlp, text, span):
    found, _ = decisions_of(nlp, text)
    assert (span, "decision") in found


@pytest.mark.model
def test_items_listed_after_other_decisions_included_are_decisions(nlp):
    found, _ = decisions_of(nlp, "Other decisions included hiring fifty inspectors and opening two new clinics.")
    assert found == [("hiring fifty inspectors", "decision"), ("opening two new clinics", "decision")]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The committee decided to close all schools for a week, the statement said.", "close all schools for a week"),
        ("The council decided to ban kite flying, according to the PMO.", "ban kite flying"),
        ("A new cell would be set up in Quetta, the committee decided.", "A new cell would be set up in Quetta"),
    ],
)
def test_attribution_stays_outside_the_span(nlp, text, expected):
    assert [span for span, _ in decisions_of(nlp, text)[0]] == [expected]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The committee reviewed progress on the new highway.",
        "The meeting stressed the need to strengthen cooperation between the provinces.",
        "The cabinet strongly condemned the attack on the police station.",
        "The council urged all states to respect the ceasefire.",
        "A national integration centre has been established in the capital.",
        "The committee was briefed on the security situation.",
        "The meeting took note of the annual report.",
        "The cabinet welcomed the new members.",
        "The committee took the following decisions:",
        "The committee was told that 40 posts were still vacant.",
        "The minister asked how the money had been spent.",
        "Last year the council had decided to review the law.",
        "The measures will also aim to curb smuggling.",
        "The general said the nation would not shy away from any sacrifice.",
        "Analysts said the new tariff would be passed on to consumers.",
        "The meeting agreed that progress on the reforms had been slow.",
        "The leaders agreed that terrorism is a common threat.",
        "Officials told the committee that the authority would collect Rs9 trillion this year.",
        "The road will have four lanes and 14 interchanges.",  # a future description of an approved project
        "All 21 stations on the line will be elevated.",
        "Thirteen of the new schools will be located in the north.",
        "The cabinet rejected allegations that the tender had been rigged.",  # a position, not an act
    ],
)
def test_not_decisions(nlp, text):
    assert decisions_of(nlp, text)[0] == []


# ---------------------------------------------------------------- actor


def actors_with_meeting(nlp, text, body, chair):
    """The decisions' actors when the meeting's body and chair are known."""
    doc = nlp(text)
    doc._.meeting = MeetingInfo(body=body, chair=chair)
    return [s._.actor for s in nlp.get_pipe("decisions")(doc).spans["decisions"]]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, actor",
    [
        ("The Punjab cabinet decided to raise the minimum wage.", "Punjab cabinet"),
        ("Interior Minister Ali Khan directed the police to clear the roads.", "Interior Minister Ali Khan"),
        ("It was decided that the bridge would be rebuilt.", "the meeting"),
        ("LAHORE, Aug 24 (APP): The Provincial Disaster Management Authority on Monday decided to close schools.",
         "Provincial Disaster Management Authority"),
    ],
)
def test_actor_is_who_decided_as_named(nlp, text, actor):
    doc = nlp(text)
    assert [s._.actor for s in doc.spans["decisions"]] == [actor]


@pytest.mark.model
def test_passive_and_generic_deciders_resolve_to_the_meeting_body(nlp):
    actors = actors_with_meeting(nlp, "The committee decided to ban kite flying.",
                                 body="Lahore Apex Committee", chair="Ali Khan")
    assert actors == ["Lahore Apex Committee"]


@pytest.mark.model
def test_members_who_direct_act_for_the_meeting_body(nlp):
    actors = actors_with_meeting(nlp, "Members directed the ministry to present a report on the fund.",
                                 body="Standing Committee on Finance", chair=None)
    assert actors == ["Standing Committee on Finance"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Monday's order directs the municipal commissioner to remove the stalls within two weeks.",
        "A two-member bench also directed the municipal commissioner to remove the stalls within two weeks.",
    ],
)
def test_an_order_or_bench_of_the_court_acts_for_the_court(nlp, text):
    actors = actors_with_meeting(nlp, text, body="Peshawar High Court", chair="Ayesha Malik")
    assert actors == ["Peshawar High Court"]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, actor",
    [
        ("Secretary Lodhi said the ministry would replace 1,500 transformers.", "Rashid Ahmed Lodhi"),
        ("The commissioner directed the DCs to drain the water.", "Khalid Mehmood Cheema"),
    ],
)
def test_a_title_or_surname_alone_names_the_one_person_who_holds_it(nlp, text, actor):
    doc = nlp("Rawalpindi Commissioner Khalid Mehmood Cheema and Power Secretary Rashid Ahmed Lodhi attended. " + text)
    assert [s._.actor for s in doc.spans["decisions"]] == [actor]


@pytest.mark.model
def test_a_shortened_name_of_the_body_is_the_body(nlp):
    actors = actors_with_meeting(nlp, "The smog committee decided to close all schools.",
                                 body="Punjab cabinet committee on smog", chair=None)
    assert actors == ["Punjab cabinet committee on smog"]


@pytest.mark.model
def test_he_resolves_to_the_chair(nlp):
    actors = actors_with_meeting(nlp, "He directed the police to clear the roads.",
                                 body="Lahore Apex Committee", chair="Ali Khan")
    assert actors == ["Ali Khan"]


# ---------------------------------------------------------------- deadline


def with_deadline(nlp, text, deadline_text):
    """Run the pipeline, then give the decisions component a known deadline span."""
    doc = nlp(text)
    start = text.index(deadline_text)
    doc.spans["deadlines"] = [doc.char_span(start, start + len(deadline_text))]
    return nlp.get_pipe("decisions")(doc)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, deadline, expected",
    [
        ("The board directed the ministry to submit a report within ten days.", "within ten days", ["within ten days"]),
        ("The chairman gave the authority two weeks to remove the stalls.", "two weeks", ["two weeks"]),
        (
            "The minister directed the police to seal the shops by Friday and to file a report.",
            "by Friday",
            ["by Friday", None],
        ),
    ],
)
def test_deadline_inside_the_clause_or_granted_before_it_belongs_to_that_decision(nlp, text, deadline, expected):
    doc = with_deadline(nlp, text, deadline)
    assert [s._.deadline.text if s._.deadline is not None else None for s in doc.spans["decisions"]] == expected


# ---------------------------------------------------------------- headlines


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Council rules out new dams without consensus\n\nThe council met on Monday.",
            [("rules out new dams without consensus", "decision")],
        ),
        (
            "Panel seeks audit details within a month\n\nThe panel met on Monday.",
            [("seeks audit details within a month", "directive")],
        ),
        ("Minister condemns attack on police\n\nThe minister spoke on Monday.", []),
        (
            "Regulator board tightens IPO rules\n\nThe board met on Wednesday.",
            [("tightens IPO rules", "decision")],
        ),
    ],
)
def test_headline_verbs_state_decisions(nlp, text, expected):
    assert decisions_of(nlp, text)[0] == expected


@pytest.mark.model
def test_headline_verbs_tagged_as_nouns_share_the_first_subject(nlp):
    doc = nlp("Provincial committee orders crackdown on hoarders, sets new prices\n\n"
              "The provincial committee met in Quetta on Monday.")
    found = [(s.text, s._.actor) for s in doc.spans["decisions"] if s.end < 12]
    assert [text for text, _ in found] == ["orders crackdown on hoarders", "sets new prices"]
    assert found[0][1] == found[1][1]


@pytest.mark.model
def test_they_resolves_to_the_last_plural_decider(nlp):
    doc = nlp("The ministers agreed to open a joint fund. They committed to adding $5 million to it.")
    assert [s._.actor for s in doc.spans["decisions"]] == ["ministers", "ministers"]


@pytest.mark.model
def test_a_trigger_coordinated_with_a_decided_action_is_its_own_decision(nlp):
    found, _ = decisions_of(
        nlp, "The council decided to extend the mission and requested the secretary to report every 90 days."
    )
    assert found == [("extend the mission", "decision"), ("report every 90 days", "directive")]


@pytest.mark.model
def test_body_saying_it_will_act_is_its_commitment(nlp):
    found, _ = decisions_of(nlp, "The committee said it would take up the matter at its next meeting.")
    assert found == [("it would take up the matter at its next meeting", "commitment")]


@pytest.mark.model
def test_he_said_resolves_to_the_last_person_who_spoke(nlp):
    doc = nlp("Interior Minister Ali Khan met reporters. He said the ministry would open ten new passport offices.")
    assert [(s._.kind, s._.actor) for s in doc.spans["decisions"]] == [("commitment", "Interior Minister Ali Khan")]


@pytest.mark.model
def test_duty_of_a_newly_formed_committee_is_a_decision(nlp):
    found, _ = decisions_of(
        nlp, "The cabinet constituted a committee to review the rules, which will submit its report within two weeks."
    )
    assert found[-1] == ("submit its report within two weeks", "decision")


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "LAHORE, May 3 (APP): The provincial cabinet on Monday approved a new policy for the health sector.",
            "approved a new policy for the health sector",
        ),
        (
            "QUETTA, May 3 (APP): The Balochistan cabinet on Monday constituted a committee to review the tax rules.",
            "constituted a committee to review the tax rules",
        ),
    ],
)
def test_a_dateline_does_not_hide_the_lede_decision(nlp, text, expected):
    assert [span for span, _ in decisions_of(nlp, text)[0]] == [expected]


@pytest.mark.model
def test_a_speaker_named_inside_a_title_is_the_actor(nlp):
    doc = nlp("Adviser on Finance Dr Ali Khan, who also attended, said he would unveil a relief plan.")
    [decision] = doc.spans["decisions"]
    assert decision._.kind == "commitment"
    assert decision._.actor.endswith("Ali Khan")  # scored by containment; words of the title may precede


@pytest.mark.model
def test_a_past_act_coordinated_after_an_allowed_action_is_its_own_decision(nlp):
    doc = nlp("The committee allowed the corporation to import 300,000 tonnes of wheat and extended "
              "the deadline for sugar exports.")
    assert [s.text for s in doc.spans["decisions"]] == [
        "allowed the corporation to import 300,000 tonnes of wheat",
        "extended the deadline for sugar exports",
    ]


@pytest.mark.model
def test_a_future_action_coordinated_with_a_commitment_is_a_commitment_too(nlp):
    doc = nlp("The minister said the government was committed to ending polio and would provide funds to the provinces.")
    assert [(s.text, s._.kind) for s in doc.spans["decisions"]] == [
        ("ending polio", "commitment"),
        ("provide funds to the provinces", "commitment"),
    ]


@pytest.mark.model
def test_a_title_resolves_to_the_one_person_named_with_that_role(nlp):
    doc = nlp("Prime Minister Ali Khan visited Quetta. The prime minister said the federal government would "
              "release Rs5 billion to the province.")
    assert [s._.actor for s in doc.spans["decisions"]] == ["Ali Khan"]


@pytest.mark.model
def test_a_meeting_that_names_no_body_decides_as_the_meeting(nlp):
    doc = nlp("The meeting decided that a monitoring cell would be set up.")
    assert [s._.actor for s in doc.spans["decisions"]] == ["the meeting"]


@pytest.mark.model
def test_calling_upon_named_parties_to_act_is_a_directive(nlp):
    doc = nlp("The council called upon member states to ratify the convention by June 30.")
    assert [(s.text, s._.kind, s._.responsible) for s in doc.spans["decisions"]] == [
        ("ratify the convention by June 30", "directive", ["member states"])
    ]


@pytest.mark.model
def test_an_appeal_to_the_international_community_is_not_a_directive(nlp):
    doc = nlp("The prime minister called on the international community to help the flood victims.")
    assert list(doc.spans["decisions"]) == []


@pytest.mark.model
def test_a_summons_is_a_directive_to_the_one_summoned(nlp):
    doc = nlp("The committee summoned the managing director of the company at its next meeting.")
    found = [(s.text, s._.kind, s._.deadline.text if s._.deadline else None) for s in doc.spans["decisions"]]
    assert found == [("summoned the managing director of the company at its next meeting", "directive",
                      "at its next meeting")]


@pytest.mark.model
def test_the_party_asked_for_a_report_excludes_the_topic(nlp):
    doc = nlp("The committee sought a detailed report from the Sui Gas Company on gas theft in Punjab.")
    assert [s._.responsible for s in doc.spans["decisions"]] == [["Sui Gas Company"]]


@pytest.mark.model
def test_a_bulleted_party_is_named_without_its_bullet(nlp):
    doc = nlp("The forum also decided:\n• Markets will close at 8pm.\n• Provinces will submit vaccination data every Monday.")
    assert doc.spans["decisions"][-1]._.responsible == ["Provinces"]


@pytest.mark.model
def test_which_after_a_meeting_venue_refers_to_the_meeting(nlp):
    actors = actors_with_meeting(nlp, "President Ali Khan chaired a Cabinet meeting at State House, Nairobi, which approved the Housing Bill.",
                                 body="Cabinet", chair="Ali Khan")
    assert actors == ["Cabinet"]


@pytest.mark.model
def test_the_ordered_action_after_the_authorities_concerned(nlp):
    doc = nlp("The chief minister directed the authorities concerned to ensure clean water supply during summer.")
    assert [(s.text, s._.responsible) for s in doc.spans["decisions"]] == [
        ("ensure clean water supply during summer", ["authorities concerned"])
    ]


@pytest.mark.model
def test_a_dateline_is_never_the_actor_and_a_coordinated_subject_is_whole(nlp):
    doc = nlp("RIO DE JANEIRO – G20 finance ministers and central bank governors on Friday agreed to work "
              "towards a global minimum tax.")
    assert [s._.actor for s in doc.spans["decisions"]] == ["G20 finance ministers and central bank governors"]


@pytest.mark.model
def test_an_honorific_and_surname_actor_is_the_full_name(nlp):
    doc = nlp("Deputy Prime Minister Ishaq Dar chaired the meeting. Mr Dar directed the ministry to release the funds.")
    assert [s._.actor for s in doc.spans["decisions"]] == ["Ishaq Dar"]


@pytest.mark.model
def test_is_to_be_done_is_still_a_decision(nlp):
    found = decisions_of(nlp, "The protest is to be registered in Islamabad through the usual diplomatic route.")[0]
    assert [text for text, _ in found] == ["The protest is to be registered in Islamabad through the usual diplomatic route"]


@pytest.mark.model
def test_a_list_items_number_is_never_the_actor(nlp):
    doc = nlp("ISLAMABAD: The Council of Ministers met on Monday. The Council:\n"
              "1. approved the budget for 2025;\n"
              "7. decided that the next meeting will be held in Tashkent in 2026.")
    actors = {s._.actor for s in doc.spans["decisions"]}
    assert actors and not any(a and a[0].isdigit() for a in actors)


@pytest.mark.model
def test_a_lede_the_model_misparses_after_a_weekday_is_still_a_directive(nlp):
    doc = nlp("Rawalpindi Commissioner Ali Khan on Tuesday directed the officials concerned to drain stagnant water "
              "by Friday.")
    assert [(s.text, s._.kind, s._.responsible) for s in doc.spans["decisions"]] == [
        ("drain stagnant water by Friday", "directive", ["officials concerned"])
    ]


# ---------------------------------------------------------------- priorities


@pytest.mark.model
def test_an_earlier_rule_family_wins_where_two_find_the_same_action(nlp):
    from pipeline.decisions import Found, keep_by_priority
    from pipeline.decisions.rules import Family

    doc = nlp("The cabinet approved the new budget for the year.")
    first, second = Family("first", ()), Family("second", ())
    candidates = [(first, [Found(2, 6, "decision", doc[2])]), (second, [Found(3, 9, "directive", doc[2])])]
    kept = keep_by_priority(doc, CUES, candidates)
    assert [(f.rule, f.kind) for f in kept] == [("first", "decision")]


def test_rule_families_have_distinct_names_in_priority_order():
    from pipeline.decisions.rules import DOC_PASSES, TOKEN_FAMILIES

    names = [f.name for f in TOKEN_FAMILIES] + [p.name for p in DOC_PASSES]
    assert names[:2] == ["clause_trigger", "directive"] and len(names) == len(set(names))


@pytest.mark.model
def test_the_party_a_list_lead_in_names_is_the_actor_of_its_items(nlp):
    text = ("Under the declaration, the Heads of State or Government:\n\n1. agreed to hold a meeting of transport "
            "ministers within three months;\n2. decided to remove the threshold criteria from the Food Bank Agreement.\n")
    assert set(actors_with_meeting(nlp, text, "Summit of the Association", None)) == {"Heads of State or Government"}


@pytest.mark.model
def test_a_lead_in_that_names_no_party_leaves_the_body_the_actor(nlp):
    text = "The cabinet met on Monday.\n\nOther items on the agenda:\n\n1. It was decided to rebuild the bridge.\n"
    assert actors_with_meeting(nlp, text, "federal cabinet", None) == ["federal cabinet"]


@pytest.mark.model
def test_a_token_rule_finds_nothing_on_a_word_outside_its_triggers(nlp):
    """find_candidates calls a rule only on its trigger words: that skips nothing it would find."""
    from pathlib import Path

    from pipeline.decisions.actors import meeting_body_words
    from pipeline.decisions.rules import TOKEN_FAMILIES

    corpus = sorted((Path(__file__).parent.parent / "corpus").glob("*.txt"))
    gated = [rule for family in TOKEN_FAMILIES for rule in family.rules if rule.triggers is not None]
    with nlp.select_pipes(disable=nlp.pipe_names[nlp.pipe_names.index("decisions"):]):
        docs = list(nlp.pipe(path.read_text(encoding="utf-8") for path in corpus))
    fired = [(rule.find, token.text) for doc in docs for rule in gated for token in doc
             if token.lemma_.lower() not in rule.trigger_words(CUES) and token.lower_ not in rule.trigger_words(CUES)
             and rule.find(token, CUES, meeting_body_words(doc))]
    assert len(docs) == len(corpus) > 0 and fired == []


@pytest.mark.model
def test_an_obligation_laid_on_an_organ_of_government_is_a_directive_and_on_the_public_a_decision(nlp):
    text = ("The cabinet met on Monday. Provincial governments must complete the mapping of all card holders by "
            "June 30. Students must carry their cards at all times.")
    found, _ = decisions_of(nlp, text)
    assert [kind for _, kind in found] == ["directive", "decision"]


@pytest.mark.model
def test_list_items_that_advise_or_encourage_are_appeals_with_every_part_under_them(nlp):
    text = ("The Task Force resolved as follows:\n\n1. Mass gatherings are prohibited during the period.\n"
            "2. Local government units are advised to impose quarantines as follows: barangay-wide, where there are "
            "two cases; and province-wide, where there are three cases.\n"
            "3. Flexible work arrangements are encouraged in the private sector.\n")
    found, _ = decisions_of(nlp, text)
    assert [span for span, _ in found] == ["Mass gatherings are prohibited during the period"]


@pytest.mark.model
def test_an_items_number_is_neither_in_its_span_nor_in_its_actor(nlp):
    text = "The Task Force resolved as follows:\n\n6. Work in the executive branch is suspended during the period.\n"
    doc = nlp(text)
    assert [(s.text, s._.actor) for s in doc.spans["decisions"]] == [
        ("Work in the executive branch is suspended during the period", "Task Force")]


@pytest.mark.model
def test_a_main_clause_in_the_past_perfect_is_an_earlier_meetings_act_and_reported_it_is_this_ones(nlp):
    earlier, _ = decisions_of(nlp, "Last week the court had directed the provincial government to close schools.")
    reported, _ = decisions_of(nlp, "The Sindh cabinet met on Monday. Briefing reporters later, Senior Minister "
                                    "Sharjeel Memon said the cabinet had also approved new industrial zones in Sukkur and Hyderabad.")
    assert earlier == [] and len(reported) == 1


@pytest.mark.model
def test_a_meeting_held_on_a_day_is_no_decision(nlp):
    found, _ = decisions_of(nlp, "Department of Government Information\nCabinet Decisions\n\nDecisions taken by the "
                                 "Cabinet of Ministers at its meeting held on 07.11.2017\n")
    assert not any(span.startswith("held") for span, _ in found)


@pytest.mark.model
def test_an_actor_never_runs_back_over_a_line_break(nlp):
    from pipeline.clauses import own_words_start

    doc = nlp("CDA Board okays re-tendering, extends RWMC contract\n\nISLAMABAD, Jul 30 (APP): The Board on "
              "Wednesday approved fresh tendering.")
    assert all("\n" not in doc[own_words_start(t) : t.i + 1].text for t in doc if not t.is_space)


@pytest.mark.model
def test_a_headline_ends_before_the_colon_that_names_who_said_it(nlp):
    found, _ = decisions_of(nlp, "Border fencing to be completed by December 2019: ISPR\n\nRAWALPINDI, Dec 15: The army "
                                 "spokesman spoke to reporters on Saturday.\n")
    assert ("completed by December 2019", "decision") in found


@pytest.mark.model
def test_what_an_approved_measure_will_do_is_no_decision_and_what_is_done_to_it_is(nlp):
    effect, _ = decisions_of(nlp, "The cabinet approved the revised tariff. The revised tariff will raise about Rs395 "
                                  "billion from consumers.")
    acted_on, _ = decisions_of(nlp, "The cabinet met on Monday. The scheme will be expanded to cover maternal care.")
    assert [span for span, _ in effect] == ["approved the revised tariff"] and len(acted_on) == 1


@pytest.mark.model
def test_operative_paragraphs_of_a_communique_are_decisions_of_the_council(nlp):
    found, _ = decisions_of(nlp, "Meeting in Geneva, the Council:\n\n"
                                 "1. Endorses the road map agreed by the parties in March;\n"
                                 "2. Requests the Secretariat to prepare a budget for the observer mission;\n")
    assert ("Endorses the road map agreed by the parties in March", "decision") in found
    assert ("prepare a budget for the observer mission", "directive") in found


@pytest.mark.model
def test_a_short_aside_between_commas_does_not_end_the_decided_action(nlp):
    found, _ = decisions_of(nlp, "The board decided to suspend, with immediate effect, the licences of 12 sugar mills.")
    assert found == [("suspend, with immediate effect, the licences of 12 sugar mills", "decision")]


@pytest.mark.model
def test_agreeing_to_a_thing_is_a_decision_on_it(nlp):
    found, _ = decisions_of(nlp, "The two governments agreed to an immediate exchange of prisoners on Sunday.")
    assert [kind for text, kind in found if "exchange of prisoners" in text] == ["decision"]


@pytest.mark.model
def test_who_a_thing_will_be_offered_to_is_no_action(nlp):
    found, _ = decisions_of(nlp, "Under the structure the entire government stake will be offered to strategic investors.")
    assert not any(text == "strategic investors" for text, _ in found)


@pytest.mark.model
def test_a_subheadline_under_the_headline_states_decisions_too(nlp):
    found, _ = decisions_of(nlp, "Traders told to register by June 30\nMarkets to close at 8pm from July 1, says the council\n\n"
                                 "LAHORE: The district council on Monday gave traders until June 30 to register.")
    assert any(text.startswith("close at 8pm from July 1") for text, _ in found)


@pytest.mark.model
def test_a_title_short_form_as_actor_is_the_person_whose_role_it_spells(nlp):
    doc = nlp("The corps commanders' conference was presided over by Chief of Army Staff General Aamir Raza.\n\n"
              "In his concluding remarks, the COAS directed commanders to maintain the highest standards of readiness.")
    actors = {s._.actor for s in doc.spans["decisions"]}
    assert actors == {"Aamir Raza"}


@pytest.mark.model
def test_the_house_acting_and_renaming_are_acts_of_the_body(nlp):
    found, _ = decisions_of(nlp, "The city council met on Monday. The house formed a five-member committee to audit the "
                                 "parking contracts. The council also renamed the central library after a poet.")
    texts = [text for text, _ in found]
    assert any(text.startswith("formed a five-member committee") for text in texts)
    assert any(text.startswith("renamed the central library") for text in texts)


@pytest.mark.model
def test_a_heading_in_another_script_above_the_headline_is_skipped(nlp):
    doc = nlp("کابینہ کا اجلاس\n\nCabinet approves new wheat policy\n\n"
              "ISLAMABAD: The federal cabinet on Tuesday approved the wheat policy.")
    assert [doc[start:end].text for start, end in headline_spans(doc, CUES)] == ["Cabinet approves new wheat policy"]
