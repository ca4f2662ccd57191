"""Normalise the credit codes already stored (upper case, no spaces or dashes, full-width folded).

Conflict-of-interest rules compare codes exactly; a code stored as typed ("91370100ma3...")
would never match its organisation (docs/credit-codes.md).
"""

from django.db import IntegrityError, migrations, transaction

from accounts.credit_code import normalize_credit_code

FIELDS = {'ExpertProfile': ['employer_credit_code'], 'PastEmployment': ['credit_code'], 'ConsultancyTie': ['credit_code'], 'AvoidanceRequest': ['organization_credit_code']}


def normalise(apps, schema_editor):
    for model_name, field_names in FIELDS.items():
        model = apps.get_model("review", model_name)
        for field_name in field_names:
            # Read the raw column: the field itself normalises what it loads and would hide the difference.
            table = schema_editor.quote_name(model._meta.db_table)
            column = schema_editor.quote_name(model._meta.get_field(field_name).column)
            with schema_editor.connection.cursor() as cursor:
                cursor.execute(f"SELECT id, {column} FROM {table} WHERE {column} <> ''")  # noqa: S608
                rows = cursor.fetchall()
            for pk, raw in rows:
                code = normalize_credit_code(raw)
                if code == raw:
                    continue
                try:
                    with transaction.atomic():
                        model.objects.filter(pk=pk).update(**{field_name: code})
                except IntegrityError:
                    # Another row already holds the normalised code (a duplicate organisation): leave it for staff.
                    pass


class Migration(migrations.Migration):
    dependencies = [("review", "0004_credit_code_field")]
    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
