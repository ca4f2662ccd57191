from django.db import migrations


def load(apps, schema_editor):
    from brands.indicators import load_bundled_zone_framework

    load_bundled_zone_framework(
        apps.get_model("workflows", "CriteriaFramework"),
        apps.get_model("workflows", "Criterion"),
        apps.get_model("brands", "IndicatorMethod"),
    )


class Migration(migrations.Migration):
    dependencies = [("brands", "0001_initial"), ("workflows", "0004_load_gbt19580_2012")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
