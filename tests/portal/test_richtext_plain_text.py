"""portal.text.sanitize.richtext_to_plain_text: formatted text for the sinks that take plain text only
(open data, calendar feeds, meta descriptions, spreadsheets, search)."""

from portal.text.sanitize import clean_richtext, richtext_to_plain_text

FORMATTED = (
    '<h2>Om oss</h2><p>Vi har <strong>leksehjelp</strong> &amp; mat&nbsp;hver uke.</p>'
    '<ul><li><p>mandag</p></li><li><p>onsdag</p></li></ul>'
    '<ol><li>Møt opp</li><li>Ta med <em>bok</em></li></ol>'
    '<p>Les mer på <a href="https://forening.example.org" title="x">nettsiden</a>.<br>Velkommen!</p>'
)


def test_it_gives_paragraphs_by_blank_lines_list_items_by_dashes_and_no_tags_or_entities():
    assert richtext_to_plain_text(FORMATTED) == (
        "Om oss\n\n"
        "Vi har leksehjelp & mat hver uke.\n\n"
        "- mandag\n- onsdag\n\n"
        "1. Møt opp\n2. Ta med bok\n\n"
        "Les mer på nettsiden (https://forening.example.org).\nVelkommen!"
    )


def test_plain_text_from_before_the_editor_stays_as_it_was_typed():
    typed = "Velkommen.\n\nVi tilbyr:\n- norskkurs\n- leksehjelp & mat\n\nSlutt <3"
    assert richtext_to_plain_text(typed) == "Velkommen.\n\nVi tilbyr:\n\n- norskkurs\n- leksehjelp & mat\n\nSlutt <3"


def test_plain_text_read_back_in_gives_the_same_plain_text():
    plain = richtext_to_plain_text(FORMATTED)
    assert richtext_to_plain_text(clean_richtext(plain)) == plain


def test_nothing_of_a_script_style_or_handler_reaches_the_plain_text():
    hostile = '<p onclick="alert(1)">Hei</p><script>alert(2)</script><style>p{color:red}</style><a href="javascript:alert(3)">lenke</a>'
    assert richtext_to_plain_text(hostile) == "Hei\n\nlenke"
    assert richtext_to_plain_text("") == "" and richtext_to_plain_text(None) == ""
