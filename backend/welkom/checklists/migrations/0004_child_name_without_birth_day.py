"""A child entered without a first name had the ISO day they were born stored as the item's child
name ("2019-04-12"), shown so in every language. The name is now only ever the first name, and the
day is read from the item's key and written in the reader's language when read."""

from django.db import migrations


def forward(apps, schema_editor):  # type: ignore[no-untyped-def]
    ChecklistItem = apps.get_model("checklists", "ChecklistItem")
    unnamed = ChecklistItem.objects.filter(child_key__endswith="|").exclude(child_name="")
    for item in unnamed.iterator():
        day = item.child_key[:-1]
        if item.child_name != day:
            continue
        item.child_name = ""
        if item.retired_detail.get("child") == day:
            item.retired_detail = {k: v for k, v in item.retired_detail.items() if k != "child"}
        item.save(update_fields=["child_name", "retired_detail"])


class Migration(migrations.Migration):
    dependencies = [("checklists", "0003_content_drafted")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
