"""Drop the cities app's survey tables once 0009 copied them into the engine's (docs/surveys.md).

Children first, so no table is dropped while another still points at it.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0009_survey_to_engine"),
    ]

    operations = [
        migrations.DeleteModel(name="SurveyAnswer"),
        migrations.DeleteModel(name="SmsChallenge"),
        migrations.DeleteModel(name="SurveyResponse"),
        migrations.DeleteModel(name="SurveyItem"),
        migrations.DeleteModel(name="SurveyDistrict"),
        migrations.DeleteModel(name="SurveyDimension"),
        migrations.DeleteModel(name="Questionnaire"),
    ]
