"""Test data for the modules app: modules made by hand (``content/modules`` has the real ones)."""

import factory
from factory.django import DjangoModelFactory

from welkom.modules.models import Audience, Module, ModuleTranslation, ModuleTranslationStatus


class ModuleFactory(DjangoModelFactory[Module]):
    class Meta:
        model = Module

    slug = factory.Sequence(lambda n: f"module-{n}")
    audience = Audience.BOTH
    topic = "culture"
    stage = "first-week"
    minutes = 5
    content_hash = factory.SelfAttribute("slug")


class ModuleTranslationFactory(DjangoModelFactory[ModuleTranslation]):
    class Meta:
        model = ModuleTranslation

    module = factory.SubFactory(ModuleFactory)
    locale = "en"
    status = ModuleTranslationStatus.HUMAN
    title = factory.Sequence(lambda n: f"Module {n}")
    body = "Text."
