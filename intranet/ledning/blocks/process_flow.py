"""The process flow block: a process built in the admin and drawn as a swimlane map."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError

from .struct import LinkBlock, _non_block_error

ACTIVITY_KINDS = [
    ("activity", _("Aktivitet")),
    ("decision", _("Beslut")),
    ("start", _("Start")),
    ("end", _("Slut")),
]


@dataclass
class FlowActivity:
    """One activity of a process flow as plain data (what processmaps/layout.py draws)."""

    name: str
    role: str
    kind: str = "activity"  # activity, decision, start, end
    description: str = ""
    # (condition, target activity name; "" = the next activity)
    branches: list[tuple[str, str]] = field(default_factory=list)


def find_activity(activities: list[FlowActivity], name: str) -> int | None:
    """The index of the activity with this name (spacing and case aside), or None."""
    wanted = " ".join(name.split()).casefold()
    for index, activity in enumerate(activities):
        if " ".join(activity.name.split()).casefold() == wanted:
            return index
    return None


class FlowBranchBlock(blocks.StructBlock):
    condition = blocks.CharBlock(label=_("Villkor"), help_text=_("T.ex. ”Ja” eller ”Nej”."))
    target = blocks.CharBlock(
        label=_("Till aktivitet"),
        required=False,
        help_text=_("Namnet på aktiviteten som följer. Tomt: nästa aktivitet i listan."),
    )

    class Meta:
        icon = "arrow-right"
        label = _("Utfall")
        template = "ledning/processmaps/branch.html"
        preview_value = {"condition": "Ja", "target": ""}
        description = _("Ett utfall av ett beslut och aktiviteten det leder till.")


class FlowActivityBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Aktivitet"), max_length=200)
    role = blocks.CharBlock(
        label=_("Roll"),
        max_length=100,
        help_text=_(
            "Vem som utför aktiviteten, t.ex. ”Biståndshandläggare”. Varje roll blir "
            "ett eget spår i kartan."
        ),
    )
    kind = blocks.ChoiceBlock(
        label=_("Typ"), choices=ACTIVITY_KINDS, default="activity", required=True
    )
    description = blocks.TextBlock(label=_("Beskrivning"), required=False)
    links = blocks.ListBlock(
        LinkBlock(),
        label=_("Rutiner och dokument"),
        min_num=0,
        default=[],
        help_text=_("Den första länken öppnas när man klickar på aktiviteten i kartan."),
    )
    branches = blocks.ListBlock(
        FlowBranchBlock(),
        label=_("Utfall"),
        min_num=0,
        default=[],
        help_text=_("Bara för beslut: minst två utfall, t.ex. Ja och Nej."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Aktivitet")
        template = "ledning/processmaps/activity.html"
        preview_value = {
            "name": "Utreda behov av hemtjänst",
            "role": "Biståndshandläggare",
            "kind": "activity",
        }
        description = _("Ett steg i processen med roll, beskrivning och länkar.")

    def clean(self, value):
        value = super().clean(value)
        branches = value.get("branches") or []
        if value.get("kind") == "decision" and len(branches) < 2:
            raise StructBlockValidationError(
                block_errors={
                    "branches": ValidationError(_("Ett beslut behöver minst två utfall."))
                }
            )
        if value.get("kind") != "decision" and branches:
            raise StructBlockValidationError(
                block_errors={
                    "branches": ValidationError(
                        _("Bara beslut har utfall; välj typen Beslut eller ta bort utfallen.")
                    )
                }
            )
        return value


class ProcessFlowValue(blocks.StructValue):
    def activities(self) -> list[FlowActivity]:
        return [
            FlowActivity(
                name=item.get("name") or "",
                role=item.get("role") or "",
                kind=item.get("kind") or "activity",
                description=item.get("description") or "",
                branches=[
                    (branch.get("condition") or "", branch.get("target") or "")
                    for branch in item.get("branches") or []
                ],
            )
            for item in self.get("activities") or []
        ]


class ProcessFlowBlock(blocks.StructBlock):
    """A process as ordered activities, each with a role (lane), description, links and, for
    decisions, labelled branches; drawn as a swimlane map with a text alternative."""

    title = blocks.CharBlock(label=_("Rubrik"))
    large = blocks.BooleanBlock(
        label=_("Stor processkarta"),
        required=False,
        help_text=_("Visa kartan på en egen sida med en länk från processsidan."),
    )
    activities = blocks.ListBlock(FlowActivityBlock(), label=_("Aktiviteter"), min_num=1)

    class Meta:
        icon = "list-ol"
        label = _("Processflöde")
        template = "ledning/processmaps/flow_block.html"
        value_class = ProcessFlowValue
        preview_value = {
            "title": "Verkställa beslut om hemtjänst",
            "activities": [
                {"name": "Beslut fattat", "role": "Biståndshandläggare", "kind": "start"},
                {
                    "name": "Skicka uppdrag till utförare",
                    "role": "Biståndshandläggare",
                    "kind": "activity",
                },
                {
                    "name": "Upprätta genomförandeplan",
                    "role": "Hemtjänstpersonal",
                    "kind": "activity",
                },
                {"name": "Insatsen pågår", "role": "Hemtjänstpersonal", "kind": "end"},
            ],
        }
        description = _(
            "En process byggd direkt i redigeringen: aktiviteter i ordning med roller, "
            "länkar och beslut, visad som en karta med spår per roll."
        )

    def clean(self, value):
        value = super().clean(value)
        activities = value.activities()
        names = [" ".join(activity.name.split()).casefold() for activity in activities]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise _non_block_error(
                _("Aktiviteten ”%(name)s” står flera gånger; ge varje aktivitet ett eget namn.")
                % {"name": duplicates[0]}
            )
        for activity in activities:
            for _condition, target in activity.branches:
                if target and find_activity(activities, target) is None:
                    raise _non_block_error(
                        _(
                            "Utfallet av ”%(decision)s” leder till ”%(target)s”, men det finns "
                            "ingen aktivitet med det namnet."
                        )
                        % {"decision": activity.name, "target": target}
                    )
        return value
