"""Machine translations: stored as not reviewed, never over a human text, reviewed in the admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission

from tests.modules.conftest import write_module
from welkom.content.services import content_sync
from welkom.core.errors import ApiError
from welkom.modules import services
from welkom.modules.models import Module, ModuleTranslation, ModuleTranslationStatus

pytestmark = pytest.mark.django_db


def pirate(text: str, *, source: str, target: str) -> str:
    return f"[{source}>{target}] {text}"


@pytest.fixture
def module(content_root) -> Module:
    write_module(content_root, "sample")
    content_sync(root=content_root, kinds=["modules"])
    return Module.objects.get(slug="sample")


def test_without_a_language_package_the_error_says_so(module, packages_dir):
    with pytest.raises(services.TranslationEngineMissing, match="No translation engine is installed"):
        services.module_machine_translate(module=module, locale="pl")
    assert not module.translations.filter(locale="pl").exists()


def test_translate_command_reports_the_missing_package(module, packages_dir):
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="No translation engine is installed for en→pl"):
        call_command("translate_modules", "pl")


def test_machine_translation_covers_every_text_and_waits_for_review(module):
    translation = services.module_machine_translate(module=module, locale="pl", engine=pirate)
    assert translation.status == ModuleTranslationStatus.MACHINE_UNREVIEWED
    assert translation.title == "[en>pl] Sample title"
    assert translation.reflection == ["[en>pl] What did you notice?"]
    assert translation.quiz_text["pick-one"]["options"]["a"] == "[en>pl] Option A"
    assert translation.quiz_text["pick-one"]["explanation"].startswith("[en>pl]")
    assert translation.region_notes["south-asia"].startswith("[en>pl]")
    assert "<strong>text</strong>" in translation.body_html
    assert not translation.is_outdated


def test_a_human_translation_is_never_overwritten(module):
    with pytest.raises(ApiError, match="already has a human translation"):
        services.module_machine_translate(module=module, locale="nl", engine=pirate)
    assert module.translations.get(locale="nl").title == "Nederlandse titel"


def test_hr_reviews_edits_and_approves_in_the_admin(client_factory, org_a, module):
    translation = services.module_machine_translate(module=module, locale="pl", engine=pirate)
    hr = org_a["hr"]
    hr.is_staff = True
    hr.save()
    hr.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_moduletranslation", "change_moduletranslation"])
    )
    client = client_factory()
    client.force_login(hr)
    url = f"/admin/modules/moduletranslation/{translation.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    form = {
        "title": "Bezpośrednia informacja zwrotna",
        "summary": "Poprawione",
        "body": "Nowy **tekst**",
        "region_notes": "{}",
        "reflection": '["Co zauważyłeś?"]',
        "quiz_text": '{"pick-one": {"question": "Q", "options": {"a": "A", "b": "B"}, "explanation": "E"}}',
    }
    response = client.post(url, form, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert response.status_code == 302, response.content[:2000]
    translation.refresh_from_db()
    assert translation.body_html.strip() == "<p>Nowy <strong>tekst</strong></p>"
    assert translation.status == ModuleTranslationStatus.MACHINE_UNREVIEWED

    response = client.post(
        "/admin/modules/moduletranslation/",
        {"action": "approve", "_selected_action": [translation.pk]},
        HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value,
    )
    assert response.status_code == 302
    translation.refresh_from_db()
    assert translation.status == ModuleTranslationStatus.APPROVED
    assert translation.reviewed_by == hr


def test_human_translations_are_read_only_in_the_admin(client_factory, org_a, module):
    admin = org_a["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client = client_factory()
    client.force_login(admin)
    human = ModuleTranslation.objects.get(module=module, locale="en")
    page = client.get(f"/admin/modules/moduletranslation/{human.pk}/change/").content.decode()
    assert 'name="title"' not in page


def test_the_ui_is_told_which_text_is_machine_made(client_factory, org_a, module):
    services.module_machine_translate(module=module, locale="pl", engine=pirate)
    newcomer = org_a["newcomer"]
    newcomer.language = "pl"
    newcomer.save()
    body = client_factory(newcomer).get("/api/modules/sample").json()
    assert body["translation_status"] == "machine_unreviewed"
    assert body["available_locales"] == ["en", "nl", "pl"]


def test_the_offline_engine_fills_a_locale_for_review(module, languages):
    """Real Argos packages (random weights): every text goes through the model, nothing is lost."""
    translation = services.module_machine_translate(module=module, locale="pl")
    assert translation.status == ModuleTranslationStatus.MACHINE_UNREVIEWED
    source = module.translations.get(locale="en")
    assert set(translation.quiz_text) == set(source.quiz_text)
    assert set(translation.region_notes) == set(source.region_notes)
    assert len(translation.reflection) == len(source.reflection)
