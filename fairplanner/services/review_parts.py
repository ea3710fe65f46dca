"""Pieces the review's figures share: a chart (rows drawn as SVG with a table beside it) and
the words shown for stored values."""

from __future__ import annotations

from dataclasses import dataclass

from fairplanner.export.charts import bar_chart
from fairplanner.models.enums import Group
from fairplanner.models.feedback import Audience, Channel
from fairplanner.models.planning import Channel as VoteChannel
from fairplanner.models.rewards import RewardKind
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus

STATUS_LABELS = {
    RegistrationStatus.BOOKED: "Booked",
    RegistrationStatus.WAITING: "On the waiting list",
    RegistrationStatus.OFFERED: "Offered a freed place",
    RegistrationStatus.CANCELLED: "Cancelled",
    RegistrationStatus.EXPIRED: "Offer ran out",
}
SOURCE_LABELS = {
    RegistrationSource.ONLINE: "Online",
    RegistrationSource.PHONE: "By phone",
    RegistrationSource.PAPER: "On paper",
    RegistrationSource.DOOR: "At the door (walk-in)",
}
HEARD_LABELS = {
    "": "Did not say",
    "leaflet": "A leaflet or poster",
    "support": "Support worker or day centre",
    "jobcentre": "The job centre",
    "friend": "A friend or family member",
    "social": "Social media or a website",
    "other": "Somewhere else",
}
CHANNEL_LABELS = {
    Channel.ONLINE: "Online",
    Channel.PAPER: "On paper",
    Channel.PHONE: "By phone or with a supporter",
}
GROUP_LABELS = {
    Group.SERVICE_USER: "People who use services",
    Group.CARER: "Carers",
    Group.PARTNER: "Partner organisations",
    Group.STAFF: "Staff",
}
AUDIENCE_LABELS = {
    Audience.ATTENDEE: "People who came",
    Audience.VOLUNTEER: "Volunteers",
    Audience.EXHIBITOR: "Exhibitors",
}


@dataclass(frozen=True)
class Chart:
    """A titled list of (label, count) rows, drawn as SVG with a table beside it."""

    key: str
    title: str
    rows: list[tuple[str, int]]

    @property
    def svg(self) -> str:
        return bar_chart(chart_id=f"chart-{self.key}", title=self.title, rows=self.rows)

    @property
    def total(self) -> int:
        return sum(v for _, v in self.rows)


VOTE_CHANNEL_LABELS = {
    VoteChannel.ONLINE: "Online, by the member",
    VoteChannel.PHONE: "By phone, recorded for them",
    VoteChannel.PAPER: "On paper, recorded for them",
    VoteChannel.MEETING: "At a meeting, recorded for them",
}

REWARD_LABELS = {
    RewardKind.NONE: "No reward",
    RewardKind.TIME_CREDITS: "Time credits",
    RewardKind.VOUCHER: "A voucher",
    RewardKind.FEE: "A fee",
    RewardKind.REDUCED_FEE: "A reduced fee",
    RewardKind.DONATION: "A donation to a group",
    RewardKind.EXPENSES_ONLY: "Expenses only",
}
