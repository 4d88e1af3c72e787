from rest_framework import serializers


class TermSerializer(serializers.Serializer):
    key = serializers.SlugField()
    term = serializers.CharField(help_text="How it is written in Dutch.")
    say = serializers.CharField(help_text="How to say it, in syllables (the stressed one in capitals).")
    also = serializers.ListField(child=serializers.CharField(), help_text="Other written forms.")
    source_url = serializers.CharField(help_text="Official page for the facts; empty when none.")
    explanation = serializers.CharField()
    language = serializers.CharField(help_text="The language of the explanation.")
    requested_language = serializers.CharField()
    is_fallback = serializers.BooleanField()
    drafted = serializers.BooleanField(help_text="Drafted without a native speaker.")
