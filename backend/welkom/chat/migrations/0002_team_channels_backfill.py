"""Existing teams get their channel, with the team's members (and lead) as members."""

from django.db import migrations


def backfill(apps, schema_editor):
    Team = apps.get_model("accounts", "Team")
    TeamMembership = apps.get_model("accounts", "TeamMembership")
    Channel = apps.get_model("chat", "Channel")
    ChannelMembership = apps.get_model("chat", "ChannelMembership")
    for team in Team.objects.filter(chat_channel__isnull=True):
        channel = Channel.objects.create(organisation_id=team.organisation_id, kind="team", team=team, name=team.name)
        members = set(TeamMembership.objects.filter(team=team).values_list("user_id", flat=True))
        if team.lead_id:
            members.add(team.lead_id)
        ChannelMembership.objects.bulk_create([ChannelMembership(channel=channel, user_id=uid) for uid in members])


class Migration(migrations.Migration):
    dependencies = [("chat", "0001_initial"), ("accounts", "0001_initial")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
