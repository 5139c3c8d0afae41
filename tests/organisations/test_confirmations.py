import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from organisations import selectors

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.localdate() - datetime.timedelta(days=400)
RECENTLY = timezone.localdate() - datetime.timedelta(days=30)


def run():
    out = StringIO()
    call_command("send_listing_confirmations", stdout=out)
    return out.getvalue()


def test_editors_of_stale_listings_are_asked_once_a_year(published, editor, mailoutbox, django_user_model):
    stale = published("Gammel oppføring", published_on=LONG_AGO)
    stale.editors.add(editor)
    second_editor = django_user_model.objects.create_user("to", email="to@example.org", password="x")
    stale.editors.add(second_editor)
    fresh = published("Bekreftet nylig", published_on=LONG_AGO, last_confirmed_on=RECENTLY)
    fresh.editors.add(editor)
    new = published("Ny oppføring", published_on=RECENTLY)
    new.editors.add(editor)
    published("Uten redaktør", published_on=LONG_AGO)

    assert "1 listing(s) asked; 2 e-mail(s) sent" in run()
    assert sorted(m.to[0] for m in mailoutbox) == ["redaktor@example.org", "to@example.org"]
    assert all("Gammel oppføring" in m.subject for m in mailoutbox)
    assert f"/mine-organisasjoner/{stale.slug}/" in mailoutbox[0].body
    # The yearly confirmation covers the organisation's own record too.
    assert f"/mine-organisasjoner/{stale.slug}/opplysninger/" in mailoutbox[0].body

    assert "0 listing(s) asked" in run()  # idempotent: a second run the same year sends nothing
    assert len(mailoutbox) == 2


def test_asked_again_after_a_year_if_still_not_confirmed(published, editor, mailoutbox):
    stale = published("Gammel oppføring", published_on=LONG_AGO)
    stale.editors.add(editor)
    stale.confirmation_requested_at = timezone.now() - datetime.timedelta(days=366)
    stale.save()
    run()
    assert len(mailoutbox) == 1


def test_the_queue_lists_stale_listings_and_the_page_shows_last_confirmed(client, coordinator, published):
    stale = published("Glemt oppføring", published_on=LONG_AGO)
    confirmed = published("Oppdatert oppføring", published_on=LONG_AGO, last_confirmed_on=RECENTLY)
    assert list(selectors.stale_listings()) == [stale]
    client.force_login(coordinator)
    html = client.get(reverse("organisations:moderation_queue")).content.decode()
    assert "Glemt oppføring" in html and "Oppdatert oppføring" not in html
    client.logout()
    public = client.get(confirmed.get_absolute_url()).content.decode()
    assert "Sist bekreftet" in public
