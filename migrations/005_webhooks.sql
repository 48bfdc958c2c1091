-- Webhooks (#11 item 4, docs/webhooks.md).
--
-- `webhooks` is a read table like the others: the projector writes it from
-- linkstream.webhooks (a registration, its deletion), and rebuild and verify treat it as
-- they treat every table of this schema.
CREATE TABLE webhooks (
  webhook_id    uuid      PRIMARY KEY,
  target_url    text      NOT NULL,
  event_types   text[]    NOT NULL,
  url_id        bigint,
  registered_at timestamp NOT NULL,
  deleted_at    timestamp
);

-- The deliverer's own state (linkstream-deliverer): not a projection of the log but the
-- outbox of what it owes each endpoint, so it lives in a schema of its own, which rebuild
-- and verify leave alone (they compare the tables of the read tables' schema). Created once,
-- whichever schema the migrations run in (a rebuild runs them again in a fresh one).
CREATE SCHEMA IF NOT EXISTS linkstream_deliverer;

-- Where the deliverer stands in each partition: the offset of the next event to match
-- against the webhooks. Written in the transaction that records the deliveries those
-- events make, so a crash between the two is impossible: an event matched is a delivery
-- owed, and an event not matched is read again.
CREATE TABLE IF NOT EXISTS linkstream_deliverer.offsets (
  topic       text    NOT NULL,
  "partition" integer NOT NULL,
  next_offset bigint  NOT NULL,
  PRIMARY KEY (topic, "partition")
);

-- One row per event owed to one webhook. `delivery_id` is derived from the webhook and the
-- event's own id, so a click shipped twice (two offsets, one event id) is one delivery, and
-- a receiver recognises a delivery sent twice by it. `seq` is the order the deliverer
-- matched them in: each webhook's deliveries are sent one at a time in that order.
-- state: pending (to send, at next_attempt_at), delivered, dead (given up: a dead letter,
-- sent again on request), dropped (its webhook was deleted first).
CREATE TABLE IF NOT EXISTS linkstream_deliverer.deliveries (
  delivery_id     uuid        PRIMARY KEY,
  seq             bigserial   NOT NULL UNIQUE,
  webhook_id      uuid        NOT NULL,
  event_id        uuid        NOT NULL,
  target_url      text        NOT NULL,
  event_type      text        NOT NULL,
  body            text        NOT NULL,
  state           text        NOT NULL DEFAULT 'pending',
  attempts        integer     NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  next_attempt_at timestamptz NOT NULL DEFAULT now(),
  last_error      text,
  last_status     integer,
  delivered_at    timestamptz,
  dead_at         timestamptz
);
CREATE INDEX IF NOT EXISTS deliveries_pending
  ON linkstream_deliverer.deliveries (webhook_id, seq) WHERE state = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_by_webhook
  ON linkstream_deliverer.deliveries (webhook_id, seq);
