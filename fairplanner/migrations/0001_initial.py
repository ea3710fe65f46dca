from tortoise import migrations
from tortoise.migrations import operations as ops
from fairplanner.models.enums import ContactChannel, Group, Phase, Role, TextSize
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='Organisation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('slug', fields.CharField(unique=True, max_length=80)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'organisation', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A council or charity. Owns its fairs and their data. Nothing crosses between them.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Fair',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='fairs', on_delete=OnDelete.CASCADE)),
                ('title', fields.CharField(max_length=200)),
                ('summary', fields.TextField(default='', unique=False)),
                ('easy_read_summary', fields.TextField(default='', unique=False)),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('time_zone', fields.CharField(default='Europe/London', db_default='Europe/London', max_length=64)),
                ('phase', fields.CharEnumField(default=Phase.PLANNING, description='PLANNING: planning\nPUBLISHED: published\nLIVE: live\nREVIEW: review\nCLOSED: closed', enum_type=Phase, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'fair', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One event being planned.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('to_address', fields.CharField(max_length=254)),
                ('subject', fields.CharField(max_length=300)),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0, db_default=0)),
                ('last_error', fields.CharField(default='', db_default='', max_length=500)),
            ],
            options={'table': 'outbox_message', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Person',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(max_length=200)),
                ('email', fields.CharField(null=True, unique=True, max_length=254)),
                ('phone', fields.CharField(default='', db_default='', max_length=40)),
                ('pronouns', fields.CharField(default='', db_default='', max_length=40)),
                ('password_hash', fields.CharField(default='', db_default='', max_length=200)),
                ('contact_channel', fields.CharEnumField(default=ContactChannel.EMAIL, description='EMAIL: email\nTEXT: text\nPHONE: phone\nPOST: post\nSUPPORTER: supporter', enum_type=ContactChannel, max_length=20)),
                ('formats', fields.CharField(default='', db_default='', max_length=100)),
                ('easy_read', fields.BooleanField(default=False, db_default=False)),
                ('text_size', fields.CharEnumField(default=TextSize.STANDARD, description='STANDARD: standard\nLARGE: large\nLARGER: larger', enum_type=TextSize, max_length=20)),
                ('session_version', fields.IntField(default=1, db_default=1)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'person', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Anyone with an account, with how they like to be contacted and to read.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Invitation',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='invitations', on_delete=OnDelete.CASCADE)),
                ('name', fields.CharField(max_length=200)),
                ('email', fields.CharField(max_length=254)),
                ('role', fields.CharEnumField(description='ORGANISER: organiser\nCO_PLANNER: co_planner\nVOLUNTEER: volunteer\nDOOR: door\nEXHIBITOR: exhibitor', enum_type=Role, max_length=20)),
                ('group', fields.CharEnumField(description='SERVICE_USER: service_user\nCARER: carer\nPARTNER: partner\nSTAFF: staff', enum_type=Group, max_length=20)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('invited_by', fields.ForeignKeyField('models.Person', source_field='invited_by_id', null=True, db_constraint=True, to_field='id', related_name='invitations_sent', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('withdrawn_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'invitation', 'app': 'models', 'pk_attr': 'id', 'table_description': 'An invitation by e-mail link to join a fair. Only a digest of the token is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Membership',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='memberships', on_delete=OnDelete.CASCADE)),
                ('role', fields.CharEnumField(description='ORGANISER: organiser\nCO_PLANNER: co_planner\nVOLUNTEER: volunteer\nDOOR: door\nEXHIBITOR: exhibitor', enum_type=Role, max_length=20)),
                ('group', fields.CharEnumField(description='SERVICE_USER: service_user\nCARER: carer\nPARTNER: partner\nSTAFF: staff', enum_type=Group, max_length=20)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'membership', 'app': 'models', 'unique_together': (('fair', 'person'),), 'pk_attr': 'id', 'table_description': "A person's part in one fair, and the group they belong to."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OrganisationAdmin',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('organisation', fields.ForeignKeyField('models.Organisation', source_field='organisation_id', db_constraint=True, to_field='id', related_name='admins', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='admin_of', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'organisation_admin', 'app': 'models', 'unique_together': (('organisation', 'person'),), 'pk_attr': 'id', 'table_description': "A person who runs an organisation's account: can create fairs and see all of them."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PasswordReset',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='password_resets', on_delete=OnDelete.CASCADE)),
                ('token_digest', fields.CharField(unique=True, max_length=64)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'password_reset', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A single-use, expiring link sent by e-mail. Only a digest of the token is stored.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SignInCard',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', db_constraint=True, to_field='id', related_name='sign_in_cards', on_delete=OnDelete.CASCADE)),
                ('code_digest', fields.CharField(unique=True, max_length=64)),
                ('last_four', fields.CharField(max_length=4)),
                ('pin_hash', fields.CharField(default='', db_default='', max_length=200)),
                ('issued_by', fields.ForeignKeyField('models.Person', source_field='issued_by_id', null=True, db_constraint=True, to_field='id', related_name='cards_issued', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'sign_in_card', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A printable card (QR code and short code) for people without e-mail, issued by an organiser.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SignInFailure',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(db_index=True, max_length=300)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sign_in_failure', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One failed sign-in, keyed by account or by address, for rate limiting across processes.'},
            bases=['Model'],
        ),
    ]
