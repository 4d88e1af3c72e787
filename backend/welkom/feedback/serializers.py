from rest_framework import serializers

from welkom.feedback.models import ItemKind


class FeedbackWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    ref = serializers.CharField(
        max_length=200, help_text="Module slug, term key, or the id of a step or item."
    )
    helpful = serializers.BooleanField()
    comment = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class FeedbackSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    key = serializers.CharField()
    helpful = serializers.BooleanField()
    comment = serializers.CharField()
    updated_at = serializers.DateTimeField()


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="As the newcomer wrote it.")
    translated = serializers.CharField(
        allow_null=True, help_text="In the reader's language; null when not translated."
    )
    helpful = serializers.BooleanField()
    updated_at = serializers.DateTimeField()


class ItemSummarySerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ItemKind.choices)
    key = serializers.CharField()
    title = serializers.CharField()
    helpful = serializers.IntegerField()
    not_helpful = serializers.IntegerField()
    comments = CommentSerializer(many=True)
