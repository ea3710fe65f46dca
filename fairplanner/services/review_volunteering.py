"""Volunteering for the review: who gave their time and how many hours, by group, and the
rewards chosen (counts only: a person's own choice is shown only to them and organisers)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from tortoise import connections

from fairplanner.models import Fair
from fairplanner.models.enums import Group
from fairplanner.models.rewards import RewardKind
from fairplanner.services.review_parts import GROUP_LABELS, REWARD_LABELS, Chart


@dataclass(frozen=True)
class Volunteering:
    people_by_group: Chart
    hours_by_group: Chart
    rewards: Chart
    hours: float


# Each contribution counted under the group its giver has in this fair (a person can be in
# several fairs, so the join is on both person and fair): one query.
_VOLUNTEERING_SQL = (
    'SELECT m."group", c.reward, COUNT(DISTINCT c.person_id), SUM(c.minutes), COUNT(*) '
    "FROM contribution c JOIN membership m ON m.person_id = c.person_id AND m.fair_id = c.fair_id "
    'WHERE c.fair_id = {} GROUP BY m."group", c.reward'
)


async def volunteering(fair: Fair) -> Volunteering:
    connection = connections.get("default")
    mark = "$1" if connection.capabilities.dialect == "postgres" else "?"
    _, rows = await connection.execute_query(_VOLUNTEERING_SQL.format(mark), [fair.id])
    people: Counter[str] = Counter()
    minutes: Counter[str] = Counter()
    rewards: Counter[str] = Counter()
    for group, reward, givers, total, count in rows:
        # A person giving under two kinds of reward is counted under each.
        people[str(group)] += int(givers)
        minutes[str(group)] += int(total or 0)
        rewards[str(reward)] += int(count)
    return Volunteering(
        people_by_group=Chart(
            "givers",
            "People who gave their time, by group",
            [(GROUP_LABELS[g], people[g]) for g in Group],
        ),
        hours_by_group=Chart(
            "hours",
            "Hours given, by group (rounded to whole hours)",
            [(GROUP_LABELS[g], round(minutes[g] / 60)) for g in Group],
        ),
        rewards=Chart(
            "rewards",
            "Rewards people chose for their time (number of times)",
            [(REWARD_LABELS[k], rewards[k]) for k in RewardKind if rewards[k]],
        ),
        hours=round(sum(minutes.values()) / 60, 1),
    )
