"""What a request asks for through its address (portal.web.params), read and written one way."""

from portal.web.params import chosen_year, preselected, with_year


def test_a_record_is_preselected_only_by_a_whole_number(rf):
    request = rf.get("/", {"organisasjon": "12", "meeting": "1 OR 1=1"})
    assert preselected(request, organisation="organisasjon", meeting="meeting") == {"organisation": "12"}
    assert preselected(rf.get("/"), organisation="organisasjon") == {}


def test_a_year_link_reads_back_as_the_year_and_a_wild_one_as_the_default(rf):
    link = with_year("/koordinator/kontakter/", 2025)
    assert link == "/koordinator/kontakter/?aar=2025"
    assert chosen_year(rf.get(link), default=None) == 2025
    assert chosen_year(rf.get("/", {"aar": "1899"}), default=None) is None
    assert chosen_year(rf.get("/", {"aar": "2025; DROP"}), default=lambda: 2024) == 2024
