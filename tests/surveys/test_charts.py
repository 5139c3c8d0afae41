"""The score chart the results page and the annual report embed (HTML and PDF)."""

import xml.etree.ElementTree as ET

from surveys.charts import score_distribution_svg

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)


def test_it_draws_one_bar_per_score_with_its_count_and_label():
    root = parse(score_distribution_svg([2, 5, 5, 5, 4, 4, 5, 5, 5, 5, 3, 5, 5], title="Innvandrerorganisasjon: spørsmål 1"))
    bars = root.findall(f".//{SVG}rect")
    assert len(bars) == 5
    heights = [float(bar.get("height")) for bar in bars]
    assert heights[0] == 0 and heights[4] == max(heights)  # nobody gave 1; most gave 5
    assert heights[1] == heights[2] and heights[3] == 2 * heights[1]
    texts = [text.text for text in root.iter(f"{SVG}text")]
    for score, count in [("1", "0"), ("2", "1"), ("3", "1"), ("4", "2"), ("5", "9")]:
        assert score in texts and count in texts


def test_it_is_an_accessible_image_with_a_title_and_a_description_in_words():
    root = parse(score_distribution_svg([3, 5, 5, 4], title="Kommunen: møtene", low_label="i liten grad", high_label="i stor grad"))
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == "Kommunen: møtene"
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert desc.text == "4 svar. 1: 0 svar; 2: 0 svar; 3: 1 svar; 4: 1 svar; 5: 2 svar. 1 = i liten grad, 5 = i stor grad"


def test_it_uses_presentation_attributes_only_and_escapes_text():
    svg = score_distribution_svg([1], title="<script>alert(1)</script> & co", low_label='"lav"')
    assert "style=" not in svg and "<script>" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "<script>alert(1)</script> & co"
    assert all(rect.get("fill") for rect in root.iter(f"{SVG}rect"))


def test_ids_are_unique_unless_given():
    first, second = score_distribution_svg([1], title="a"), score_distribution_svg([1], title="a")
    assert parse(first).find(f"{SVG}title").get("id") != parse(second).find(f"{SVG}title").get("id")
    assert 'id="x-title"' in score_distribution_svg([], title="a", id_prefix="x")


def test_it_draws_an_empty_chart_without_dividing_by_zero():
    root = parse(score_distribution_svg([], title="Ingen svar"))
    assert [float(bar.get("height")) for bar in root.iter(f"{SVG}rect")] == [0.0] * 5
