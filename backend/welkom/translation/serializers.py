from __future__ import annotations

from rest_framework import serializers

from welkom.translation.models import ApiKey, GlossaryEntry, MemoryEntry, PackageDownload, TranslationSettings


class ApiKeySerializer(serializers.ModelSerializer[ApiKey]):
    created_by = serializers.EmailField(source="created_by.email", read_only=True, allow_null=True)

    class Meta:
        model = ApiKey
        fields = ["id", "name", "prefix", "created_by", "created_at", "revoked_at", "last_used_at"]
        read_only_fields = fields


class ApiKeyCreateSerializer(serializers.Serializer[None]):
    name = serializers.CharField(max_length=100)


class ApiKeyCreatedSerializer(ApiKeySerializer):
    key = serializers.CharField(read_only=True, help_text="Shown once: store it now.")

    class Meta(ApiKeySerializer.Meta):
        fields = [*ApiKeySerializer.Meta.fields, "key"]
        read_only_fields = fields


class GlossaryEntrySerializer(serializers.ModelSerializer[GlossaryEntry]):
    class Meta:
        model = GlossaryEntry
        fields = ["id", "term", "translation", "source_language", "target_language", "updated_at"]
        read_only_fields = ["id", "updated_at"]


# A language code as Argos packages name them: "nl", "uk", "pt-BR"; empty means any language.
LANGUAGE_CODE = r"^([a-z]{2,3}([-_][A-Za-z]{2,4})?)?$"


def _optional_language_code() -> serializers.RegexField:
    """A language code such as "nl", or empty (any language)."""
    return serializers.RegexField(
        LANGUAGE_CODE,
        max_length=10,
        allow_blank=True,
        required=False,
        default="",
        error_messages={"invalid": "A language code such as nl or en."},
    )


class GlossaryEntryWriteSerializer(serializers.Serializer[None]):
    term = serializers.CharField(max_length=100)
    translation = serializers.CharField(
        max_length=200,
        allow_blank=True,
        required=False,
        default="",
        help_text="Empty: keep the term as written. Otherwise what it becomes in the target language.",
    )
    source_language = _optional_language_code()
    target_language = _optional_language_code()


class MemoryEntrySerializer(serializers.ModelSerializer[MemoryEntry]):
    approved_by = serializers.EmailField(source="approved_by.email", read_only=True, allow_null=True)

    class Meta:
        model = MemoryEntry
        fields = [
            "id",
            "source_language",
            "target_language",
            "source_text",
            "translated_text",
            "approved_by",
            "updated_at",
        ]
        read_only_fields = fields


class MemoryEntryWriteSerializer(serializers.Serializer[None]):
    source_language = serializers.CharField(max_length=10)
    target_language = serializers.CharField(max_length=10)
    source_text = serializers.CharField(max_length=5000, trim_whitespace=False)
    translated_text = serializers.CharField(max_length=5000, trim_whitespace=False)


class PackageSerializer(serializers.Serializer[None]):
    from_code = serializers.CharField()
    from_name = serializers.CharField()
    to_code = serializers.CharField()
    to_name = serializers.CharField()
    package_version = serializers.CharField()
    checksum = serializers.CharField()
    size_bytes = serializers.IntegerField()
    installed_at = serializers.CharField()
    demo = serializers.BooleanField(
        help_text="Built by Welkom's package builder: random weights, nonsense output."
    )


class PackageUploadSerializer(serializers.Serializer[None]):
    file = serializers.FileField()


class IndexPackageSerializer(serializers.Serializer[None]):
    from_code = serializers.CharField()
    from_name = serializers.CharField()
    to_code = serializers.CharField()
    to_name = serializers.CharField()
    package_version = serializers.CharField()
    size = serializers.IntegerField(allow_null=True)
    status = serializers.ChoiceField(
        choices=["available", "installed", "newer"],
        help_text="installed: this version is installed; newer: the index has a newer version.",
    )
    installed_version = serializers.CharField(allow_null=True)


class PackageIndexSerializer(serializers.Serializer[None]):
    reachable = serializers.BooleanField()
    problem = serializers.ChoiceField(
        choices=["unreachable", "index_invalid"],
        allow_null=True,
        help_text="Why the list is empty: no network (install from a file) or an index that is not one.",
    )
    packages = IndexPackageSerializer(many=True)


class PackageDownloadSerializer(serializers.ModelSerializer[PackageDownload]):
    class Meta:
        model = PackageDownload
        fields = [
            "id",
            "from_code",
            "to_code",
            "package_version",
            "state",
            "received_bytes",
            "total_bytes",
            "error_code",
            "created_at",
        ]
        read_only_fields = fields


class PackageDownloadStartSerializer(serializers.Serializer[None]):
    from_code = serializers.RegexField(r"^[a-z]{2,3}([-_][A-Za-z]{2,4})?$", max_length=10)
    to_code = serializers.RegexField(r"^[a-z]{2,3}([-_][A-Za-z]{2,4})?$", max_length=10)


class TranslationSettingsSerializer(serializers.ModelSerializer[TranslationSettings]):
    class Meta:
        model = TranslationSettings
        fields = ["keep_acronyms"]


# --- LibreTranslate's dialect (documented shapes; q may be a string or a list) ---------------------


class LibreTranslateRequestSerializer(serializers.Serializer[None]):
    q = serializers.JSONField(help_text="A text, or a list of texts.")
    source = serializers.CharField(help_text="A language code, or 'auto'.")  # type: ignore[assignment]
    target = serializers.CharField()
    format = serializers.ChoiceField(choices=["text", "html"], required=False)
    alternatives = serializers.IntegerField(required=False, min_value=0, max_value=3)
    api_key = serializers.CharField(required=False)


class DetectedLanguageSerializer(serializers.Serializer[None]):
    confidence = serializers.FloatField()
    language = serializers.CharField()


class LibreTranslateResponseSerializer(serializers.Serializer[None]):
    translatedText = serializers.JSONField(help_text="A text, or a list when q was a list.")
    detectedLanguage = serializers.JSONField(required=False)
    alternatives = serializers.JSONField(required=False)
    demo = serializers.BooleanField(
        required=False, help_text="Present (true) only when a demo package (random weights) made the text."
    )
    warning = serializers.CharField(required=False, help_text="Why the text is not a translation to trust.")


class LibreDetectRequestSerializer(serializers.Serializer[None]):
    q = serializers.CharField()
    api_key = serializers.CharField(required=False)


class LibreLanguageSerializer(serializers.Serializer[None]):
    code = serializers.CharField()
    name = serializers.CharField()
    targets = serializers.ListField(child=serializers.CharField())


class LibreErrorSerializer(serializers.Serializer[None]):
    error = serializers.CharField()


class LibreFrontendSettingsSerializer(serializers.Serializer[None]):
    charLimit = serializers.IntegerField()
    batchLimit = serializers.IntegerField()
    frontendTimeout = serializers.IntegerField()
    apiKeys = serializers.BooleanField()
    keyRequired = serializers.BooleanField()
    suggestions = serializers.BooleanField()
    filesTranslation = serializers.BooleanField()
    supportedFilesFormat = serializers.ListField(child=serializers.CharField())
    language = serializers.JSONField()
