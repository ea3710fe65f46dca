from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from fairplanner.models.buddies import OverrideKind, PairStatus, RunStatus, Side, SupportLevel
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0008_checkin')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BuddyProfile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='buddy_profiles', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='buddy_profiles', on_delete=OnDelete.CASCADE)),
                ('side', fields.CharEnumField(description='SUPPORTED: supported\nPARTNER: partner', enum_type=Side, max_length=20)),
                ('support', fields.CharEnumField(default=SupportLevel.BUDDY_WITH_ME, description='ON_MY_OWN: on_my_own\nSOMEONE_NEARBY: someone_nearby\nBUDDY_WITH_ME: buddy_with_me\nTWO_PEOPLE: two_people', enum_type=SupportLevel, max_length=20)),
                ('capacity', fields.IntField(default=0)),
                ('languages', fields.CharField(default='', max_length=200)),
                ('communication', fields.CharField(default='', max_length=300)),
                ('skills', fields.CharField(default='', max_length=300)),
                ('interests', fields.CharField(default='', max_length=300)),
                ('times', fields.CharField(default='', max_length=300)),
                ('meeting_point', fields.CharField(default='', max_length=200)),
                ('named', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('never', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('filled_by', fields.ForeignKeyField('models.Person', source_field='filled_by_id', null=True, db_constraint=True, to_field='id', related_name='buddy_profiles_filled', on_delete=OnDelete.SET_NULL)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'buddy_profile', 'app': 'models', 'unique_together': (('fair', 'person'),), 'pk_attr': 'id', 'table_description': 'What the matcher needs to know about one person, filled in by them or a supporter.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PairOverride',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='pair_overrides', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='PIN: pin\nFORBID: forbid\nLEAVE_OUT: leave_out', enum_type=OverrideKind, max_length=20)),
                ('supported', fields.ForeignKeyField('models.Person', source_field='supported_id', db_constraint=True, to_field='id', related_name='overrides_supported', on_delete=OnDelete.CASCADE)),
                ('partner', fields.ForeignKeyField('models.Person', source_field='partner_id', null=True, db_constraint=True, to_field='id', related_name='overrides_partner', on_delete=OnDelete.CASCADE)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='overrides_made', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pair_override', 'app': 'models', 'pk_attr': 'id', 'table_description': "An organiser's decision the next run keeps: pin a pair, forbid a pair, leave out."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PairingAudit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='pairing_audit', on_delete=OnDelete.CASCADE)),
                ('action', fields.CharField(max_length=40)),
                ('detail', fields.CharField(default='', max_length=500)),
                ('by', fields.ForeignKeyField('models.Person', source_field='by_id', null=True, db_constraint=True, to_field='id', related_name='pairing_actions', on_delete=OnDelete.SET_NULL)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'pairing_audit', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Every run, pin, forbid, leave-out and publish: who did it and when.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PairingRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='pairing_runs', on_delete=OnDelete.CASCADE)),
                ('number', fields.IntField()),
                ('seed', fields.BigIntField()),
                ('settings', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=RunStatus.PROPOSED, description='PROPOSED: proposed\nPUBLISHED: published', enum_type=RunStatus, max_length=20)),
                ('total', fields.IntField(default=0)),
                ('worst', fields.IntField(null=True)),
                ('unmatched', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='pairing_runs', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('published_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'pairing_run', 'app': 'models', 'unique_together': (('fair', 'number'),), 'pk_attr': 'id', 'table_description': 'One run of the matcher: its seed and settings, so it can be repeated exactly. The'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BuddyPair',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('run', fields.ForeignKeyField('models.PairingRun', source_field='run_id', db_constraint=True, to_field='id', related_name='pairs', on_delete=OnDelete.CASCADE)),
                ('supported', fields.ForeignKeyField('models.Person', source_field='supported_id', db_constraint=True, to_field='id', related_name='buddy_pairs_supported', on_delete=OnDelete.CASCADE)),
                ('partner', fields.ForeignKeyField('models.Person', source_field='partner_id', db_constraint=True, to_field='id', related_name='buddy_pairs_partner', on_delete=OnDelete.CASCADE)),
                ('score', fields.IntField()),
                ('breakdown', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('pinned', fields.BooleanField(default=False)),
                ('status', fields.CharEnumField(default=PairStatus.PROPOSED, description='PROPOSED: proposed\nACCEPTED: accepted\nCHANGE_ASKED: change_asked', enum_type=PairStatus, max_length=20)),
            ],
            options={'table': 'buddy_pair', 'app': 'models', 'unique_together': (('run', 'supported', 'partner'),), 'pk_attr': 'id', 'table_description': 'A proposed pair with its score breakdown (each check and criterion in a sentence).'},
            bases=['Model'],
        ),
    ]
