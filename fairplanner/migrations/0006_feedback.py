from tortoise import migrations
from tortoise.migrations import operations as ops
from fairplanner.models.feedback import Audience, Channel, QuestionKind
from fairplanner.models.review import ReviewPart
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_venues')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FeedbackForm',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.ForeignKeyField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='feedback_forms', on_delete=OnDelete.CASCADE)),
                ('audience', fields.CharEnumField(description='ATTENDEE: attendee\nVOLUNTEER: volunteer\nEXHIBITOR: exhibitor', enum_type=Audience, max_length=20)),
                ('intro', fields.TextField(default='', unique=False)),
                ('easy_read_intro', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'feedback_form', 'app': 'models', 'unique_together': (('fair', 'audience'),), 'pk_attr': 'id', 'table_description': 'The questions for one audience of one fair.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FeedbackQuestion',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('form', fields.ForeignKeyField('models.FeedbackForm', source_field='form_id', db_constraint=True, to_field='id', related_name='questions', on_delete=OnDelete.CASCADE)),
                ('position', fields.IntField(default=0)),
                ('kind', fields.CharEnumField(description='RATING: rating\nCHOICE: choice\nFREE_TEXT: free_text', enum_type=QuestionKind, max_length=20)),
                ('text', fields.CharField(max_length=300)),
                ('easy_read_text', fields.CharField(default='', max_length=300)),
                ('choices', fields.TextField(default='', unique=False)),
                ('required', fields.BooleanField(default=False)),
            ],
            options={'table': 'feedback_question', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One question: a rating on the five-point scale, a choice, or free text.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FeedbackReceipt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('form', fields.ForeignKeyField('models.FeedbackForm', source_field='form_id', db_constraint=True, to_field='id', related_name='receipts', on_delete=OnDelete.CASCADE)),
                ('ticket', fields.ForeignKeyField('models.Ticket', source_field='ticket_id', null=True, db_constraint=True, to_field='id', related_name='feedback_receipts', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='feedback_receipts', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'feedback_receipt', 'app': 'models', 'unique_together': (('form', 'ticket'), ('form', 'person')), 'pk_attr': 'id', 'table_description': 'That a ticket or a member has answered a form: refuses a second submission.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FeedbackResponse',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('form', fields.ForeignKeyField('models.FeedbackForm', source_field='form_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE)),
                ('channel', fields.CharEnumField(description='ONLINE: online\nPAPER: paper\nPHONE: phone', enum_type=Channel, max_length=20)),
                ('entered_by', fields.ForeignKeyField('models.Person', source_field='entered_by_id', null=True, db_constraint=True, to_field='id', related_name='feedback_entered', on_delete=OnDelete.SET_NULL)),
                ('supporter', fields.CharField(default='', max_length=200)),
                ('easy_read', fields.BooleanField(default=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'feedback_response', 'app': 'models', 'pk_attr': 'id', 'table_description': "One person's answers. Never linked to a ticket or to the person who answered."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FeedbackAnswer',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('response', fields.ForeignKeyField('models.FeedbackResponse', source_field='response_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('question', fields.ForeignKeyField('models.FeedbackQuestion', source_field='question_id', db_constraint=True, to_field='id', related_name='answers', on_delete=OnDelete.CASCADE)),
                ('rating', fields.SmallIntField(null=True)),
                ('choice', fields.CharField(default='', max_length=200)),
                ('text', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'feedback_answer', 'app': 'models', 'unique_together': (('response', 'question'),), 'indexes': [Index(fields=['question_id', 'rating'])], 'pk_attr': 'id', 'table_description': 'The answer to one question in one response.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Review',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('fair', fields.OneToOneField('models.Fair', source_field='fair_id', db_constraint=True, to_field='id', related_name='review', on_delete=OnDelete.CASCADE)),
                ('learned', fields.TextField(default='', unique=False)),
                ('change', fields.TextField(default='', unique=False)),
                ('easy_read_summary', fields.TextField(default='', unique=False)),
                ('carried_lessons', fields.TextField(default='', unique=False)),
                ('version', fields.IntField(default=1)),
                ('shared_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'review', 'app': 'models', 'pk_attr': 'id', 'table_description': "The words of a fair's review. Figures are counted when the page is shown, never stored."},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReviewEdit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('review', fields.ForeignKeyField('models.Review', source_field='review_id', db_constraint=True, to_field='id', related_name='edits', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.Person', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='review_edits', on_delete=OnDelete.SET_NULL)),
                ('part', fields.CharEnumField(description='LEARNED: learned\nCHANGE: change\nEASY_READ: easy_read', enum_type=ReviewPart, max_length=20)),
                ('before', fields.TextField(default='', unique=False)),
                ('after', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'review_edit', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One change to one part of a review: who, when, and the words before and after.'},
            bases=['Model'],
        ),
    ]
