"""Thin views for the server's voice: ask for the audio of an item, and fetch it once made. Both
check, each time, that the caller may read the item's text (welkom.speech.sources)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from welkom.accounts.permissions import current_user
from welkom.speech import services
from welkom.speech.models import SpeechStatus
from welkom.speech.serializers import SpeechRequestSerializer, SpeechSerializer


class SpeechApi(APIView):
    """POST: the audio of an item in the server's voice; 202 while it is being made (ask again)."""

    @extend_schema(request=SpeechRequestSerializer, responses={200: SpeechSerializer, 202: SpeechSerializer})
    def post(self, request: Request) -> Response:
        serializer = SpeechRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        audio = services.speech_request(
            user=current_user(request), kind=data["kind"], ref=data["ref"], language=data["lang"]
        )
        ready = audio.status == SpeechStatus.READY
        query = urlencode({"kind": data["kind"], "ref": data["ref"], "lang": data["lang"]})
        body = {
            "status": audio.status,
            "language": audio.language,
            "duration_ms": audio.duration_ms,
            "url": f"/api/speech/audio?{query}" if ready else None,
        }
        return Response(
            SpeechSerializer(body).data,
            status=status.HTTP_200_OK if audio.status != SpeechStatus.PENDING else status.HTTP_202_ACCEPTED,
        )


class SpeechAudioApi(APIView):
    """GET: the WAV file, for a caller who may read the item's text."""

    @extend_schema(
        parameters=[
            OpenApiParameter("kind", OpenApiTypes.STR, required=True),
            OpenApiParameter("ref", OpenApiTypes.STR, required=True),
            OpenApiParameter("lang", OpenApiTypes.STR, required=True),
        ],
        responses={(200, "audio/wav"): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request: Request) -> Any:
        serializer = SpeechRequestSerializer(data=request.query_params)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        audio = services.speech_audio_for(
            user=current_user(request), kind=data["kind"], ref=data["ref"], language=data["lang"]
        )
        response = FileResponse(audio.audio.open("rb"), content_type="audio/wav")
        response["Cache-Control"] = "private, max-age=86400"
        return response
