from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class StampPanel(FieldPanel):
    """A stamp of the approval (fastställd av, fastställd datum, reviderad datum): shown, never
    edited. The workflow's approval writes it (and the import may bring historical values)."""

    def __init__(self, field_name, *args, **kwargs):
        kwargs["read_only"] = True
        super().__init__(field_name, *args, **kwargs)

    def format_value_for_display(self, value):
        if value is None or value == "":
            return "–"
        if isinstance(value, datetime.date):
            return value.isoformat()
        return super().format_value_for_display(value)


class ChangeKind(models.TextChoices):
    """What kind of change an edit is (seed 000, "Fastställa ändringar")."""

    ADMINISTRATIVE = "administrativ", _("Administrativ ändring")
    SUBSTANCE = "vikt", _("Ändring av vikt")


class ApprovalMetadata(models.Model):
    """The header every governed document and process page carries (seed 000, "Dokumentens
    utseende"): who reviewed it, who approved it and when, and when it was last revised."""

    reviewed_by = models.CharField(_("granskad av"), max_length=255, blank=True)
    approved_by = models.CharField(_("fastställd av"), max_length=255, blank=True)
    approved_on = models.DateField(_("fastställd datum"), null=True, blank=True)
    revised_on = models.DateField(
        _("reviderad datum"),
        null=True,
        blank=True,
        help_text=_("Sätts bara vid ändringar av vikt, inte vid administrativa ändringar."),
    )

    # The stamps are written when the approval workflow publishes a change of substance
    # (governance/services/guard.py); nobody types them in the admin.
    approval_panels = [
        MultiFieldPanel(
            [
                FieldPanel("reviewed_by"),
                FieldRowPanel([StampPanel("approved_by"), StampPanel("approved_on")]),
                StampPanel("revised_on"),
            ],
            heading=_("Granskning och fastställande"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def has_approval_metadata(self) -> bool:
        return bool(self.reviewed_by or self.approved_by or self.approved_on or self.revised_on)


class ReviewDueField(models.DateField):
    """The day the object's review falls due, stored so that the database sorts, counts and
    pages the reviews (*Granskning*, the dashboard). Nobody types it: like ``auto_now``, it is
    worked out whenever the row is written — save(), bulk_create() and the import's own inserts
    all ask the field — from the object's dates and interval (governed.py: due_date) and, for a
    row already stored, the change log's last review without change. The writes that pass no
    object (a queryset's update(), a review without change, a change of the interval settings)
    call governance.services.reviews.update_review_dates()."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        # Not in revisions (modelcluster serializes a revision through each field's pre_save):
        # it belongs to the live row and is worked out again when a revision goes live.
        kwargs.setdefault("serialize", False)
        super().__init__(*args, **kwargs)

    def pre_save(self, model_instance, add):
        work_out = getattr(model_instance, "work_out_review_due", None)
        if work_out is None:  # a historical model in a migration: written as it is
            return super().pre_save(model_instance, add)
        reviewed_on = None if add else model_instance.last_review_without_change()
        value = work_out(reviewed_on)
        setattr(model_instance, self.attname, value)
        return value


class ChangeTracking(models.Model):
    """What the editor says about the change being made, and how often the content is reviewed.

    The change fields travel with each revision: the kind decides whether the change is
    published at once (administrative) or only through the approval workflow (substance), and
    the note is what staff are told."""

    change_kind = models.CharField(
        _("typ av ändring"),
        max_length=16,
        choices=ChangeKind.choices,
        blank=True,
        help_text=_(
            "Administrativ ändring (stavfel, trasig länk) publiceras direkt utan nytt "
            "revideringsdatum. Ändring av vikt (ändrat arbetssätt, nya uppgifter för en roll) "
            "måste fastställas och berörd personal informeras."
        ),
    )
    change_note = models.TextField(
        _("vad har ändrats"),
        blank=True,
        help_text=_(
            "Kort beskrivning av ändringen. Skickas till berörd personal vid ändring av vikt."
        ),
    )
    review_interval_months = models.PositiveSmallIntegerField(
        _("granskningsintervall (månader)"),
        null=True,
        blank=True,
        help_text=_(
            "Lämna tomt för att använda standardintervallet för typen (oftast 12 månader)."
        ),
    )
    review_due_on = ReviewDueField(_("ska granskas senast"))

    change_panels = [
        MultiFieldPanel(
            [
                FieldPanel("change_kind", widget=forms.RadioSelect),
                FieldPanel("change_note"),
            ],
            heading=_("Ändringen"),
        )
    ]

    class Meta:
        abstract = True


class ApproverRoleQuerySet(models.QuerySet):
    def for_user(self, user) -> ApproverRoleQuerySet:
        """The roles a user may approve as: their own, then those of their groups."""
        if user is None or not getattr(user, "pk", None):
            return self.none()
        return self.filter(Q(user=user) | Q(group__in=user.groups.all())).order_by(
            models.F("user").asc(nulls_last=True), "title"
        )

    def titles_for(self, user) -> list[str]:
        titles: list[str] = []
        for title in self.for_user(user).values_list("title", flat=True):
            if title not in titles:
                titles.append(title)
        return titles


class ApproverRole(models.Model):
    """A role an approving manager approves (fastställer) as, e.g. "Chef Vård och omsorg" or
    "Socialchef": what the footer's "Fastställd av" says. A role belongs to one person or to
    everyone in one group; the approver picks one when approving."""

    title = models.CharField(
        _("roll"),
        max_length=255,
        help_text=_("Skrivs som ”Fastställd av”, t.ex. ”Chef Vård och omsorg”."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ledning_approver_roles",
    )
    group = models.ForeignKey(
        "auth.Group",
        verbose_name=_("grupp"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="ledning_approver_roles",
        help_text=_("Alla i gruppen kan fastställa i den här rollen."),
    )

    objects = ApproverRoleQuerySet.as_manager()

    panels = [FieldPanel("title"), FieldRowPanel([FieldPanel("user"), FieldPanel("group")])]

    class Meta:
        verbose_name = _("roll vid fastställande")
        verbose_name_plural = _("roller vid fastställande")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(user__isnull=False) & Q(group__isnull=True))
                | (Q(user__isnull=True) & Q(group__isnull=False)),
                name="ledning_approverrole_user_or_group",
            ),
            models.UniqueConstraint(fields=["user", "title"], name="ledning_approverrole_user"),
            models.UniqueConstraint(fields=["group", "title"], name="ledning_approverrole_group"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if bool(self.user_id) == bool(self.group_id):
            raise ValidationError(_("Välj antingen en person eller en grupp."))
