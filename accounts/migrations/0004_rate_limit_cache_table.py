"""Create the database cache table that holds rate-limit counters when there is no Redis."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    if settings.CACHES.get(settings.RATE_LIMIT_CACHE, {}).get("BACKEND", "").endswith("DatabaseCache"):
        call_command(
            "createcachetable", settings.RATE_LIMIT_CACHE, database=schema_editor.connection.alias, verbosity=0
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_normalise_credit_codes")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
