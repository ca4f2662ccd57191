from django.db import migrations, models

import brands.models


class Migration(migrations.Migration):
    dependencies = [("brands", "0004_one_language_labels")]

    operations = [
        migrations.AddField(
            model_name="zonerules",
            name="required_documents",
            field=models.JSONField(
                default=brands.models.default_zone_documents,
                help_text='列表：[{"slot": "代码", "label": "名称"}]。',
                verbose_name="必备材料",
            ),
        ),
    ]
