from tortoise import migrations
from tortoise.migrations import operations as ops
from fairplanner.models.venues import AnswerState
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_volunteering')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Venue',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='venues', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('address', fields.TextField(default='', unique=False)),
                ('postcode', fields.CharField(default='', max_length=12)),
                ('contact', fields.CharField(default='', max_length=300)),
                ('capacity', fields.IntField(null=True)),
                ('transport_notes', fields.TextField(default='', unique=False)),
                ('access_info_url', fields.CharField(default='', max_length=500)),
                ('description', fields.TextField(default='', unique=False)),
                ('easy_read', fields.TextField(default='', unique=False)),
                ('chosen', fields.BooleanField(default=False)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='venues_added', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'venue', 'app': 'models', 'unique_together': (('fair', 'name'),), 'pk_attr': 'id', 'table_description': 'A candidate place for a fair.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Assessment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('venue', fields.ForeignKeyField('models.Venue', source_field='venue_id', db_constraint=True, to_field='id', related_name='assessments', on_delete=OnDelete.CASCADE)),
                ('assessor', fields.ForeignKeyField('models.Person', source_field='assessor_id', null=True, db_constraint=True, to_field='id', related_name='assessments', on_delete=OnDelete.SET_NULL)),
                ('assessor_name', fields.CharField(default='', max_length=200)),
                ('visited_on', fields.DateField(null=True)),
                ('checklist_version', fields.IntField(default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'assessment', 'app': 'models', 'unique_together': (('venue', 'assessor'),), 'pk_attr': 'id', 'table_description': "One person's checklist for one venue, built up over one or more visits."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Answer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('assessment', fields.ForeignKeyField('models.Assessment', source_field='assessment_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('item_code', fields.CharField(max_length=8)),
                ('state', fields.CharEnumField(description='ANSWERED: answered\nNOT_CHECKED: not_checked\nNOT_APPLICABLE: not_applicable', enum_type=AnswerState, max_length=20)),
                ('value', fields.TextField(default='', unique=False)),
                ('extra', fields.TextField(default='', unique=False)),
                ('note', fields.TextField(default='', unique=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'venue_answer', 'app': 'models', 'unique_together': (('assessment', 'item_code'),), 'pk_attr': 'id', 'table_description': 'What one assessor found for one checklist item.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Photo',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('assessment', fields.ForeignKeyField('models.Assessment', source_field='assessment_id', db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.CASCADE)),
                ('item_code', fields.CharField(max_length=8)),
                ('filename', fields.CharField(unique=True, max_length=80)),
                ('alt', fields.CharField(max_length=300)),
                ('width', fields.IntField()),
                ('height', fields.IntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'venue_photo', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A photo taken for one checklist item, re-encoded without metadata, stored on disk.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='VenueThreshold',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='venue_thresholds', on_delete=OnDelete.CASCADE)),
                ('key', fields.CharField(max_length=60)),
                ('value', fields.FloatField()),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'venue_threshold', 'app': 'models', 'unique_together': (('fair', 'key'),), 'pk_attr': 'id', 'table_description': "A fair's own value for a checklist threshold, replacing the catalogue default."},
            bases=['Model'],
        ),
    ]
