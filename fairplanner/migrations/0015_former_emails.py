from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0014_volunteering_moves')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Person',
            name='former_emails',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
    ]
