from django.contrib import admin

from welkom.language.models import (
    CalendarFeed,
    Course,
    Enrolment,
    LanguagePlan,
    LevelCheck,
    Milestone,
    StepHours,
    StudyLog,
)


@admin.register(StepHours)
class StepHoursAdmin(admin.ModelAdmin[StepHours]):
    list_display = ["organisation", "from_level", "hours", "valid_from", "changed_by"]
    list_filter = ["organisation", "from_level"]


class EnrolmentInline(admin.TabularInline[Enrolment, Course]):
    model = Enrolment
    extra = 0
    raw_id_fields = ["profile"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ["name", "organisation", "level", "teacher", "seats", "starts_on", "ends_on"]
    list_filter = ["organisation", "level"]
    inlines = [EnrolmentInline]


class MilestoneInline(admin.TabularInline[Milestone, LanguagePlan]):
    model = Milestone
    extra = 0


class LevelCheckInline(admin.TabularInline[LevelCheck, LanguagePlan]):
    model = LevelCheck
    extra = 0
    raw_id_fields = ["recorded_by"]


class StudyLogInline(admin.TabularInline[StudyLog, LanguagePlan]):
    model = StudyLog
    extra = 0


@admin.register(LanguagePlan)
class LanguagePlanAdmin(admin.ModelAdmin[LanguagePlan]):
    list_display = [
        "profile",
        "organisation",
        "current_level",
        "target_level",
        "target_date",
        "course_format",
    ]
    list_filter = ["organisation", "target_level", "course_format"]
    raw_id_fields = ["profile", "course", "created_by"]
    inlines = [MilestoneInline, LevelCheckInline, StudyLogInline]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin[CalendarFeed]):
    list_display = ["user", "created_at", "revoked_at", "last_used_at"]
    readonly_fields = ["token_hash"]
    raw_id_fields = ["user"]
