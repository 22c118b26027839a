# The stored review due date (ReviewDueField), filled for the pages and documents there are.

import intranet.ledning.models.approval
from django.db import migrations
from django.db.models import Max
from django.utils import timezone


def fill_due_dates(apps, schema_editor):
    """Work out every process page's and governed document's due date as the field does on
    save: its dates, its interval and the change log's last review without change."""
    from intranet.ledning.governed import due_date

    change_log = apps.get_model("ledning", "ChangeLogEntry")
    for name, kind in (("ProcessPage", "page"), ("GovernedDocument", "document")):
        model = apps.get_model("ledning", name)
        reviewed = {
            pk: timezone.localtime(last).date()
            for pk, last in change_log.objects.filter(kind="granskad", **{f"{kind}__isnull": False})
            .values(f"{kind}_id")
            .annotate(last=Max("published_at"))
            .values_list(f"{kind}_id", "last")
        }
        type_field = "document_type" if kind == "document" else "pk"
        rows = model.objects.values_list(
            "pk", type_field, "review_interval_months", "revised_on", "approved_on",
            "first_published_at",
        )
        changed = []
        for pk, type_key, interval, revised, approved, published in rows.iterator():
            key = type_key if kind == "document" else "process"
            due = due_date(interval, key, revised, approved, reviewed.get(pk), published)
            if due is not None:
                changed.append(model(pk=pk, review_due_on=due))
        model.objects.bulk_update(changed, ["review_due_on"], batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('ledning', '0015_governeddocument_title_sort'),
    ]

    operations = [
        migrations.AddField(
            model_name='governeddocument',
            name='review_due_on',
            field=intranet.ledning.models.approval.ReviewDueField(blank=True, db_index=True, editable=False, null=True, serialize=False, verbose_name='ska granskas senast'),
        ),
        migrations.AddField(
            model_name='processpage',
            name='review_due_on',
            field=intranet.ledning.models.approval.ReviewDueField(blank=True, db_index=True, editable=False, null=True, serialize=False, verbose_name='ska granskas senast'),
        ),
        migrations.RunPython(fill_due_dates, migrations.RunPython.noop),
    ]
