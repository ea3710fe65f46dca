from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0010_messaging')]

    initial = False

    operations = [
        ops.AddField(
            model_name='BuddyPair',
            name='backup',
            field=fields.ForeignKeyField('models.Person', source_field='backup_id', null=True, db_constraint=True, to_field='id', related_name='buddy_backups', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='BuddyPair',
            name='backup_why',
            field=fields.CharField(default='', db_default='', max_length=300),
        ),
        ops.AddField(
            model_name='BuddyPair',
            name='locked',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AlterModelOptions(
            name='PairingRun',
            options={'table': 'pairing_run', 'app': 'models', 'unique_together': (('fair', 'number'),), 'pk_attr': 'id', 'table_description': 'One run of the matcher: its seed, block and settings (weights, minimum score, fairness),'},
        ),
        ops.AddField(
            model_name='PairingRun',
            name='block',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
    ]
