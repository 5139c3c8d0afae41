"""Demo: the 2025 annual report, written, approved by the panel and published, so the public
list has a report and the PDF can be downloaded at once. The texts are short stand-ins."""

import datetime

from django.core.files.base import ContentFile

from portal.reporting.periods import Period
from reports import services
from reports.models import AnnualReport

YEAR = 2025

TEXTS = {
    "Innledning": (
        "<p>Denne rapporten gir Erfaringspanelet og andre interesserte en oversikt over aktivitetene i prosjektet "
        "i {year}. Den bygger på tiltakene i prosjektet, kravene i tilskuddet, kommunens plan for integrering og "
        "inkludering, erfaringer fra Erfaringspanelet og rapporteringen fra mangfoldskoordinatorene.</p>"
        "<p>Rapporten viser:</p><ul><li>hvem som har deltatt i Erfaringspanelet</li>"
        "<li>hvilke tema som har vært behandlet</li><li>hvilke tiltak som er startet eller gjennomført</li>"
        "<li>status og vurdering av måloppnåelse.</li></ul>"
    ),
    "Erfaringspanelet": (
        "<p>Erfaringspanelet er en møteplass mellom kommunen og innvandrerorganisasjoner, samt frivillige "
        "organisasjoner for og av innvandrere. Panelet skal bidra til at innvandreres erfaringer, behov og "
        "perspektiver blir hørt i utviklingen av kommunale tjenester.</p>"
    ),
    "Økt deltagelse": (
        "<p>Økt deltagelse i Erfaringspanelet er et av hovedmålene i prosjektet og et effektmål i tilskuddet.</p>"
    ),
    "Oversikt og dialog innvandrerorganisasjoner": (
        "<p>Et viktig mål i {year} har vært å få bedre oversikt over innvandrerorganisasjonene og å opprette "
        "kontakt med flere av dem.</p>"
    ),
    "Veiledning og råd": (
        "<p>Mangfoldskoordinatorene er tilgjengelige for alle som ønsker kontakt, blant annet for hjelp med "
        "tilskuddssøknader og lokaler.</p>"
    ),
    "Oversikt og dialog frivillige organisasjoner": (
        "<p>Noen frivillige organisasjoner med tiltak rettet mot innvandrerbefolkningen ble invitert til møtet i "
        "Erfaringspanelet i november. Gruppearbeidet handlet om samarbeid på tvers av organisasjonene, blant annet "
        "om den første Frivilligbørs<span class=\"footnote\">Frivilligbørs er en markedsplass der næringsliv, frivillige "
        "organisasjoner og offentlige tjenesteprodusenter kan møtes for å inngå sosiale partnerskap og kontrakter om "
        "kortsiktig eller langsiktig samarbeid.</span> i Sandnes.</p>"
    ),
    "Kampanjearbeid": (
        "<p>Målet for kampanjearbeidet er å motvirke rasisme og diskriminering og å se mangfold som en ressurs.</p>"
    ),
    "Økt synlighet": (
        "<p>Erfaringspanelet har vært opptatt av å gjøre det kulturelle mangfoldet mer synlig.</p>"
    ),
    "Bærekraft": (
        "<p>Prosjektet tar sikte på varige strukturer som står seg også etter at prosjektmidlene opphører.</p>"
    ),
    "Status og måloppnåelse": (
        "<p>Måloppnåelsen vurderes ut fra tilbakemeldinger fra deltagerne i Erfaringspanelet, prosjektbeskrivelsen "
        "og kommunens plan for integrering og inkludering.</p>"
    ),
}


def poster():
    """A made-up poster for the demo's chapter image (PNG bytes), drawn here: no file to ship
    (Pillow's built-in font has no å, so the text does without)."""
    import io

    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 400), "#1f4e79")
    draw = ImageDraw.Draw(image)
    for index, colour in enumerate(("#e63946", "#f1c453", "#2a9d8f", "#8ab17d", "#f4a261")):
        draw.rectangle((index * 160, 330, index * 160 + 159, 400), fill=colour)
    for line, text in enumerate(("HELE VERDEN I SANDNES", "29. oktober 2025 i Sandnes", "Musikk, dans og mat")):
        draw.text((60, 80 + line * 60), text, fill="white", font_size=(44 if line == 0 else 30))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def seed(stdout):
    if AnnualReport.objects.filter(year=YEAR).exists():
        return
    report = services.report_create(year=YEAR)
    for section in report.sections.all():
        text = TEXTS.get(section.heading)
        if text:
            picture = {}
            if section.heading == "Kampanjearbeid":
                picture = {
                    "image": ContentFile(poster(), name="hele-verden-i-sandnes.png"),
                    "image_alt": "Plakat: HELE VERDEN I SANDNES, 29. oktober 2025 i Sandnes. Musikk, dans og mat.",
                    "image_caption": "Plakaten for HELE VERDEN I SANDNES (demo).",
                }
            services.section_save(
                report=report,
                section=section,
                level=section.level,
                heading=section.heading,
                body=text.format(year=YEAR),
                generated=section.generated,
                **picture,
            )
    # The project's year, as the reference report lists the organisations of the panel (§2.1).
    services.report_set_period(report=report, period=Period(datetime.date(YEAR - 1, 12, 1), datetime.date(YEAR, 12, 31)))
    report = services.report_approve(
        report=report, approved_by_body="Erfaringspanelet", approved_on=datetime.date(YEAR + 1, 3, 11)
    )
    services.report_publish(report=report, published_on=datetime.date(YEAR + 1, 3, 20))
    stdout.write(f"Annual report {YEAR}: approved and published.")
