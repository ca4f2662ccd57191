"""The default retention periods (workflows/retention/defaults.py)."""

from django.db import migrations

from workflows.retention.defaults import load_default_periods


def add_defaults(apps, schema_editor):
    load_default_periods(apps.get_model("retention", "RetentionPeriod"))


class Migration(migrations.Migration):
    dependencies = [("retention", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
