from django.utils.translation import gettext as _
from rest_framework import serializers

from welkom.core.language import normalise, supported_languages
from welkom.speech.models import SpeechStatus
from welkom.speech.sources import SourceKind


class SpeechRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=SourceKind.choices)
    ref = serializers.CharField(
        max_length=200, help_text="Module slug, term key, or the id of a step, item, notification or message."
    )
    lang = serializers.CharField(max_length=10, help_text="The language the text is shown in (the reader's).")

    def validate_lang(self, value: str) -> str:
        code, known = normalise(value), supported_languages()
        if code not in known:
            raise serializers.ValidationError(_("Choose one of: %(codes)s.") % {"codes": ", ".join(known)})
        return code


class SpeechSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=SpeechStatus.choices)
    language = serializers.CharField(help_text="The language the audio speaks.")
    duration_ms = serializers.IntegerField()
    url = serializers.CharField(allow_null=True, help_text="Where the audio is, once it is ready.")
