"""packages: the packages the commune sent and the receiving office it sends to

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-24 00:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
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
    op.create_table('sent_package',
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('package_id', sa.String(length=36), nullable=False),
    sa.Column('previous_package_id', sa.String(length=36), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('content', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('file_name', sa.String(length=300), nullable=False),
    sa.Column('folder', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('encrypted', sa.Boolean(), nullable=False),
    sa.Column('recipient', sa.String(length=100), nullable=False),
    sa.Column('office_name', sa.String(length=300), nullable=False),
    sa.Column('key_id', sa.String(length=16), nullable=False),
    sa.Column('created_by', sa.String(length=100), nullable=False),
    sa.Column('written_at', sa.DateTime(), nullable=True),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('receipt_at', sa.DateTime(), nullable=True),
    sa.Column('receipt_result', sa.String(length=24), nullable=False),
    sa.Column('receipt_reason', sa.Text(), nullable=False),
    sa.Column('receipt_verified', sa.Boolean(), nullable=False),
    *_sync_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sent_package')),
    sa.UniqueConstraint('package_id', name=op.f('uq_sent_package_package_id')),
    sa.UniqueConstraint('sequence', name=op.f('uq_sent_package_sequence')),
    sa.UniqueConstraint('uuid', name=op.f('uq_sent_package_uuid'))
    )
    with op.batch_alter_table('sent_package', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sent_package_year'), ['year'], unique=False)
        batch_op.create_index(batch_op.f('ix_sent_package_updated_at'), ['updated_at'], unique=False)

    op.create_table('package_recipient',
    sa.Column('office_name', sa.String(length=300), nullable=False),
    sa.Column('age_recipient', sa.String(length=100), nullable=False),
    sa.Column('signing_public_key', sa.Text(), nullable=False),
    sa.Column('signing_key_id', sa.String(length=16), nullable=False),
    *_sync_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_package_recipient')),
    sa.UniqueConstraint('uuid', name=op.f('uq_package_recipient_uuid'))
    )
    with op.batch_alter_table('package_recipient', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_package_recipient_updated_at'), ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('package_recipient', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_package_recipient_updated_at'))
    op.drop_table('package_recipient')
    with op.batch_alter_table('sent_package', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sent_package_updated_at'))
        batch_op.drop_index(batch_op.f('ix_sent_package_year'))
    op.drop_table('sent_package')
