"""Figures: counts, money and percentages with a normalised value and unit."""
import pytest

from pipeline.figures import parse_number, split_glued


@pytest.mark.parametrize(
    "number, scale, expected",
    [
        ("1.5", "million", 1_500_000),
        ("7,984", None, 7984),
        ("9.4", "trillion", 9_400_000_000_000),
        ("50", "crore", 500_000_000),
        ("2.5", "lakh", 250_000),
        ("3", "lakh crore", 3_000_000_000_000),
        ("8.39", "billion", 8_390_000_000),
        ("3.6", None, 3.6),
        ("three", None, 3),
        ("Thirteen", None, 13),
    ],
)
def test_parse_number_applies_separators_words_and_scales(number, scale, expected):
    assert parse_number(number, scale) == expected


@pytest.mark.parametrize(
    "token, expected",
    [
        ("Rs35bn", ("PKR", "35", "bn")),
        ("Rs1.4tr", ("PKR", "1.4", "tr")),
        ("Rs145m", ("PKR", "145", "m")),
        ("12pc", (None, "12", "pc")),
        ("2,000", (None, "2,000", "")),
        ("37th", None),
        ("G20", None),
    ],
)
def test_split_glued_separates_currency_number_and_suffix(token, expected):
    assert split_glued(token) == expected


def figures(nlp, text):
    doc = nlp(text)
    return [(s.text, s._.value, s._.unit) for s in doc.spans["figures"]]


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The budget allocates Rs 9.4 trillion for the year.", ("Rs 9.4 trillion", 9_400_000_000_000, "PKR")),
        ("The board released Rs35bn to the utilities.", ("Rs35bn", 35_000_000_000, "PKR")),
        ("Donors pledged US$10 billion for reconstruction.", ("US$10 billion", 10_000_000_000, "USD")),
        ("Fares will rise by 12pc next quarter.", ("12pc", 12, "%")),
        ("Turnout reached 70 per cent in the districts.", ("70 per cent", 70, "%")),
        ("Forces conducted 7,984 operations in the province.", ("7,984 operations", 7984, "operations")),
        ("Aid reached 12 million poor families this year.", ("12 million poor families", 12_000_000, "families")),
        ("It was decided that 40 charging stations would be set up.", ("40 charging stations", 40, "stations")),
        ("Forces carried out 1,245 intelligence-based operations.",
         ("1,245 intelligence-based operations", 1245, "operations")),
        ("Growth is projected at 5-7 percent next year.", ("7 percent", 7, "%")),
        ("The cabinet approved 50 new Technical and Vocational Training (TVET) institutions.",
         ("50 new Technical and Vocational Training (TVET) institutions", 50, "institutions")),
        ("Wind farms will add 2,150MW by June.", ("2,150MW", 2150, "MW")),  # units glued to the number
        ("The motorway adds 300km of road.", ("300km", 300, "km")),
        ("Tarbela released 6.5MAF this season.", ("6.5MAF", 6.5, "MAF")),
        ("The bank cut its policy rate by 150bps.", ("150bps", 150, "bps")),  # as "150 bps" reads
        ("Cabinet approved GH¢6.4 billion for the power sector.", ("GH¢6.4 billion", 6_400_000_000, "GHS")),
        ("The ministry will borrow Shs375.6 billion.", ("Shs375.6 billion", 375_600_000_000, "UGX")),
        ("States may approve projects worth RM50 million.", ("RM50 million", 50_000_000, "MYR")),
        ("Korea will lend LKR 6,235 million for the project.", ("LKR 6,235 million", 6_235_000_000, "LKR")),
    ],
)
def test_figure_span_value_and_unit(nlp, text, expected):
    assert expected in figures(nlp, text)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "The committee met on 14 March 2024 to review progress.",
        "The report must be submitted within seven days.",
        "The case was heard under Article 245 of the Constitution.",
        "The meeting started at 11 am in the capital.",
        "Pay rises for employees in grades 1 to 16 were approved.",
        "Boats were handed to Rescue 1122 in the district.",
        "ISLAMABAD, Nov 6: The panel met again.",
        "Islamabad, 15 October 2025\n\nThe council met again.",
        "The audit covered the accounts for FY2020-22 in detail.",
        "Agreement on development cooperation (Document No – 06)\nProponent – the Prime Minister",
        "Bankers must earn the revenue over the three preceding financial years.",
        "The issuer needs a profit in any two of the three preceding financial years.",
        "The Council recalled its resolution 1559 on the mission.",
    ],
)
def test_dates_durations_and_names_are_not_figures(nlp, text):
    assert figures(nlp, text) == []


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("The board approved the P4.5-billion upgrade of the port.", ("P4.5-billion", 4_500_000_000, "PHP")),
        ("The dispute over six proposed canals ended.", ("six proposed canals", 6, "canals")),
        ("Police sealed two dozen properties in the city.", ("two dozen properties", 24, "properties")),
        ("The agency cancelled contracts with five of the oldest suppliers.", ("five", 5, None)),
    ],
)
def test_hyphenated_scales_participles_dozens_and_counted_groups(nlp, text, expected):
    assert expected in figures(nlp, text)


@pytest.mark.model
def test_price_denominator_is_not_a_figure_of_its_own(nlp):
    assert figures(nlp, "The support price was set at Rs3,900 per 40 kg.") == [("Rs3,900", 3900, "PKR")]


@pytest.mark.model
def test_glued_scale_at_sentence_end_keeps_its_value(nlp):
    assert figures(nlp, "Savings are put at Rs145m.") == [("Rs145m", 145_000_000, "PKR")]


@pytest.mark.model
def test_letter_glued_to_a_number_still_names_a_thing(nlp):
    assert figures(nlp, "Licences for 5G services were auctioned.") == []


@pytest.mark.model
def test_percentage_before_year_on_year_is_a_figure(nlp):
    assert figures(nlp, "Inflation slowed to 23.1pc year-on-year.") == [("23.1pc", 23.1, "%")]


@pytest.mark.model
def test_number_with_glued_letter_is_a_name(nlp):
    assert figures(nlp, "The regulator auctioned 4G spectrum licences.") == []


@pytest.mark.model
def test_rupees_are_the_currency_of_the_country_the_statement_names(nlp):
    text = "New Delhi: The Union Cabinet approved Rs 1,350 crore for new schools in India."
    assert figures(nlp, text) == [("Rs 1,350 crore", 13_500_000_000, "INR")]


@pytest.mark.model
def test_rupees_default_to_pakistani(nlp):
    assert figures(nlp, "The board released Rs35bn to the utilities.") == [("Rs35bn", 35_000_000_000, "PKR")]
