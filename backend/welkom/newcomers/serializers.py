from __future__ import annotations

from typing import Any

from rest_framework import serializers

from welkom.accounts.models import User
from welkom.accounts.selectors import teams_of_organisation, users_of_organisation
from welkom.accounts.serializers import TeamSummarySerializer
from welkom.newcomers.models import Employment, NewcomerProfile, PermitType, ProfileChange, Tenure


class PersonSummarySerializer(serializers.ModelSerializer[User]):
    class Meta:
        model = User
        fields = ["id", "email", "full_name"]


class ChildSerializer(serializers.Serializer[Any]):
    first_name = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    birth_date = serializers.DateField()


class LeaveSerializer(serializers.Serializer[Any]):
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ProfileSerializer(serializers.ModelSerializer[NewcomerProfile]):
    user = PersonSummarySerializer(read_only=True)
    account = serializers.SerializerMethodField()
    team = TeamSummarySerializer(read_only=True, allow_null=True)
    team_lead = PersonSummarySerializer(read_only=True, allow_null=True)
    buddy = PersonSummarySerializer(read_only=True, allow_null=True)
    children = ChildSerializer(many=True, read_only=True)
    leaves = LeaveSerializer(many=True, read_only=True)

    class Meta:
        model = NewcomerProfile
        fields = [
            "id",
            "user",
            "account",
            "home_country",
            "phone",
            "languages_spoken",
            "preferred_language",
            "time_zone",
            "offer_signed_on",
            "arrival_on",
            "first_day_on",
            "team",
            "team_lead",
            "buddy",
            "has_partner",
            "children",
            "tenure",
            "stays_longer_than_4_months",
            "permit_type",
            "municipality",
            "employment",
            "housing_by_employer",
            "leaves",
            "updated_at",
        ]

    def get_account(self, profile: NewcomerProfile) -> str:
        return "active" if profile.user.is_active else "invited"


class ProfileWriteSerializer(serializers.Serializer[Any]):
    """Input for creating or changing a profile. Ids of people and teams are looked up in the
    caller's organisation only, so another organisation's id is simply 'does not exist'."""

    home_country = serializers.CharField(max_length=2, required=False, allow_blank=True)
    phone = serializers.CharField(max_length=32, required=False, allow_blank=True)
    languages_spoken = serializers.ListField(
        child=serializers.CharField(max_length=10), required=False, max_length=20
    )
    preferred_language = serializers.CharField(max_length=10, required=False)
    time_zone = serializers.CharField(max_length=64, required=False)
    offer_signed_on = serializers.DateField(required=False, allow_null=True)
    arrival_on = serializers.DateField(required=False, allow_null=True)
    first_day_on = serializers.DateField(required=False, allow_null=True)
    team = serializers.PrimaryKeyRelatedField(
        queryset=teams_of_organisation(user=None), required=False, allow_null=True
    )
    team_lead = serializers.PrimaryKeyRelatedField(
        queryset=users_of_organisation(user=None), required=False, allow_null=True
    )
    buddy = serializers.PrimaryKeyRelatedField(
        queryset=users_of_organisation(user=None), required=False, allow_null=True
    )
    has_partner = serializers.BooleanField(required=False)
    children = ChildSerializer(many=True, required=False)
    tenure = serializers.ChoiceField(choices=Tenure.choices, required=False)
    stays_longer_than_4_months = serializers.BooleanField(required=False)
    permit_type = serializers.ChoiceField(choices=PermitType.choices, required=False)
    municipality = serializers.SlugField(max_length=80, required=False, allow_blank=True)
    employment = serializers.ChoiceField(choices=Employment.choices, required=False)
    housing_by_employer = serializers.BooleanField(required=False)
    leaves = LeaveSerializer(many=True, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.context.get("user")
        if user is None:  # schema generation: no caller, no choices
            return
        self.fields["team"].queryset = teams_of_organisation(user=user)  # type: ignore[attr-defined]
        people = users_of_organisation(user=user).filter(is_active=True)
        self.fields["team_lead"].queryset = people  # type: ignore[attr-defined]
        self.fields["buddy"].queryset = people  # type: ignore[attr-defined]

    def validate_home_country(self, value: str) -> str:
        return value.upper()

    def validate_preferred_language(self, value: str) -> str:
        return value.strip().lower()


class ProfileCreateSerializer(ProfileWriteSerializer):
    email = serializers.EmailField()
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class ProfileChangeSerializer(serializers.ModelSerializer[ProfileChange]):
    changed_by = PersonSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = ProfileChange
        fields = ["id", "changed_at", "changed_by", "changes"]
