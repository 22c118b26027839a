# Whether a document file is a tagged PDF, stored when the file is (the report PDF utan taggar
# asks the database). Files stored before this are read when the report is next viewed, once.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

# The document model as 0001_initial points at it (that migration waits for its app).
DOCUMENT_MODEL = getattr(settings, "WAGTAILDOCS_DOCUMENT_MODEL", "wagtaildocs.Document")


class Migration(migrations.Migration):

    dependencies = [
        ('ledning', '0016_review_due_on'),
    ]

    operations = [
        migrations.CreateModel(
            name='PdfTagCheck',
            fields=[
                ('file', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='ledning_pdf_check', serialize=False, to=DOCUMENT_MODEL)),
                ('file_hash', models.CharField(blank=True, max_length=40)),
                ('file_name', models.CharField(max_length=255)),
                ('tagged', models.BooleanField()),
            ],
            options={
                'default_permissions': (),
            },
        ),
    ]
