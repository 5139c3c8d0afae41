from django.template.loader import render_to_string


def goal_row(change):
    return {"title": "Deltakelse", "target_description": "+50 % fra året før", "actual": 26,
            "change_percent": change, "target_kind": "percent_change_vs_previous_year", "status_label": "Nådd"}


def test_a_fall_is_shown_with_its_minus_and_a_rise_with_a_plus():
    html = render_to_string("reports/blocks/goals.html", {"content": {"year": 2025, "goals": [goal_row(-75), goal_row(189)]}})
    assert "(-75\u00a0%)" in html
    assert "+-" not in html
    assert "(+189\u00a0%)" in html
