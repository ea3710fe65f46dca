from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_feedback')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SensitiveRead',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reader', fields.ForeignKeyField('models.Person', source_field='reader_id', null=True, db_constraint=True, to_field='id', related_name='sensitive_reads', on_delete=OnDelete.SET_NULL)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', null=True, db_constraint=True, to_field='id', related_name='sensitive_reads', on_delete=OnDelete.CASCADE)),
                ('what', fields.CharField(max_length=200)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'sensitive_read', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Who looked at whose sensitive data, when, and for which fair.'},
            bases=['Model'],
        ),
    ]
