from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_planning_notices')]

    initial = False

    operations = [
        ops.AddField(
            model_name='CheckIn',
            name='conflict',
            field=fields.CharField(default='', db_default='', max_length=30),
        ),
        ops.AddField(
            model_name='CheckIn',
            name='offline',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
