"""Messaging's tables. Subjects and message bodies are encrypted under the tenant's data key."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Integer, LargeBinary, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from services.kit.db import add_kit_tables


class Base(DeclarativeBase):
    pass


KIT = add_kit_tables(Base.metadata)


class Conversation(Base):
    __tablename__ = "conversations"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    tenant: Mapped[str] = mapped_column(String(40), index=True)
    service_user_id: Mapped[str] = mapped_column(String(36), index=True)
    subject: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_message_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    message_count: Mapped[int] = mapped_column(Integer, default=0)
    first_provider_reply_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Participant(Base):
    """Read and delivery state per participant, as the highest message number seen."""

    __tablename__ = "participants"

    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), primary_key=True)
    account_id: Mapped[str] = mapped_column(String(36), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(20))  # service_user, health_provider
    joined_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    last_delivered_seq: Mapped[int] = mapped_column(Integer, default=0)
    last_read_seq: Mapped[int] = mapped_column(Integer, default=0)


class Message(Base):
    __tablename__ = "messages"
    __table_args__ = (Index("ix_messages_conversation_seq", "conversation_id", "seq", unique=True),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"))
    seq: Mapped[int] = mapped_column(Integer)
    sender_id: Mapped[str] = mapped_column(String(36))
    sender_role: Mapped[str] = mapped_column(String(20))  # service_user, health_provider, system
    body: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)  # None once retracted
    system_kind: Mapped[str | None] = mapped_column(String(40), nullable=True)
    system_subject_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retracted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class AccessLog(Base):
    """Every read of a conversation by a provider; the service user can see it."""

    __tablename__ = "access_log"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    conversation_id: Mapped[str] = mapped_column(ForeignKey("conversations.id"), index=True)
    provider_id: Mapped[str] = mapped_column(String(36))
    read_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Notification(Base):
    """A line in someone's feed. It names what happened and where, never what was written."""

    __tablename__ = "notifications"
    __table_args__ = (Index("ix_notifications_feed", "account_id", "created_at", "id"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    # The feed is read by its owner only (account id from a verified token); the tenant is
    # where it happened, which for a shared forum space can be another municipality.
    account_id: Mapped[str] = mapped_column(String(36))
    tenant: Mapped[str] = mapped_column(String(40), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    conversation_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    thread_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    post_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    subject_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    source_event_id: Mapped[str] = mapped_column(String(36), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class OutsideDelivery(Base):
    """A "you have something new in ReConnect" to send by e-mail or SMS. Written with the
    notification and sent afterwards, so the consumer's retries never resend it."""

    __tablename__ = "outside_deliveries"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    notification_id: Mapped[str] = mapped_column(ForeignKey("notifications.id"))
    account_id: Mapped[str] = mapped_column(String(36))
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True, index=True)
