from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from fairplanner.models.planning import Channel, Method, TaskStatus, Topic
from fairplanner.models.stalls import OpportunityKind
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_tickets')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AgendaItem',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='agenda', on_delete=OnDelete.CASCADE)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('place', fields.CharField(default='', max_length=200)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('easy_read', fields.TextField(default='', unique=False)),
                ('access_features', fields.CharField(default='', max_length=100)),
            ],
            options={'table': 'agenda_item', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One part of the day: when, where, what happens and its access features.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Proposal',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.CASCADE)),
                ('topic', fields.CharEnumField(description='VENUE: venue\nDAY_STRUCTURE: day_structure\nMARKETING: marketing\nROLES: roles\nOTHER: other', enum_type=Topic, max_length=20)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('easy_read', fields.TextField(default='', unique=False)),
                ('method', fields.CharEnumField(description='CONSENT: consent\nDOT_VOTE: dot_vote\nTIME_POLL: time_poll\nSCORE: score', enum_type=Method, max_length=20)),
                ('dots', fields.IntField(default=0)),
                ('opens_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', db_constraint=True, to_field='id', related_name='proposals', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closed_by', fields.ForeignKeyField('models.Person', source_field='closed_by_id', null=True, db_constraint=True, to_field='id', related_name='proposals_closed', on_delete=OnDelete.SET_NULL)),
                ('close_reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'proposal', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Something the group is asked to decide, raised by any member of the fair.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Comment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('models.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.Person', source_field='author_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('recorded_by', fields.ForeignKeyField('models.Person', source_field='recorded_by_id', db_constraint=True, to_field='id', related_name='comments_recorded', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharEnumField(default=Channel.ONLINE, description='ONLINE: online\nPHONE: phone\nPAPER: paper\nMEETING: meeting', enum_type=Channel, max_length=20)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'proposal_comment', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A comment on a proposal, written by a member or recorded for them.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Decision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.CASCADE)),
                ('proposal', fields.OneToOneField('models.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='decision', on_delete=OnDelete.CASCADE)),
                ('outcome', fields.TextField(unique=False)),
                ('easy_read', fields.TextField(default='', unique=False)),
                ('result', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('owner', fields.ForeignKeyField('models.Person', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='decisions_owned', on_delete=OnDelete.SET_NULL)),
                ('review_on', fields.DateField(null=True)),
                ('made_by', fields.ForeignKeyField('models.Person', source_field='made_by_id', null=True, db_constraint=True, to_field='id', related_name='decisions_made', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'decision', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The outcome of a closed proposal: plain words, the counts, an owner and a review date.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Option',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('models.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='options', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField()),
                ('title', fields.CharField(max_length=200)),
                ('meaning', fields.TextField(default='', unique=False)),
                ('easy_read', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'proposal_option', 'app': 'models', 'unique_together': (('proposal', 'position'),), 'pk_attr': 'id', 'table_description': 'One choice in a proposal, with what it means in plain words and in easy read.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PlanningAudit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('models.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='audit', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('models.Person', source_field='actor_id', db_constraint=True, to_field='id', related_name='planning_actions', on_delete=OnDelete.CASCADE)),
                ('on_behalf_of', fields.ForeignKeyField('models.Person', source_field='on_behalf_of_id', null=True, db_constraint=True, to_field='id', related_name='planning_actions_for', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharEnumField(default=Channel.ONLINE, description='ONLINE: online\nPHONE: phone\nPAPER: paper\nMEETING: meeting', enum_type=Channel, max_length=20)),
                ('action', fields.CharField(max_length=40)),
                ('detail', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'planning_audit', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The audit trail: every vote, changed vote, comment recorded for someone, and early'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Stall',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='stalls', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('easy_read', fields.TextField(default='', unique=False)),
                ('exhibitor', fields.ForeignKeyField('models.Person', source_field='exhibitor_id', null=True, db_constraint=True, to_field='id', related_name='stalls', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'stall', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An exhibiting organisation at the fair. Its exhibitor member may edit it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Opportunity',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('stall', fields.ForeignKeyField('models.Stall', source_field='stall_id', db_constraint=True, to_field='id', related_name='opportunities', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='JOB: job\nCOURSE: course\nVOLUNTEERING: volunteering\nACTIVITY: activity', enum_type=OpportunityKind, max_length=20)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('easy_read', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'opportunity', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A job, course, volunteering role or activity offered at a stall.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Task',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.CASCADE)),
                ('decision', fields.ForeignKeyField('models.Decision', source_field='decision_id', null=True, db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.SET_NULL)),
                ('title', fields.CharField(max_length=200)),
                ('owner', fields.ForeignKeyField('models.Person', source_field='owner_id', null=True, db_constraint=True, to_field='id', related_name='tasks', on_delete=OnDelete.SET_NULL)),
                ('due_on', fields.DateField(null=True)),
                ('status', fields.CharEnumField(default=TaskStatus.TO_DO, description='TO_DO: to_do\nDOING: doing\nDONE: done', enum_type=TaskStatus, max_length=20)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='tasks_created', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'task', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An action someone in the fair agreed to do, often spawned by a decision.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Vote',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('proposal', fields.ForeignKeyField('models.Proposal', source_field='proposal_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('voter', fields.ForeignKeyField('models.Person', source_field='voter_id', db_constraint=True, to_field='id', related_name='votes', on_delete=OnDelete.CASCADE)),
                ('recorded_by', fields.ForeignKeyField('models.Person', source_field='recorded_by_id', db_constraint=True, to_field='id', related_name='votes_recorded', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharEnumField(default=Channel.ONLINE, description='ONLINE: online\nPHONE: phone\nPAPER: paper\nMEETING: meeting', enum_type=Channel, max_length=20)),
                ('values', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('stance', fields.CharField(default='', max_length=20)),
                ('reason', fields.TextField(default='', unique=False)),
                ('needs_support', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'vote', 'app': 'models', 'unique_together': (('proposal', 'voter'),), 'pk_attr': 'id', 'table_description': "One member's current vote on a proposal. The unique pair (proposal, voter) makes two"},
            bases=['Model'],
        ),
    ]
