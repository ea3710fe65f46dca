from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from fairplanner.models.rewards import Activity, ClaimStatus, ExpenseKind, RewardKind
from fairplanner.models.volunteering import RoleStatus, WaitStatus
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_planning')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ExpenseClaim',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='expense_claims', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='expense_claims', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='TRAVEL: travel\nCARER: carer\nASSISTANT: assistant\nOTHER: other', enum_type=ExpenseKind, max_length=20)),
                ('amount_pence', fields.IntField()),
                ('spent_on', fields.DateField()),
                ('receipt', fields.CharField(max_length=300)),
                ('status', fields.CharEnumField(default=ClaimStatus.WAITING, description='WAITING: waiting\nAPPROVED: approved\nREFUSED: refused', enum_type=ClaimStatus, max_length=20)),
                ('decided_by', fields.ForeignKeyField('models.Person', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='claims_decided', on_delete=OnDelete.SET_NULL)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'expense_claim', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Money a person spent to take part (travel, carer or assistant), with its receipt.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FollowUp',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='follow_ups', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='follow_ups', on_delete=OnDelete.CASCADE)),
                ('reason', fields.CharField(max_length=300)),
                ('signup_id_ref', fields.IntField(null=True, unique=True)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'follow_up', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A welfare check for an organiser after a missed shift: support, never a penalty.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RewardChoice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='reward_choices', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='reward_choices', on_delete=OnDelete.CASCADE)),
                ('activity', fields.CharEnumField(description='PLANNING_MEETING: planning_meeting\nVENUE_VISIT: venue_visit\nSHIFT: shift\nOTHER: other', enum_type=Activity, max_length=30)),
                ('kind', fields.CharEnumField(default=RewardKind.NONE, description='NONE: none\nTIME_CREDITS: time_credits\nVOUCHER: voucher\nFEE: fee\nREDUCED_FEE: reduced_fee\nDONATION: donation\nEXPENSES_ONLY: expenses_only', enum_type=RewardKind, max_length=20)),
                ('pence_per_hour', fields.IntField(default=0)),
                ('donation_group', fields.CharField(default='', max_length=200)),
                ('benefits_note_seen_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('chosen_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'reward_choice', 'app': 'models', 'unique_together': (('fair', 'person', 'activity'),), 'pk_attr': 'id', 'table_description': 'What a person chose, before the work, to get back for one kind of activity.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VolunteerLimit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='volunteer_limits', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='volunteer_limits', on_delete=OnDelete.CASCADE)),
                ('max_minutes_per_day', fields.IntField()),
            ],
            options={'table': 'volunteer_limit', 'app': 'models', 'unique_together': (('fair', 'person'),), 'pk_attr': 'id', 'table_description': "A person's own limit of hours per day in one fair (they set it, it is theirs)."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VolunteerRole',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='volunteer_roles', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=200)),
                ('purpose', fields.TextField(default='', unique=False)),
                ('responsibilities', fields.TextField(default='', unique=False)),
                ('skills', fields.TextField(default='', unique=False)),
                ('support_offered', fields.TextField(default='', unique=False)),
                ('access_notes', fields.TextField(default='', unique=False)),
                ('easy_read', fields.TextField(default='', unique=False)),
                ('people_needed', fields.IntField(default=1)),
                ('needs_briefing', fields.BooleanField(default=False)),
                ('status', fields.CharEnumField(default=RoleStatus.DRAFT, description='DRAFT: draft\nACTIVE: active\nRETIRED: retired', enum_type=RoleStatus, max_length=20)),
                ('version', fields.IntField(default=1)),
                ('drafted_by', fields.ForeignKeyField('models.Person', source_field='drafted_by_id', null=True, db_constraint=True, to_field='id', related_name='roles_drafted', on_delete=OnDelete.SET_NULL)),
                ('approved_by', fields.ForeignKeyField('models.Person', source_field='approved_by_id', null=True, db_constraint=True, to_field='id', related_name='roles_approved', on_delete=OnDelete.SET_NULL)),
                ('approved_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('approved_how', fields.CharField(default='', max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'volunteer_role', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A volunteer role written with the people who will do it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Briefing',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('role', fields.ForeignKeyField('models.VolunteerRole', source_field='role_id', db_constraint=True, to_field='id', related_name='briefings', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='briefings', on_delete=OnDelete.CASCADE)),
                ('recorded_by', fields.ForeignKeyField('models.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='briefings_recorded', on_delete=OnDelete.SET_NULL)),
                ('done_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'briefing', 'app': 'models', 'unique_together': (('role', 'person'),), 'pk_attr': 'id', 'table_description': 'A person has had the briefing a role needs, and who gave it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RoleVersion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('role', fields.ForeignKeyField('models.VolunteerRole', source_field='role_id', db_constraint=True, to_field='id', related_name='versions', on_delete=OnDelete.CASCADE)),
                ('version', fields.IntField()),
                ('snapshot', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('note', fields.CharField(default='', max_length=200)),
                ('changed_by', fields.ForeignKeyField('models.Person', source_field='changed_by_id', null=True, db_constraint=True, to_field='id', related_name='role_changes', on_delete=OnDelete.SET_NULL)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'role_version', 'app': 'models', 'unique_together': (('role', 'version'),), 'pk_attr': 'id', 'table_description': 'A saved copy of a role as it was after each change, with who changed it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Shift',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='shifts', on_delete=OnDelete.CASCADE)),
                ('role', fields.ForeignKeyField('models.VolunteerRole', source_field='role_id', db_constraint=True, to_field='id', related_name='shifts', on_delete=OnDelete.CASCADE)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('people_needed', fields.IntField(default=1)),
                ('reminded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'shift', 'app': 'models', 'indexes': [Index(fields=['fair_id', 'starts_at'])], 'pk_attr': 'id', 'table_description': 'When a role is needed, and by how many people.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Signup',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('shift', fields.ForeignKeyField('models.Shift', source_field='shift_id', db_constraint=True, to_field='id', related_name='signups', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='signups', on_delete=OnDelete.CASCADE)),
                ('place', fields.IntField()),
                ('assigned_by', fields.ForeignKeyField('models.Person', source_field='assigned_by_id', null=True, db_constraint=True, to_field='id', related_name='signups_assigned', on_delete=OnDelete.SET_NULL)),
                ('over_fill_reason', fields.CharField(default='', max_length=300)),
                ('attended', fields.BooleanField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'signup', 'app': 'models', 'unique_together': (('shift', 'person'), ('shift', 'place')), 'pk_attr': 'id', 'table_description': 'A person doing a shift. `place` numbers the places 1..needed: the unique pair'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Contribution',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='contributions', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='contributions', on_delete=OnDelete.CASCADE)),
                ('activity', fields.CharEnumField(description='PLANNING_MEETING: planning_meeting\nVENUE_VISIT: venue_visit\nSHIFT: shift\nOTHER: other', enum_type=Activity, max_length=30)),
                ('role', fields.ForeignKeyField('models.VolunteerRole', source_field='role_id', null=True, db_constraint=True, to_field='id', related_name='contributions', on_delete=OnDelete.SET_NULL)),
                ('signup', fields.ForeignKeyField('models.Signup', source_field='signup_id', null=True, unique=True, db_constraint=True, to_field='id', related_name='contributions', on_delete=OnDelete.SET_NULL)),
                ('given_on', fields.DateField()),
                ('minutes', fields.IntField()),
                ('note', fields.CharField(default='', max_length=300)),
                ('skills_used', fields.CharField(default='', max_length=300)),
                ('reward', fields.CharEnumField(default=RewardKind.NONE, description='NONE: none\nTIME_CREDITS: time_credits\nVOUCHER: voucher\nFEE: fee\nREDUCED_FEE: reduced_fee\nDONATION: donation\nEXPENSES_ONLY: expenses_only', enum_type=RewardKind, max_length=20)),
                ('reward_pence', fields.IntField(default=0)),
                ('recorded_by', fields.ForeignKeyField('models.Person', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='contributions_recorded', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'contribution', 'app': 'models', 'indexes': [Index(fields=['fair_id', 'person_id', 'given_on'])], 'pk_attr': 'id', 'table_description': 'Time a person gave, and who wrote it down.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VolunteeringSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.OneToOneField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='volunteering_settings', on_delete=OnDelete.CASCADE)),
                ('withdraw_cutoff_hours', fields.IntField(default=24)),
                ('offer_hours', fields.IntField(default=24)),
                ('weekly_limit_pence', fields.IntField(null=True)),
                ('monthly_limit_pence', fields.IntField(null=True)),
                ('named_worker', fields.ForeignKeyField('models.Person', source_field='named_worker_id', null=True, db_constraint=True, to_field='id', related_name='worker_for', on_delete=OnDelete.SET_NULL)),
                ('welfare_advice', fields.CharField(default='Citizens Advice: 0800 144 8848, or your local welfare rights service', max_length=300)),
            ],
            options={'table': 'volunteering_settings', 'app': 'models', 'pk_attr': 'id', 'table_description': "An organiser's settings for one fair: the withdraw cut-off and reward limits."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WaitlistEntry',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('shift', fields.ForeignKeyField('models.Shift', source_field='shift_id', db_constraint=True, to_field='id', related_name='waitlist', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='waitlist_entries', on_delete=OnDelete.CASCADE)),
                ('status', fields.CharEnumField(default=WaitStatus.WAITING, description='WAITING: waiting\nOFFERED: offered\nACCEPTED: accepted\nEXPIRED: expired', enum_type=WaitStatus, max_length=20)),
                ('token_digest', fields.CharField(null=True, unique=True, max_length=64)),
                ('offered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('offer_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'waitlist_entry', 'app': 'models', 'unique_together': (('shift', 'person'),), 'pk_attr': 'id', 'table_description': 'A place in the queue for a full shift. A freed place is offered with an expiring link.'},
            bases=['Model'],
        ),
    ]
