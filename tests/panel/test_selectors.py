"""The panel figures (docs/domain.md `panel.*`) on datasets that include records that must not count."""

import pytest

from organisations.models import Kind
from panel import selectors
from portal.reporting import figures
from tests.panel.factories import attend, meeting, organisation, service

pytestmark = pytest.mark.django_db


@pytest.fixture
def noise():
    """Records that must never count in 2025: other years, other kinds, cancelled meetings,
    the next year's meetings, and non-immigrant organisations."""
    stranger = organisation("Fremmed forening")
    voluntary = organisation("Frivillig lag", kind=Kind.VOLUNTARY_ORGANISATION)
    nav = service("NAV Demo")
    for m in (
        meeting("2026-01-10"),  # next year
        meeting("2023-12-31"),  # two years before
        meeting("2025-05-05", kind="working_group"),
        meeting("2025-06-06", kind="other"),
        meeting("2025-07-07", status="cancelled"),
    ):
        attend(m, stranger, 3)
    held = meeting("2025-09-09")
    attend(held, voluntary, 2)
    attend(held, nav, 1)
    return {"stranger": stranger, "voluntary": voluntary, "nav": nav, "held": held}


def test_it_counts_panel_meetings_of_the_year_only(noise):
    meeting("2025-02-01", status="planned")
    # held 2025-09-09 + planned 2025-02-01; cancelled, other kinds, other years are left out
    assert selectors.meetings_count(2025) == 2
    assert selectors.meetings_count(2026) == 1
    assert selectors.meetings_count(2024) == 0


def test_it_counts_each_immigrant_organisation_once(noise):
    a = organisation("A")
    faith = organisation("Trossamfunn", kind=Kind.FAITH_COMMUNITY)
    first, second = meeting("2025-03-01"), meeting("2025-11-01")
    attend(first, a, 4)
    attend(second, a, 2)  # the same organisation twice
    attend(second, faith)
    assert selectors.organisations_represented(2025) == 2
    assert selectors.represented_organisation_names(2025) == ["A", "Trossamfunn"]


def test_it_ignores_attendance_from_the_next_year_and_cancelled_meetings(noise):
    assert selectors.organisations_represented(2025) == 0
    assert selectors.organisations_represented(2026) == 1
    assert selectors.organisations_represented(2023) == 1


def test_previous_year_and_growth_round_half_up(noise):
    orgs = [organisation(f"Org {n}") for n in range(26)]
    m2024, m2025 = meeting("2024-10-01"), meeting("2025-10-01")
    for org in orgs[:9]:
        attend(m2024, org)
    for org in orgs:
        attend(m2025, org)
    assert selectors.organisations_represented_previous_year(2025) == 9
    assert selectors.organisations_represented(2025) == 26
    assert selectors.growth_percent(2025) == 189  # 188.88… rounds up
    assert selectors.growth(3, 8) == -63  # -62.5: half up rounds away from zero (Decimal ROUND_HALF_UP)
    assert selectors.growth(5, 8) == -38  # -37.5
    assert selectors.growth(9, 8) == 13  # 12.5 → 13, not banker's 12


def test_growth_is_none_when_previous_year_is_zero(noise):
    attend(meeting("2025-10-01"), organisation("Ny"))
    assert selectors.growth_percent(2025) is None
    assert figures.compute("panel.growth_percent", 2025) is None


def test_two_or_more_meetings_spans_the_year_and_the_year_before(noise):
    a, b, c, d = (organisation(name) for name in "ABCD")
    dec2024, mar2025, nov2025 = meeting("2024-12-05"), meeting("2025-03-01"), meeting("2025-11-01")
    attend(dec2024, a)
    attend(nov2025, a)  # 2 meetings across 2024–2025: counts
    attend(mar2025, b)
    attend(nov2025, b)  # 2 in 2025: counts
    attend(mar2025, c)  # one meeting only
    attend(meeting("2023-06-01"), d)
    attend(mar2025, d)  # 2023 is outside the window
    attend(meeting("2025-04-04", kind="working_group"), c)  # another kind does not make a second
    attend(meeting("2025-04-05", status="cancelled"), c)
    attend(meeting("2026-01-20"), c)  # next year
    assert selectors.organisations_at_two_or_more_meetings(2025) == 2
    assert list(selectors.immigrant_organisations_at_two_or_more_meetings(2025).values_list("name", flat=True)) == ["A", "B"]


def test_immigrant_figure_leaves_out_services_and_voluntary_organisations(noise):
    second = meeting("2025-10-10")
    attend(second, noise["voluntary"])
    attend(second, noise["nav"])
    assert selectors.organisations_at_two_or_more_meetings(2025) == 0


