"""targets and the annual report's text (issue 7)

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _sync_columns() -> list:
    return [
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('uuid', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('updated_at', sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table('report_target',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=40), nullable=False),
    sa.Column('percent', sa.Float(), nullable=True),
    sa.Column('source', sa.String(length=60), nullable=False),
    *_sync_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_target')),
    sa.UniqueConstraint('uuid', name=op.f('uq_report_target_uuid')),
    sa.UniqueConstraint('year', 'key', name=op.f('uq_report_target_year'))
    )
    with op.batch_alter_table('report_target', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_target_updated_at'), ['updated_at'], unique=False)

    op.create_table('report_text',
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=60), nullable=False),
    sa.Column('achievements', sa.Text(), nullable=False),
    sa.Column('difficulties', sa.Text(), nullable=False),
    sa.Column('proposals', sa.Text(), nullable=False),
    sa.Column('recipients', sa.Text(), nullable=False),
    sa.Column('signer_name', sa.String(length=200), nullable=False),
    sa.Column('signer_position', sa.String(length=200), nullable=False),
    *_sync_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_text')),
    sa.UniqueConstraint('uuid', name=op.f('uq_report_text_uuid')),
    sa.UniqueConstraint('year', name=op.f('uq_report_text_year'))
    )
    with op.batch_alter_table('report_text', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_text_updated_at'), ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('report_text', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_text_updated_at'))
    op.drop_table('report_text')
    with op.batch_alter_table('report_target', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_target_updated_at'))
    op.drop_table('report_target')
