from __future__ import annotations

from rest_framework import serializers

from welkom.modules.models import Audience, ModuleTranslationStatus, ProgressStatus


class ProgressSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    percent = serializers.IntegerField()
    section = serializers.CharField()
    started_at = serializers.DateTimeField()
    last_seen_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)


class ModuleSummarySerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    summary = serializers.CharField()
    audience = serializers.ChoiceField(choices=Audience.choices)
    topic = serializers.CharField()
    stage = serializers.CharField()
    minutes = serializers.IntegerField()
    tags = serializers.ListField(child=serializers.CharField())
    quiz_questions = serializers.IntegerField()
    locale = serializers.CharField(help_text="The language of the text shown.")
    requested_locale = serializers.CharField(help_text="The language the reader asked for.")
    is_fallback = serializers.BooleanField(help_text="True when the text is not in the requested language.")
    reviewed = serializers.BooleanField(
        help_text="False for a text drafted without a native speaker and not checked by one yet."
    )
    translation_status = serializers.ChoiceField(choices=ModuleTranslationStatus.choices)
    translation_outdated = serializers.BooleanField()
    available_locales = serializers.ListField(child=serializers.CharField())
    progress = ProgressSerializer(allow_null=True)


class AnswerFeedbackSerializer(serializers.Serializer):
    chosen = serializers.ListField(child=serializers.CharField())
    correct = serializers.BooleanField()
    correct_choices = serializers.ListField(child=serializers.CharField())
    explanation = serializers.CharField()
    explanation_language = serializers.CharField(help_text="The language of the explanation.")
    attempts = serializers.IntegerField()


class QuizOptionSerializer(serializers.Serializer):
    id = serializers.CharField()
    text = serializers.CharField()


class QuizQuestionSerializer(serializers.Serializer):
    key = serializers.CharField()
    version = serializers.CharField(help_text="Send it back with the answer (see AnswerWrite.version).")
    kind = serializers.ChoiceField(choices=[("single", "single"), ("multiple", "multiple")])
    question = serializers.CharField()
    language = serializers.CharField(help_text="The language of the question and its options.")
    options = QuizOptionSerializer(many=True)
    answer = AnswerFeedbackSerializer(allow_null=True)


class RegionNoteSerializer(serializers.Serializer):
    region = serializers.CharField()
    name = serializers.CharField()
    html = serializers.CharField()


class ModuleDetailSerializer(ModuleSummarySerializer):
    body_html = serializers.CharField(help_text="Sanitised HTML.")
    region_note = RegionNoteSerializer(allow_null=True)
    reflection = serializers.ListField(child=serializers.CharField())
    quiz = QuizQuestionSerializer(many=True)


class ProgressWriteSerializer(serializers.Serializer):
    percent = serializers.IntegerField(min_value=0, max_value=100)
    section = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class AnswerWriteSerializer(serializers.Serializer):
    choices = serializers.ListField(child=serializers.CharField(max_length=80), max_length=20)
    version = serializers.CharField(
        max_length=64,
        required=False,
        help_text="The question's version as it was shown. When the question changed since (an answer "
        "queued offline during a content update), the answer is refused with 409 conflict.",
    )


class NewcomerCompletionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()
    email = serializers.EmailField()
    modules_completed = serializers.IntegerField()
    modules_in_progress = serializers.IntegerField()
    modules_available = serializers.IntegerField()
    last_activity = serializers.DateTimeField(allow_null=True)


class NewcomerModuleProgressSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    status = serializers.ChoiceField(choices=ProgressStatus.choices)
    percent = serializers.IntegerField()
    last_seen_at = serializers.DateTimeField()
    completed_at = serializers.DateTimeField(allow_null=True)
    quiz_answered = serializers.IntegerField()
    quiz_first_correct = serializers.IntegerField()


class ModuleCompletionSerializer(serializers.Serializer):
    slug = serializers.SlugField()
    title = serializers.CharField()
    audience = serializers.ChoiceField(choices=Audience.choices)
    started = serializers.IntegerField()
    completed = serializers.IntegerField()


class MissedQuestionSerializer(serializers.Serializer):
    module = serializers.SlugField()
    module_title = serializers.CharField()
    question_key = serializers.CharField()
    question = serializers.CharField()
    answered = serializers.IntegerField()
    missed = serializers.IntegerField(help_text="Wrong at the first attempt.")
