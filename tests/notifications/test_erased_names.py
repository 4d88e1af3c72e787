"""Messages about a person who is erased: HR, leads and buddies keep them in their inbox, but no
longer read the person's name in them, neither in the text stored when they were written nor in
what the inbox renders for its reader from the message's params. The stored text is the one its
recipient first read (in their language); erasure finds the messages that name the person by it.
Found by mutation testing (docs/testing.md): erasure scrubbed the stored text, and the inbox went on
showing the name from the params."""

import pytest

from tests.privacy.helpers import newcomer_with_profile
from welkom.notifications.models import Notification
from welkom.notifications.services import notification_send
from welkom.privacy.services import erasure_perform

pytestmark = pytest.mark.django_db

NAME = "Zaynab Quillfeather"
EMAIL = "zaynab.quillfeather@alpha.test"
MODULE = {"en": "Read the module", "nl": "Lees de module"}


def _inbox(client) -> list[str]:
    return [f"{n['title']} {n['body']}" for n in client.get("/api/notifications").json()["results"]]


def test_messages_about_an_erased_person_keep_their_place_without_the_name(
    org_a, client_factory, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    person = newcomer_with_profile(org_a, full_name=NAME, email=EMAIL)
    hr, lead = org_a["hr"], org_a["team_lead"]
    hr.language = "nl"
    hr.save()
    escalated = notification_send(
        recipient=hr,
        kind="journey_escalated",
        params={"name": person.display_name, "title": MODULE},
        dedupe_key="escalated-1",
        urgent=True,
    )
    assert escalated.title == f"Nog open voor {NAME}: Lees de module"  # as HR first read it
    notification_send(
        recipient=lead,
        kind="journey_step",
        params={"title": MODULE, "body": {"en": "Ten minutes"}, "person": person.display_name},
        dedupe_key="step-1",
        urgent=True,
    )
    notification_send(
        recipient=hr,
        kind="journey_digest",
        params={
            "week": "2026-W50",
            "newcomers": [{"name": person.display_name, "steps": [{"title": MODULE, "due": "2026-12-01"}]}],
        },
        dedupe_key="digest-1",
        urgent=True,
    )
    other = notification_send(
        recipient=hr,
        kind="journey_escalated",
        params={"name": "Pieter Jansen", "title": MODULE},
        dedupe_key="escalated-2",
        urgent=True,
    )
    hr_client, lead_client = client_factory(hr), client_factory(lead)
    assert sum("Quillfeather" in text for text in _inbox(hr_client)) == 2
    assert sum("Quillfeather" in text for text in _inbox(lead_client)) == 1

    erasure_perform(person=person, erased_by=org_a["admin"], confirm_email=EMAIL)

    for client, count in ((hr_client, 3), (lead_client, 1)):
        inbox = _inbox(client)
        assert len(inbox) == count  # each message keeps its place
        assert not [text for text in inbox if "Zaynab" in text or "Quillfeather" in text]
    assert any(text.startswith("Nog open voor [removed]: Lees de module") for text in _inbox(hr_client))
    for notification in Notification.objects.exclude(pk=other.pk):
        assert "Quillfeather" not in str(notification.params), notification.kind
    other.refresh_from_db()
    assert other.params["name"] == "Pieter Jansen"  # someone else's name stays
