from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.request import Request
from rest_framework.response import Response

from welkom.accounts.models import Role
from welkom.accounts.permissions import current_user, roles
from welkom.audit.models import Action
from welkom.audit.services import audit_record, audit_record_many
from welkom.core.pagination import PageNumberPagination
from welkom.newcomers import selectors, services
from welkom.newcomers.models import NewcomerProfile
from welkom.newcomers.serializers import (
    ProfileChangeSerializer,
    ProfileCreateSerializer,
    ProfileSerializer,
    ProfileWriteSerializer,
)


class ProfileListApi(generics.ListAPIView[NewcomerProfile]):
    """Newcomers the caller may see; HR and admin add newcomers here (an invitation goes out)."""

    serializer_class = ProfileSerializer

    def get_queryset(self) -> QuerySet[NewcomerProfile]:
        profiles = selectors.profiles_visible_to(current_user(self.request))
        team = self.request.query_params.get("team")
        if team:
            if not team.isdigit():
                from welkom.core.errors import ApiError

                raise ApiError(gettext("Team must be a number."), fields={"team": [gettext("Not a number.")]})
            profiles = profiles.filter(team_id=int(team))
        return profiles

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        page = self.paginate_queryset(self.get_queryset()) or []
        audit_record_many(
            actor=current_user(request),
            action=Action.VIEWED,
            entries=[(profile.user_id, "newcomer_profile", profile.pk) for profile in page],
        )
        return self.get_paginated_response(ProfileSerializer(page, many=True).data)

    def get_permissions(self):  # type: ignore[no-untyped-def,unused-ignore]
        if self.request.method == "POST":
            return [roles(Role.HR, Role.ADMIN)()]
        return super().get_permissions()

    @extend_schema(request=ProfileCreateSerializer, responses={201: ProfileSerializer})
    def post(self, request: Request) -> Response:
        user = current_user(request)
        serializer = ProfileCreateSerializer(data=request.data, context={"user": user})
        serializer.is_valid(raise_exception=True)
        profile = services.profile_create(created_by=user, **serializer.validated_data)
        audit_record(
            actor=user,
            action=Action.CREATED,
            subject_user=profile.user_id,
            object_type="newcomer_profile",
            object_id=profile.pk,
        )
        profile = selectors.profiles_visible_to(user).get(pk=profile.pk)
        return Response(ProfileSerializer(profile).data, status=status.HTTP_201_CREATED)


class ProfileDetailApi(generics.RetrieveAPIView[NewcomerProfile]):
    serializer_class = ProfileSerializer

    def get_queryset(self) -> QuerySet[NewcomerProfile]:
        return selectors.profiles_visible_to(current_user(self.request))

    def retrieve(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        profile = self.get_object()
        audit_record(
            actor=current_user(request),
            action=Action.VIEWED,
            subject_user=profile.user_id,
            object_type="newcomer_profile",
            object_id=profile.pk,
        )
        return Response(ProfileSerializer(profile).data)

    @extend_schema(request=ProfileWriteSerializer, responses={200: ProfileSerializer})
    def patch(self, request: Request, pk: int) -> Response:
        user = current_user(request)
        profile = self.get_object()  # 404 outside the organisation or out of sight
        if not selectors.profile_editable_by(user).filter(pk=profile.pk).exists():
            from rest_framework.exceptions import PermissionDenied

            raise PermissionDenied("Only HR can change a newcomer's profile.")
        serializer = ProfileWriteSerializer(data=request.data, partial=True, context={"user": user})
        serializer.is_valid(raise_exception=True)
        services.profile_update(profile=profile, changed_by=user, **serializer.validated_data)
        audit_record(
            actor=user,
            action=Action.CHANGED,
            subject_user=profile.user_id,
            object_type="newcomer_profile",
            object_id=profile.pk,
        )
        return Response(ProfileSerializer(self.get_queryset().get(pk=profile.pk)).data)


class ProfileHistoryApi(generics.GenericAPIView[Any]):
    permission_classes = [roles(Role.HR, Role.ADMIN)]
    serializer_class = ProfileChangeSerializer
    pagination_class = PageNumberPagination

    @extend_schema(responses={200: ProfileChangeSerializer(many=True)})
    def get(self, request: Request, pk: int) -> Response:
        profile = get_object_or_404(selectors.profiles_visible_to(current_user(request)), pk=pk)
        page = self.paginate_queryset(selectors.profile_history(profile))
        audit_record(
            actor=current_user(request),
            action=Action.VIEWED,
            subject_user=profile.user_id,
            object_type="newcomer_profile_history",
            object_id=profile.pk,
        )
        return self.get_paginated_response(ProfileChangeSerializer(page, many=True).data)


class MyProfileApi(generics.GenericAPIView[Any]):
    permission_classes = [roles(Role.NEWCOMER)]
    serializer_class = ProfileSerializer

    @extend_schema(responses={200: ProfileSerializer}, operation_id="newcomers_me")
    def get(self, request: Request) -> Response:
        user = current_user(request)
        profile = get_object_or_404(selectors.profiles_visible_to(user), user=user)
        return Response(ProfileSerializer(profile).data)
