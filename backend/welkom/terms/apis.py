"""The term list, in the reader's language (global content: every signed-in person may read it)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.request import Request
from rest_framework.response import Response

from welkom.accounts.permissions import current_user
from welkom.core.language import content_languages
from welkom.terms import selectors
from welkom.terms.models import Term
from welkom.terms.serializers import TermSerializer


class TermListApi(generics.ListAPIView[Term]):
    serializer_class = TermSerializer

    def get_queryset(self) -> QuerySet[Term]:
        return selectors.terms_available()

    @extend_schema(parameters=[OpenApiParameter("page_size", OpenApiTypes.INT)])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        languages = content_languages(current_user(request))
        page = self.paginate_queryset(self.get_queryset()) or []
        data = [selectors.term_for_reader(term, languages=languages) for term in page]
        return self.get_paginated_response(TermSerializer(data, many=True).data)
