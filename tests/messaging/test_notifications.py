"""The notification feed: fed by events, exactly once, streamed live, never content."""

from __future__ import annotations

import threading

from sqlalchemy import select

from reconnect.messaging.v1 import messaging_pb2 as mpb
from services.messaging.store import Notification, OutsideDelivery
from tests.conftest import wait_for
from tests.kit.test_bus import _publish_raw, stream_messages


def feed(messaging, username: str, kind: str = "") -> list:
    rows = messaging.stub.ListNotifications(mpb.ListNotificationsRequest(page_size=100), metadata=messaging.as_(username)).notifications
    return [n for n in rows if not kind or n.kind == kind]


def about(messaging, username: str, conversation_id: str) -> list:
    return [n for n in feed(messaging, username, "message") if n.conversation_id == conversation_id]


def test_a_message_notifies_each_recipient_once_even_across_a_nats_restart(messaging, nats_server):
    conversation_id = messaging.start("nora", ["hansen"]).conversation.id
    wait_for(lambda: len(about(messaging, "hansen", conversation_id)) == 1, message="first notification")
    nats_server.kill()
    try:
        sent = messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Mens NATS er nede"),
                                          metadata=messaging.as_("nora"))
    finally:
        nats_server.start()
    wait_for(lambda: len(about(messaging, "hansen", conversation_id)) == 2, timeout=60, message="after NATS returns")
    # The same event delivered again (as after a lost ack) notifies nobody twice.
    event = next(e for _, e, _ in stream_messages(nats_server.url, "MESSAGING")
                 if e.type == "messaging.message_sent" and sent.id in e.payload.value.decode(errors="ignore"))
    _publish_raw(nats_server.url, "messaging.nordvik.message_sent", event, msg_id="again-" + event.id)
    marker = messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Etterpå"),
                                        metadata=messaging.as_("nora"))
    wait_for(lambda: len(about(messaging, "hansen", conversation_id)) == 3, message="the marker arrives after the duplicate")
    assert len(about(messaging, "hansen", conversation_id)) == 3
    assert about(messaging, "nora", conversation_id) == [], "nobody is told of their own message"
    assert marker.id
    with messaging.wiring.db.transaction() as session:
        deliveries = session.scalars(select(OutsideDelivery.id).join(Notification, Notification.id == OutsideDelivery.notification_id)
                                     .where(Notification.conversation_id == conversation_id)).all()
    assert len(deliveries) == 3

    def sent_once():
        sent = [d for d, _, _ in messaging.channel.sent]
        return all(sent.count(d) == 1 for d in deliveries)

    wait_for(sent_once, message="one outside notification per message, each sent once")


def test_notifications_carry_no_content_and_can_be_marked_read(messaging):
    conversation_id = messaging.start("nora", ["hansen"], subject="Privat emne", body="Privat innhold").conversation.id
    wait_for(lambda: about(messaging, "hansen", conversation_id))
    listing = messaging.stub.ListNotifications(mpb.ListNotificationsRequest(unread_only=True), metadata=messaging.as_("hansen"))
    assert listing.unread_count >= 1
    assert "Privat" not in str(listing)
    after = messaging.stub.MarkNotificationsRead(mpb.MarkNotificationsReadRequest(), metadata=messaging.as_("hansen"))
    assert after.unread_count == 0
    assert all(n.read for n in feed(messaging, "hansen"))


def test_new_notifications_stream_live(messaging):
    conversation_id = messaging.start("nora", ["hansen"]).conversation.id
    wait_for(lambda: about(messaging, "hansen", conversation_id))
    received: list = []
    # From the newest one the reader has seen, as the portal does: the stream may start on the
    # server after the message below is sent, and must still deliver it.
    newest = feed(messaging, "hansen")[0].id
    stream = messaging.stub.WatchNotifications(mpb.WatchNotificationsRequest(after_id=newest),
                                               metadata=messaging.as_("hansen"), timeout=30)

    def read():
        for notification in stream:
            received.append(notification)
            return

    reader = threading.Thread(target=read)
    reader.start()
    messaging.stub.SendMessage(mpb.SendMessageRequest(conversation_id=conversation_id, body="Live"), metadata=messaging.as_("nora"))
    reader.join(30)
    stream.cancel()
    assert received and received[0].kind == "message" and received[0].conversation_id == conversation_id


def test_forum_replies_mentions_and_crisis_reach_the_right_feeds(messaging, forum):
    started = forum.thread("nora", body="Hvordan har dere det?")
    forum.reply("siri", started.thread.id, "Bra! @Nora_Fugl takk for at du spør")
    wait_for(lambda: [n for n in feed(messaging, "nora", "forum_reply") if n.thread_id == started.thread.id])
    wait_for(lambda: [n for n in feed(messaging, "nora", "forum_mention") if n.thread_id == started.thread.id])
    crisis = forum.thread("nils", body="Jeg vil ikke leve lenger")
    wait_for(lambda: feed(messaging, "mia", "crisis_flagged"), message="the moderator is told")
    assert feed(messaging, "siri", "crisis_flagged") == [], "nobody but moderators hears of it"
    assert crisis.post.id not in str(feed(messaging, "mia", "crisis_flagged")), "and not which post, in the feed line"



def test_a_freed_cafe_seat_and_a_cancelled_meeting_reach_the_feed(messaging, cafes):
    from reconnect.cafes.v1 import cafes_pb2 as cpb

    cafe = cafes.cafe("mia", capacity=1)
    occurrence = cafes.occurrences(cafe.id)[0]
    cafes.rsvp("nora", occurrence.id)
    cafes.rsvp("nils", occurrence.id)  # waitlisted
    cafes.rsvp("nora", occurrence.id, answer=cpb.ANSWER_NO)
    wait_for(lambda: [n for n in feed(messaging, "nils", "cafe_seat") if n.subject_id == occurrence.id],
             message="the promoted person is told")
    cafes.stub.CancelOccurrence(cpb.CancelOccurrenceRequest(occurrence_id=occurrence.id), metadata=cafes.as_("mia"))
    wait_for(lambda: [n for n in feed(messaging, "nils", "cafe_cancelled") if n.subject_id == occurrence.id],
             message="attendees are told of a cancellation")
    assert [n for n in feed(messaging, "siri", "cafe_cancelled") if n.subject_id == occurrence.id] == []
