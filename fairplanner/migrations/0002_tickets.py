from tortoise import migrations
from tortoise.migrations import operations as ops
from fairplanner.models.tickets import RegistrationSource, RegistrationStatus, TicketKind, TicketStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BookingSettings',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.OneToOneField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='booking_settings', on_delete=OnDelete.CASCADE)),
                ('capacity', fields.IntField(null=True)),
                ('taken', fields.IntField(default=0)),
                ('offer_hours', fields.IntField(default=48)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'booking_settings', 'app': 'models', 'pk_attr': 'id', 'table_description': 'How many places a fair has, and how many are taken (kept by conditional updates).'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CalendarFeed',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='calendar_feeds', on_delete=OnDelete.CASCADE)),
                ('token', fields.CharField(unique=True, max_length=64)),
                ('alarm_minutes', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'calendar_feed', 'app': 'models', 'pk_attr': 'id', 'table_description': "A member's subscription link (webcal). Revoking it makes the old link stop working."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CalendarRevision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('uid', fields.CharField(unique=True, max_length=200)),
                ('fingerprint', fields.CharField(max_length=64)),
                ('sequence', fields.IntField(default=0)),
                ('changed_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'calendar_revision', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The SEQUENCE of one calendar event UID: raised whenever its content changes.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Registration',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='registrations', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('email', fields.CharField(default='', max_length=254)),
                ('phone', fields.CharField(default='', max_length=40)),
                ('via_supporter', fields.BooleanField(default=False)),
                ('supporter', fields.CharField(default='', max_length=300)),
                ('group_name', fields.CharField(default='', max_length=200)),
                ('places', fields.IntField(default=1)),
                ('companions', fields.IntField(default=0)),
                ('access_needs', fields.TextField(default='', unique=False)),
                ('access_need_keys', fields.CharField(default='', max_length=1000)),
                ('wants_call', fields.BooleanField(default=False)),
                ('show_at_door', fields.BooleanField(default=False)),
                ('heard_from', fields.CharField(default='', max_length=40)),
                ('source', fields.CharEnumField(description='ONLINE: online\nPHONE: phone\nPAPER: paper\nDOOR: door', enum_type=RegistrationSource, max_length=20)),
                ('status', fields.CharEnumField(description='BOOKED: booked\nWAITING: waiting\nOFFERED: offered\nCANCELLED: cancelled\nEXPIRED: expired', enum_type=RegistrationStatus, max_length=20)),
                ('submission_key', fields.CharField(max_length=64)),
                ('offer_expires_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'registration', 'app': 'models', 'unique_together': (('fair', 'submission_key'),), 'indexes': [Index(fields=['fair_id', 'status', 'created_at'])], 'pk_attr': 'id', 'table_description': 'One booking: the person, how to reach them, what they need, and how many places.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Ticket',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.CASCADE)),
                ('registration', fields.ForeignKeyField('models.Registration', source_field='registration_id', db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.CASCADE)),
                ('secret', fields.CharField(unique=True, max_length=32)),
                ('reference', fields.CharField(unique=True, max_length=12)),
                ('door_name', fields.CharField(max_length=60)),
                ('kind', fields.CharEnumField(description='ATTENDEE: attendee\nCOMPANION: companion', enum_type=TicketKind, max_length=20)),
                ('status', fields.CharEnumField(default=TicketStatus.VALID, description='VALID: valid\nCANCELLED: cancelled\nREISSUED: reissued', enum_type=TicketStatus, max_length=20)),
                ('qr_svg', fields.TextField(default='', unique=False)),
                ('lead', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'ticket', 'app': 'models', 'pk_attr': 'id', 'table_description': "One person's entry: a secret for the QR code and a short reference for typing."},
            bases=['Model'],
        ),
    ]
