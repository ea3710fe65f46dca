from tortoise import migrations
from tortoise.migrations import operations as ops
from fairplanner.models.enums import ContactChannel
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_buddies')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ContactMessage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', null=True, db_constraint=True, to_field='id', related_name='contact_messages', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='contact_messages', on_delete=OnDelete.CASCADE)),
                ('recipient_name', fields.CharField(max_length=200)),
                ('channel', fields.CharEnumField(description='EMAIL: email\nTEXT: text\nPHONE: phone\nPOST: post\nSUPPORTER: supporter', enum_type=ContactChannel, max_length=20)),
                ('address', fields.CharField(default='', db_default='', max_length=300)),
                ('subject', fields.CharField(max_length=300)),
                ('body', fields.TextField(unique=False)),
                ('kind', fields.CharField(max_length=40)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0, db_default=0)),
                ('last_error', fields.CharField(default='', db_default='', max_length=500)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('done_by', fields.ForeignKeyField('models.Person', source_field='done_by_id', null=True, db_constraint=True, to_field='id', related_name='contacts_done', on_delete=OnDelete.SET_NULL)),
                ('done_note', fields.CharField(default='', db_default='', max_length=300)),
            ],
            options={'table': 'contact_message', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A message for someone who is not reached by e-mail: a text (sent through the SMS'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='OutboxAttachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('message', fields.ForeignKeyField('models.OutboxMessage', source_field='message_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('filename', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=100)),
                ('data', fields.BinaryField()),
            ],
            options={'table': 'outbox_attachment', 'app': 'models', 'pk_attr': 'id', 'table_description': "A file sent with an e-mail (a ticket's .ics, say), kept with its message in the outbox."},
            bases=['Model'],
        ),
    ]
