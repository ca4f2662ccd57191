from django.db import migrations


def load(apps, schema_editor):
    from cities.frameworks import load_frameworks

    load_frameworks(apps.get_model("workflows", "CriteriaFramework"), apps.get_model("workflows", "Criterion"))


class Migration(migrations.Migration):
    dependencies = [("cities", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
