from django.db import migrations


def load(apps, schema_editor):
    from workflows.criteria import load_bundled_framework

    load_bundled_framework(
        "gbt19580-2012", apps.get_model("workflows", "CriteriaFramework"), apps.get_model("workflows", "Criterion")
    )


class Migration(migrations.Migration):
    dependencies = [("workflows", "0003_criteria_framework")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
