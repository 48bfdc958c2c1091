#!/usr/bin/env python3
"""Replays linkstream's clicks from offset 0 into a SQLite table, then prints the stats of
one URL as GET /urls/{id}/stats answers them. An example of an analytics consumer reading
the log with a plain Kafka client (confluent-kafka); docs/analytics.md walks through it.

    replay_clicks.py --brokers 127.0.0.1:29092 --db clicks.sqlite --url-id 42

A click is a ClickRecorded on linkstream.clicks, or an event of type "click" posted to
(or imported into) linkstream.events, as the events table counts them. It reads every
partition from its first offset up to where the log ended when it started, so two runs
over the same log give the same table; a click the relay shipped twice (one envelope id
at two offsets) is one row. Exit status 1 when the log cannot be read.
"""
import argparse
import json
import sqlite3
import sys

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, KafkaException, TopicPartition

TOPICS = ("linkstream.clicks", "linkstream.events")

SCHEMA = """
CREATE TABLE IF NOT EXISTS clicks (
  click_id   TEXT PRIMARY KEY,  -- the envelope's id (an imported event: its file's id)
  url_id     INTEGER,
  occurred_at TEXT,             -- UTC, 2026-01-02T03:04:05
  referrer   TEXT,
  visitor    TEXT               -- salted hash of the client address; NULL when unknown
)"""


def click_row(envelope):
    """(id, url_id, time, referrer, visitor) of a click, or None for any other event."""
    data = envelope["data"]
    if envelope["type"] == "ClickRecorded":
        # Version 1 clicks had no referrer and no visitor: they read as unknown.
        return (envelope["id"], data["url_id"], envelope["occurred_at"],
                data.get("referrer"), data.get("visitor"))
    if envelope["type"] in ("EventRecorded", "EventImported") and data.get("event_type") == "click":
        details = data.get("details") or {}
        referrer = details.get("referrer") if isinstance(details, dict) else None
        if envelope["type"] == "EventImported":
            # The row keeps the file's id (and time): imported twice, it is still one row.
            return (f"imported:{data['event_id']}", data.get("url_id"), data["timestamp"],
                    referrer if isinstance(referrer, str) else None, None)
        return (envelope["id"], data.get("url_id"), envelope["occurred_at"],
                referrer if isinstance(referrer, str) else None, None)
    return None


def replay(brokers, db):
    consumer = Consumer({"bootstrap.servers": brokers, "group.id": "linkstream-analytics-replay",
                         "enable.auto.commit": False, "enable.partition.eof": True})
    try:
        ends, start = {}, []
        metadata = consumer.list_topics(timeout=10)
        for topic in TOPICS:
            if topic not in metadata.topics or metadata.topics[topic].error:
                raise SystemExit(f"topic {topic} is not in the log at {brokers}")
            for partition in metadata.topics[topic].partitions:
                _, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
                if high > 0:
                    ends[(topic, partition)] = high
                    start.append(TopicPartition(topic, partition, OFFSET_BEGINNING))
        consumer.assign(start)  # from offset 0; never a group's committed offsets
        rows = 0
        while ends:
            message = consumer.poll(5.0)
            if message is None:
                continue
            if message.error():
                if message.error().code() == KafkaError._PARTITION_EOF:
                    continue
                raise KafkaException(message.error())
            where = (message.topic(), message.partition())
            if where not in ends:
                continue
            if message.offset() + 1 >= ends[where]:
                del ends[where]
            try:
                row = click_row(json.loads(message.value()))
            except (ValueError, KeyError, TypeError):
                continue  # not an event (the projector's dead letters say which)
            if row:
                rows += db.execute("INSERT OR IGNORE INTO clicks VALUES (?, ?, ?, ?, ?)", row).rowcount
        db.commit()
        return rows
    finally:
        consumer.close()


def stats(db, url_id):
    """The numbers of GET /urls/{id}/stats, from the replayed table."""
    one = lambda sql: db.execute(sql, (url_id,)).fetchone()[0]
    return {
        "url_id": url_id,
        "total_clicks": one("SELECT count(*) FROM clicks WHERE url_id = ?"),
        "unique_visitors": one("SELECT count(DISTINCT visitor) FROM clicks WHERE url_id = ?"),
        "clicks_by_day": [{"date": day, "clicks": n} for day, n in db.execute(
            "SELECT substr(occurred_at, 1, 10), count(*) FROM clicks WHERE url_id = ? "
            "GROUP BY 1 ORDER BY 1", (url_id,))],
        "top_referrers": [{"referrer": r, "clicks": n} for r, n in db.execute(
            "SELECT referrer, count(*) FROM clicks WHERE url_id = ? AND referrer IS NOT NULL "
            "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10", (url_id,))],
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--brokers", required=True)
    parser.add_argument("--db", required=True, help="SQLite file (made when missing)")
    parser.add_argument("--url-id", type=int, help="print this URL's stats as JSON")
    args = parser.parse_args()
    db = sqlite3.connect(args.db)
    db.execute(SCHEMA)
    try:
        added = replay(args.brokers, db)
    except KafkaException as e:
        print(f"cannot read the log at {args.brokers}: {e}", file=sys.stderr)
        return 1
    print(f"replayed: {added} new click rows", file=sys.stderr)
    if args.url_id is not None:
        print(json.dumps(stats(db, args.url_id)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
