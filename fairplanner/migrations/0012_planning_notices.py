from tortoise import migrations
from tortoise.migrations import operations as ops
from fairplanner.models.planning_notices import NoticeKind
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0011_buddies')]

    initial = False

    operations = [
        ops.CreateModel(
            name='NoticeDigest',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='notice_digests', on_delete=OnDelete.CASCADE)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='notice_digests', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('items', fields.IntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'notice_digest', 'app': 'models', 'unique_together': (('person', 'fair', 'day'),), 'pk_attr': 'id', 'table_description': 'A daily digest sent to one person about one fair. Unique per day: never two a day.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='NoticePreference',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.OneToOneField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='notice_preference', on_delete=OnDelete.CASCADE)),
                ('every_message', fields.BooleanField(default=False)),
            ],
            options={'table': 'notice_preference', 'app': 'models', 'pk_attr': 'id', 'table_description': 'How often a person hears about co-planning. No row means one digest a day.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PendingNotice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='notices', on_delete=OnDelete.CASCADE)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='notices', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='NEW_PROPOSAL: new_proposal\nCLOSING_SOON: closing_soon\nDECISION: decision\nTASK: task', enum_type=NoticeKind, max_length=20)),
                ('key', fields.CharField(max_length=80)),
                ('text', fields.TextField(unique=False)),
                ('link', fields.CharField(default='', max_length=300)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'pending_notice', 'app': 'models', 'unique_together': (('person', 'key'),), 'pk_attr': 'id', 'table_description': 'One thing to tell one person. The key (for example closing_soon:12) is unique per'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Decision',
            name='venue',
            field=fields.ForeignKeyField('models.Venue', source_field='venue_id', null=True, db_constraint=True, to_field='id', related_name='decisions', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='Option',
            name='venue',
            field=fields.ForeignKeyField('models.Venue', source_field='venue_id', null=True, db_constraint=True, to_field='id', related_name='proposal_options', on_delete=OnDelete.SET_NULL),
        ),
    ]
