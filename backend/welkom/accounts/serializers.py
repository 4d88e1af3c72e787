from __future__ import annotations

from typing import Any

from rest_framework import serializers

from welkom.accounts.models import Invitation, Organisation, Role, Team, User


class OrganisationSerializer(serializers.ModelSerializer[Organisation]):
    class Meta:
        model = Organisation
        fields = ["id", "name", "slug", "default_language"]


class TeamSummarySerializer(serializers.ModelSerializer[Team]):
    class Meta:
        model = Team
        fields = ["id", "name"]


class MeUpdateSerializer(serializers.Serializer[Any]):
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    language = serializers.CharField(max_length=10, required=False)
    time_zone = serializers.CharField(max_length=64, required=False)


class LoginSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    password = serializers.CharField(max_length=200, trim_whitespace=False)
    otp_code = serializers.CharField(
        max_length=12,
        required=False,
        allow_blank=True,
        help_text="The authenticator app's code, when the answer was otp_required.",
    )


class UserSerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "full_name", "role", "language", "is_active"]


class MemberSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField(source="user.id")
    full_name = serializers.CharField(source="user.full_name")
    email = serializers.EmailField(source="user.email")
    role = serializers.ChoiceField(source="user.role", choices=Role.choices)


class TeamSerializer(serializers.ModelSerializer[Team]):
    lead = UserSerializer(read_only=True, allow_null=True)
    members = MemberSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = Team
        fields = ["id", "name", "lead", "members"]


class TeamWriteSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=120)
    lead = serializers.IntegerField(required=False, allow_null=True)


class TeamMemberWriteSerializer(serializers.Serializer[Any]):
    user = serializers.IntegerField()


class InvitationSerializer(serializers.ModelSerializer[Invitation]):
    status = serializers.ChoiceField(choices=["pending", "accepted", "revoked", "expired"], read_only=True)
    full_name = serializers.CharField(source="user.full_name", read_only=True)
    team = TeamSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Invitation
        fields = [
            "id",
            "email",
            "full_name",
            "role",
            "team",
            "status",
            "created_at",
            "expires_at",
            "accepted_at",
        ]


class InvitationCreateSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=[Role.NEWCOMER, Role.COLLEAGUE, Role.TEAM_LEAD, Role.HR])
    team = serializers.IntegerField(required=False, allow_null=True)


class InvitationPreviewSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()
    full_name = serializers.CharField()
    organisation = serializers.CharField()
    expires_at = serializers.DateTimeField()


class InvitationAcceptSerializer(serializers.Serializer[Any]):
    token = serializers.CharField(max_length=500)
    password = serializers.CharField(max_length=200, trim_whitespace=False)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)


class PasswordResetRequestSerializer(serializers.Serializer[Any]):
    email = serializers.EmailField()


class PasswordResetConfirmSerializer(serializers.Serializer[Any]):
    uid = serializers.CharField(max_length=50)
    token = serializers.CharField(max_length=100)
    password = serializers.CharField(max_length=200, trim_whitespace=False)
