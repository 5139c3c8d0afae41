#!/usr/bin/env python
"""The annual report on a large dataset: how long the JSON, the HTML and the PDF take, and how
much of the PDF time is WeasyPrint's own.

    .venv/bin/python scripts/bench_report.py [--year 2025] [--repeat 3] [--keep]

Builds, in a scratch database (DATABASE_URL when set, otherwise a new SQLite file in a temporary
directory), 1,000 organisations, 50 panel meetings, 20,000 contacts and 2,000 survey answers over
five years (plus guidance, goals and plan items), through the apps' models; a part of the portal
that is missing is left out and said so. Then times, for the last year, each step `--repeat`
times and prints the median:

- JSON: `reports.selectors.report_figures(year)` (what `annual_report --format json` prints);
- HTML: the whole content (every selector) and the template, as `--format html` renders it;
- PDF: `reports.pdf.generate(report)`, the whole path a draft's download takes (no cache);
- WeasyPrint alone on the same HTML string; the ratio PDF / WeasyPrint is the portal's overhead.

This is a measurement, not a test: it asserts nothing and never runs in the test suite.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ORGANISATIONS = 1000
MEETINGS = 50
CONTACTS = 20000
SURVEY_ANSWERS = 2000
YEARS = 5


def setup_django(keep):
    if not os.environ.get("DATABASE_URL"):
        folder = Path(tempfile.mkdtemp(prefix="bench-report."))
        os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
        if not keep:
            import atexit
            import shutil

            atexit.register(shutil.rmtree, folder, ignore_errors=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_DEBUG", "1")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-report-only")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def log(message):
    print(f"== {message}", file=sys.stderr, flush=True)


def build(year, rng):
    from goals import models as goals
    from organisations.models import Kind, Organisation
    from outreach import models as outreach
    from panel import models as panel
    from surveys import models as surveys
    from portal.text.search import fold

    first = year - YEARS + 1
    kinds = (
        [Kind.IMMIGRANT_ORGANISATION] * 80 + [Kind.FAITH_COMMUNITY] * 8 + [Kind.VOLUNTARY_ORGANISATION] * 6
        + [Kind.MUNICIPAL_SERVICE] * 4 + [Kind.OTHER] * 2
    )
    letters = ["Ø", "Æ", "Å", "é", "ñ", "ğ", ""]
    organisations, published_dates = [], []
    for n in range(ORGANISATIONS):
        name = f"Forening {n:04d} {letters[n % len(letters)]}stre"
        published = datetime.date(rng.randint(first, year + 1), rng.randint(1, 12), 1) if n % 3 == 0 else None
        published_dates.append(published)
        organisations.append(
            Organisation(
                name=name, slug=f"forening-{n:04d}", kind=kinds[n % len(kinds)],
                description="Kultur, språk og fellesskap.", search_text=fold(name),
            )
        )
    Organisation.objects.bulk_create(organisations, batch_size=500)
    organisations = list(Organisation.objects.order_by("pk"))
    # A published listing has its consent on record (the database refuses one without).
    from organisations.services import consent_record, organisation_set_published

    for n, organisation in enumerate(organisations):
        published = published_dates[n]
        if published:
            consent_record(organisation=organisation, given_by="Styreleder", given_on=published)
            organisation_set_published(organisation=organisation, on=published)
    immigrant = [o for o in organisations if o.kind in (Kind.IMMIGRANT_ORGANISATION, Kind.FAITH_COMMUNITY)]
    services = [o for o in organisations if o.kind == Kind.MUNICIPAL_SERVICE]
    counts = {"organisations": len(organisations)}

    topics = [panel.Topic.objects.create(name=f"Tema {n}") for n in range(12)]
    meetings = []
    for n in range(MEETINGS):
        meeting_year = first + n % YEARS
        meetings.append(
            panel.Meeting.objects.create(
                kind="panel", status="held", date=datetime.date(meeting_year, 1 + (n // YEARS) % 12, 10 + n % 15),
                title=f"Erfaringspanel {n + 1}",
            )
        )
    attendances = []
    for meeting in meetings:
        meeting.topics.set(rng.sample(topics, 3))
        for organisation in rng.sample(immigrant, 30) + rng.sample(services, 6):
            attendances.append(panel.Attendance(meeting=meeting, organisation=organisation, participants=rng.randint(1, 4)))
    panel.Attendance.objects.bulk_create(attendances, batch_size=1000)
    counts.update(meetings=len(meetings), attendances=len(attendances))

    outcomes = ["no_response", "responded", "met"]
    channels = ["email", "phone", "sms", "meeting", "visit", "other"]
    contacts = [
        outreach.Contact(
            organisation=rng.choice(organisations),
            date=datetime.date(rng.randint(first, year), rng.randint(1, 12), rng.randint(1, 28)),
            outcome=rng.choice(outcomes), channel=rng.choice(channels),
        )
        for _n in range(CONTACTS)
    ]
    outreach.Contact.objects.bulk_create(contacts, batch_size=1000)
    guidance = [
        outreach.Guidance(
            date=datetime.date(rng.randint(first, year), rng.randint(1, 12), 5), organisation=rng.choice(immigrant),
            topic=rng.choice(["grant_application", "premises", "municipal_services", "cooperation", "other"]),
            minutes_spent=rng.choice([15, 30, 60]),
        )
        for _n in range(500)
    ]
    outreach.Guidance.objects.bulk_create(guidance, batch_size=500)
    counts.update(contacts=len(contacts), guidance=len(guidance))

    answers_made = 0
    per_year = SURVEY_ANSWERS // YEARS
    for survey_year in range(first, year + 1):
        survey = surveys.Survey.objects.create(title=f"Evaluering {survey_year}", report_year=survey_year)
        groups = [
            surveys.RespondentGroup.objects.create(survey=survey, name="Innvandrerorganisasjon", position=1),
            surveys.RespondentGroup.objects.create(survey=survey, name="Kommunen", position=2),
        ]
        questions = [
            surveys.Question.objects.create(survey=survey, position=1, kind="score", text="Har kontakten vært nyttig?"),
            surveys.Question.objects.create(survey=survey, position=2, kind="yes_no", text="Har du deltatt på møter?"),
            surveys.Question.objects.create(survey=survey, position=3, kind="score", text="Har møtene vært nyttige?"),
            surveys.Question.objects.create(survey=survey, position=4, kind="text", text="Hva har vært bra?"),
        ]
        responses = surveys.Response.objects.bulk_create(
            surveys.Response(survey=survey, group=groups[n % 4 == 0], anonymous=True, submitted_on=datetime.date(survey_year + 1, 1, 10))
            for n in range(per_year // len(questions))
        )
        answers = []
        for response in responses:
            answers += [
                surveys.Answer(response=response, question=questions[0], value=str(rng.randint(1, 5))),
                surveys.Answer(response=response, question=questions[1], value=rng.choice(["yes", "no"])),
                surveys.Answer(response=response, question=questions[2], value=str(rng.randint(1, 5))),
                surveys.Answer(response=response, question=questions[3], value="Gode samtaler og nyttig informasjon."),
            ]
        surveys.Answer.objects.bulk_create(answers, batch_size=1000)
        answers_made += len(answers)
    counts.update(survey_answers=answers_made)

    goals.Goal.objects.create(
        title="Økt deltagelse i Erfaringspanelet", indicator_key="panel.organisations_represented",
        target_kind="percent_change_vs_previous_year", target_value=50,
    )
    goals.Goal.objects.create(
        title="Kontakt med innvandrerorganisasjonene", indicator_key="outreach.organisations_contacted",
        target_kind="absolute", target_value=400,
    )
    for n in range(1, 21):
        item = goals.PlanItem.objects.create(plan_name="Plan for integrering", chapter=f"Kapittel {1 + n // 7}", position=n, text=f"Planpunkt {n}: samarbeid med frivillig sektor.")
        goals.PlanItemYear.objects.create(plan_item=item, year=year, achieved_text=f"<p>Oppnådd på punkt {n}.</p>")
    counts.update(plan_items=20)
    return counts


def page_count(data):
    import re
    import subprocess

    try:
        info = subprocess.run(["pdfinfo", "-"], input=data, capture_output=True, check=True).stdout.decode()
    except (OSError, subprocess.CalledProcessError):
        return "?"
    match = re.search(r"Pages:\s+(\d+)", info)
    return match.group(1) if match else "?"


def timed(function, repeat):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    seconds, queries, result = [], None, None
    for _n in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            result = function()
            seconds.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(seconds), queries, result


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the scratch SQLite database")
    parser.add_argument("--html-out", help="also write the report's HTML to this file")
    args = parser.parse_args()

    setup_django(args.keep)
    from django.db import connection

    from reports import pdf, selectors, services

    log(f"building the dataset in {connection.settings_dict['NAME']}")
    start = time.perf_counter()
    counts = build(args.year, random.Random(args.seed))
    log(f"built in {time.perf_counter() - start:.1f} s: {counts}")
    report = services.report_create(year=args.year)

    json_s, json_q, figures = timed(lambda: selectors.report_figures(args.year), args.repeat)
    html_s, html_q, html = timed(lambda: pdf.render_print_html(selectors.report_content(report)), args.repeat)
    if args.html_out:
        Path(args.html_out).write_text(html, encoding="utf-8")
    # Interleaved, so a busy moment on the machine weighs on both sides of the ratio alike.
    pdf_runs, weasy_runs = [], []
    for _n in range(args.repeat):
        pdf_runs.append(timed(lambda: pdf.generate(report), 1))
        weasy_runs.append(timed(lambda: pdf.html_to_pdf(html), 1))
    pdf_s, pdf_q, generated = statistics.median(r[0] for r in pdf_runs), pdf_runs[-1][1], pdf_runs[-1][2]
    weasy_s = statistics.median(r[0] for r in weasy_runs)

    pages = page_count(generated[2])
    print(f"dataset: {', '.join(f'{key} {value:,}'.replace(',', ' ') for key, value in counts.items())}")
    print(f"database: {connection.vendor}; year {args.year}; median of {args.repeat} runs")
    print(f"figures: panel {figures['panel']}, outreach contacted {figures['outreach'].get('organisations_contacted')}")
    print(f"{'step':<28}{'seconds':>9}{'queries':>9}")
    print(f"{'JSON (report_figures)':<28}{json_s:>9.3f}{json_q:>9}")
    print(f"{'HTML (content + template)':<28}{html_s:>9.3f}{html_q:>9}")
    print(f"{'PDF (generate, whole path)':<28}{pdf_s:>9.3f}{pdf_q:>9}")
    print(f"{'WeasyPrint alone, same HTML':<28}{weasy_s:>9.3f}{'0':>9}")
    print(f"PDF / WeasyPrint alone: {pdf_s / weasy_s:.2f} (the portal's own overhead is {pdf_s - weasy_s:.3f} s)")
    print(f"HTML {len(html) / 1024:.0f} KiB, PDF {len(generated[2]) / 1024:.0f} KiB, {pages} pages")


if __name__ == "__main__":
    main()
