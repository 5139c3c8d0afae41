"""Formatted text (portal.text.formatted, portal.text.sanitize.clean_richtext): what the editor may store."""

import pytest
from django.template import Context, Template

from portal.text.formatted import RichTextFormField
from portal.text.sanitize import clean_richtext, looks_like_plain_text

# What Word 365 puts on the clipboard (text/html) for a heading, a paragraph with bold and a
# two-item bulleted list: conditional comments, <xml>, <style>, mso- styles, <o:p> and spans.
WORD_CLIPBOARD = """<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word">
<head><meta name=ProgId content=Word.Document><!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal {mso-style-parent:""; margin:0cm; font-size:11.0pt;} --></style></head>
<body lang=NO-BOK style='tab-interval:35.4pt'><!--StartFragment-->
<h1><span style='mso-fareast-font-family:"Times New Roman"'>Referat fra møtet<o:p></o:p></span></h1>
<p class=MsoNormal><span style='font-size:12.0pt;mso-bidi-font-family:Calibri'>Vi snakket om <b><span style='mso-bidi-font-weight:normal'>lokaler</span></b> og tilskudd.<o:p></o:p></span></p>
<p class=MsoNormal><o:p>&nbsp;</o:p></p>
<p class=MsoListParagraphCxSpFirst style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol;mso-fareast-font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Bønnerom<o:p></o:p></p>
<p class=MsoListParagraphCxSpLast style='text-indent:-18.0pt;mso-list:l0 level1 lfo1'><![if !supportLists]><span style='font-family:Symbol'><span style='mso-list:Ignore'>·<span style='font:7.0pt "Times New Roman"'>&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; </span></span></span><![endif]>Søknadsfrist<o:p></o:p></p>
<!--EndFragment--></body></html>"""


def test_it_cleans_text_pasted_from_word_into_paragraphs_headings_and_a_list():
    assert clean_richtext(WORD_CLIPBOARD) == (
        "<h2>Referat fra møtet</h2>"
        "<p>Vi snakket om <strong>lokaler</strong> og tilskudd.</p>"
        "<ul><li>Bønnerom</li><li>Søknadsfrist</li></ul>"
    )


def test_it_turns_plain_text_with_blank_lines_and_dashes_into_paragraphs_and_a_list():
    text = "Velkommen.\nVi startet kl. 18.\n\nVi snakket om:\n- lokaler\n- tilskudd & frister\n\nSlutt <3"
    assert looks_like_plain_text(text)
    assert clean_richtext(text) == (
        "<p>Velkommen.<br>Vi startet kl. 18.</p><p>Vi snakket om:</p>"
        "<ul><li><p>lokaler</p></li><li><p>tilskudd &amp; frister</p></li></ul><p>Slutt &lt;3</p>"
    )


@pytest.mark.parametrize(
    "payload",
    [
        '<p>Hei</p><script>alert(1)</script>',
        '<p>Hei<img src=x onerror="alert(1)"></p>',
        '<p onclick="alert(1)">Hei</p><a href="javascript:alert(1)">lenke</a>',
        '<p style="background:url(x)">Hei</p><iframe src="https://evil.example"></iframe>',
    ],
)
def test_it_keeps_no_script_handler_style_or_frame(payload):
    cleaned = clean_richtext(payload)
    for marker in ("script", "onerror", "onclick", "javascript:", "style", "iframe", "<img", "alert"):
        assert marker not in cleaned
    assert "Hei" in cleaned


def test_it_keeps_only_the_editors_formatting():
    html = '<h4>Overskrift</h4><p><u>under</u> <i>kursiv</i> <a href="https://example.org" class="x" target="_blank">lenke</a></p><table><tr><td>x</td></tr></table>'
    assert clean_richtext(html) == (
        '<h3>Overskrift</h3><p>under <em>kursiv</em> <a href="https://example.org" rel="noopener noreferrer">lenke</a></p>x'
    )


def test_the_form_field_stores_cleaned_html():
    field = RichTextFormField(required=False)
    assert field.clean('<p>Hei</p><script>alert(1)</script>') == "<p>Hei</p>"
    assert field.clean("") == ""


def test_the_template_filter_cleans_at_render_whatever_was_stored():
    rendered = Template("{% load richtext %}{{ value|richtext }}").render(
        Context({"value": '<p>Hei<img src=x onerror="alert(1)"></p>'})
    )
    assert rendered == "<p>Hei</p>"
