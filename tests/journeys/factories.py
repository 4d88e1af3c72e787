"""Test data for the journeys app: templates built by hand (``content/journeys`` has the real ones)."""

from datetime import time

import factory
from factory.django import DjangoModelFactory

from welkom.journeys.models import Anchor, JourneyTemplate, Owner, StepKind, TemplateStage, TemplateStep


class JourneyTemplateFactory(DjangoModelFactory[JourneyTemplate]):
    class Meta:
        model = JourneyTemplate

    slug = factory.Sequence(lambda n: f"template-{n}")
    title = factory.LazyAttribute(lambda template: {"en": template.slug})


class TemplateStageFactory(DjangoModelFactory[TemplateStage]):
    class Meta:
        model = TemplateStage

    template = factory.SubFactory(JourneyTemplateFactory)
    key = factory.Sequence(lambda n: f"stage-{n}")
    position = factory.Sequence(int)
    anchor = Anchor.ARRIVAL
    title = factory.LazyAttribute(lambda stage: {"en": stage.key})


class TemplateStepFactory(DjangoModelFactory[TemplateStep]):
    class Meta:
        model = TemplateStep

    stage = factory.SubFactory(TemplateStageFactory)
    key = factory.Sequence(lambda n: f"step-{n}")
    position = factory.Sequence(int)
    kind = StepKind.TASK
    owner = Owner.NEWCOMER
    local_time = time(9)
    title = factory.LazyAttribute(lambda step: {"en": step.key})