def test_municipal_services_at_two_or_more_meetings_in_the_year_only(noise):
    kultur = service("Kultur")
    barnevern = service("Barneverntjenesten")
    m1, m2 = meeting("2025-03-01"), meeting("2025-11-01")
    attend(m1, noise["nav"])  # NAV: 2025-09-09 (noise) + m1
    attend(m1, kultur)
    attend(m2, kultur)
    attend(meeting("2024-11-01"), barnevern)
    attend(m2, barnevern)  # one in 2025, one in 2024: the year only
    attend(meeting("2025-04-04", kind="other"), barnevern)
    attend(m1, organisation("Innvandrerforening"))
    attend(m2, organisation("Innvandrerforening 2"))
    assert selectors.municipal_services_at_two_or_more_meetings(2025) == 2
    assert list(selectors.municipal_services_at_two_or_more_meetings_list(2025).values_list("name", flat=True)) == [
        "Kultur",
        "NAV Demo",
    ]


def test_every_registered_panel_figure_resolves():
    keys = [key for key in figures.FIGURES if key.startswith("panel.")]
    assert keys
    for key in keys:
        assert figures.figure_function(key) is not None, key
        assert figures.compute(key, 2025) in (0, None)


def test_report_panel_shape_and_values(noise):
    from panel.models import Guest, Topic

    a, b = organisation("Adle"), organisation("Baha'i", kind=Kind.FAITH_COMMUNITY)
    kultur = service("Kultur")
    first = meeting("2025-03-01", title="Vårmøte", coordinators_count=2, students_count=1,
                    working_methods=["group_work", "information_sharing"])
    second = meeting("2025-11-01", title="Høstmøte", guests_count=3, working_methods=["plenary"])
    first.topics.add(Topic.objects.create(name="Valg og valgdeltakelse"))
    second.topics.add(Topic.objects.create(name="IMDi-tilskudd"))
    Guest.objects.create(meeting=second, name="Kari Gjest", unit="Flexid")
    attend(first, a, 3)
    attend(first, b, 2)
    attend(first, kultur, 1)
    attend(second, kultur, 2)
    attend(meeting("2024-06-01"), a)

    report = selectors.report_panel(2025)
    assert [m["title"] for m in report["meetings"]] == ["Vårmøte", "Erfaringspanel 09.09.2025", "Høstmøte"]
    spring = report["meetings"][0]
    assert spring["topics"] == ["Valg og valgdeltakelse"]
    assert spring["participants_by_category"]["immigrant_organisation"] == 3
    assert spring["participants_by_category"]["faith_community"] == 2
    assert spring["participants_by_category"]["municipal_service"] == 1
    assert spring["participants_by_category"]["coordinators"] == 2
    assert spring["participants_by_category"]["students"] == 1
    assert report["topics"] == ["IMDi-tilskudd", "Valg og valgdeltakelse"]
    assert report["working_methods"] == ["Informasjonsdeling", "Gruppearbeid", "Samtaler i plenum"]
    assert report["represented_organisation_names"] == ["Adle", "Baha'i"]
    assert report["municipal_services_at_two_or_more_meetings"] == ["Kultur"]  # NAV: one 2025 meeting
    assert report["participation_by_year"][-2:] == [
        {"year": 2024, "organisations_represented": 1},
        {"year": 2025, "organisations_represented": 2},
    ]
    # from the first year with a panel meeting (2023, the noise's), not five years back
    assert [row["year"] for row in report["participation_by_year"]] == [2023, 2024, 2025]
    assert report["guests"] == [{"name": "Kari Gjest", "unit": "Flexid", "meeting_date": second.date}]


def test_report_panel_query_count_does_not_grow(django_assert_max_num_queries, noise):
    from panel.models import Guest, Topic

    def build(n):
        for i in range(n):
            m = meeting(f"2025-0{1 + i % 9}-1{i % 9}", title=f"M{n}-{i}")
            m.topics.add(Topic.objects.get_or_create(name=f"Tema {i}")[0])
            Guest.objects.create(meeting=m, name=f"Gjest {i}")
            for j in range(3):
                attend(m, organisation(f"O{n}-{i}-{j}"))

    build(2)
    with django_assert_max_num_queries(10) as small:
        selectors.report_panel(2025)
    build(12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        selectors.report_panel(2025)


def test_upcoming_public_items_are_coming_panel_meetings(settings):
    import datetime

    from django.utils import timezone

    today = timezone.localdate()
    soon = meeting(today + datetime.timedelta(days=3), title="Neste", start_time=datetime.time(17, 30))
    meeting(today + datetime.timedelta(days=4), title="Avlyst", status="cancelled")
    meeting(today + datetime.timedelta(days=5), title="Arbeidsgruppe", kind="working_group")
    meeting(today - datetime.timedelta(days=5), title="Forrige")
    items = selectors.upcoming_public_items(3)
    assert [item["title"] for item in items] == ["Erfaringspanelet: Neste"]
    start = items[0]["start"]
    assert timezone.is_aware(start)
    assert timezone.localtime(start).time() == datetime.time(17, 30)
    assert items[0]["url"] == f"/erfaringspanelet/{soon.pk}/"
