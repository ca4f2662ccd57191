"""Copy the citizens' survey from the cities app's tables into the engine's (workflows/surveys), ids kept.

The survey became a program-agnostic component: districts, responses and SMS challenges now point at
their case by content type and id instead of a foreign key to cities.City (docs/surveys.md). Rows
keep their primary keys, so answers still point at their items and responses at their districts; on
PostgreSQL the new tables' id sequences are then moved past the copied ids. 0010 drops the old tables.
"""

from django.core.management.color import no_style
from django.db import migrations

# (old model in cities, new model in surveys, fields copied as they are; "city" becomes the case)
TABLES = [
    ("Questionnaire", ("id", "edition_id", "title", "introduction", "is_open", "created_at")),
    ("SurveyDimension", ("id", "questionnaire_id", "name", "weight", "position")),
    ("SurveyItem", ("id", "dimension_id", "text", "position")),
    ("SurveyDistrict", ("id", "name", "quota")),
    ("SurveyResponse", ("id", "questionnaire_id", "district_id", "phone_hash", "submitted_on")),
    ("SurveyAnswer", ("id", "response_id", "item_id", "score")),
    ("SmsChallenge", ("id", "phone_hash", "code_hash", "expires_at", "attempts")),
]


def copy_to_engine(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    city_type, _created = ContentType.objects.get_or_create(app_label="cities", model="city")
    copied = []
    for name, fields in TABLES:
        old, new = apps.get_model("cities", name), apps.get_model("surveys", name)
        has_case = any(f.name == "city" for f in old._meta.fields)
        rows = []
        for row in old.objects.order_by("pk").values(*fields, *(["city_id"] if has_case else [])):
            if has_case:
                row["case_type_id"], row["case_id"] = city_type.pk, row.pop("city_id")
            rows.append(new(**row))
        new.objects.bulk_create(rows, batch_size=500)
        copied.append(new)
    statements = schema_editor.connection.ops.sequence_reset_sql(no_style(), copied)
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:  # PostgreSQL; SQLite's AUTOINCREMENT follows explicit ids by itself
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0008_city_survey_window"),
        ("surveys", "0001_initial"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(copy_to_engine, migrations.RunPython.noop)]
