from django.db import migrations

from search.synonyms import DEFAULT_SYNONYMS


def forward(apps, schema_editor):
    Synonym = apps.get_model("search", "Synonym")
    for terms in DEFAULT_SYNONYMS:
        Synonym.objects.get_or_create(terms=terms)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_search_vector")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
