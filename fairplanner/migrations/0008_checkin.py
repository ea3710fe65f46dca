from tortoise import migrations
from tortoise.migrations import operations as ops
from fairplanner.models.checkin import Direction, DoorRole
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_audit')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CheckInList',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='checkin_lists', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=100)),
                ('opens_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('closes_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('allow_reentry', fields.BooleanField(default=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'checkin_list', 'app': 'models', 'unique_together': (('fair', 'name'),), 'pk_attr': 'id', 'table_description': 'One door or session with its opening times and whether people may come back in.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DoorDevice',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='door_devices', on_delete=OnDelete.CASCADE)),
                ('checkin_list', fields.ForeignKeyField('models.CheckInList', source_field='checkin_list_id', db_constraint=True, to_field='id', related_name='devices', on_delete=OnDelete.CASCADE)),
                ('label', fields.CharField(max_length=100)),
                ('role', fields.CharEnumField(description='STEWARD: steward\nSUPERVISOR: supervisor', enum_type=DoorRole, max_length=20)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('pin_hash', fields.CharField(default='', max_length=200)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('paired_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_by', fields.ForeignKeyField('models.Person', source_field='created_by_id', null=True, db_constraint=True, to_field='id', related_name='door_devices', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'door_device', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A phone paired to one list by an organiser: time-limited, revocable, maybe PIN-locked.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CheckIn',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('checkin_list', fields.ForeignKeyField('models.CheckInList', source_field='checkin_list_id', db_constraint=True, to_field='id', related_name='scans', on_delete=OnDelete.CASCADE)),
                ('ticket', fields.ForeignKeyField('models.Ticket', source_field='ticket_id', null=True, db_constraint=True, to_field='id', related_name='scans', on_delete=OnDelete.SET_NULL)),
                ('device', fields.ForeignKeyField('models.DoorDevice', source_field='device_id', null=True, db_constraint=True, to_field='id', related_name='scans', on_delete=OnDelete.SET_NULL)),
                ('nonce', fields.CharField(max_length=64)),
                ('direction', fields.CharEnumField(description='ENTRY: entry\nEXIT: exit', enum_type=Direction, max_length=10)),
                ('result', fields.CharField(max_length=30)),
                ('successful', fields.BooleanField()),
                ('forced', fields.BooleanField(default=False)),
                ('code_hint', fields.CharField(default='', max_length=12)),
                ('client_time', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('annulled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'checkin', 'app': 'models', 'unique_together': (('device', 'nonce'),), 'indexes': [Index(fields=['checkin_list_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'Every scan, successful or not, with the answer the device was given.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Presence',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('checkin_list', fields.ForeignKeyField('models.CheckInList', source_field='checkin_list_id', db_constraint=True, to_field='id', related_name='presences', on_delete=OnDelete.CASCADE)),
                ('ticket', fields.ForeignKeyField('models.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='presences', on_delete=OnDelete.CASCADE)),
                ('inside', fields.BooleanField(default=True)),
                ('entries', fields.IntField(default=1)),
                ('first_entry_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'checkin_presence', 'app': 'models', 'unique_together': (('checkin_list', 'ticket'),), 'indexes': [Index(fields=['checkin_list_id', 'inside'])], 'pk_attr': 'id', 'table_description': 'Whether one ticket is inside through one list: changed only by conditional writes.'},
            bases=['Model'],
        ),
    ]
