-- Read tables projected from the log by linkstream-projector.
-- They are disposable: replaying the topics from offset 0 recreates every row, ids included.
-- Uniqueness of e-mails, usernames and short codes is decided by log order in the fold
-- (schema/), not by constraints here: a constraint that disagreed with the fold would
-- stall the projector instead of recording a voided event.

CREATE TABLE users (
  id         bigint    PRIMARY KEY,
  username   text      NOT NULL,
  email      text      NOT NULL,
  created_at timestamp NOT NULL
);

CREATE TABLE urls (
  id           bigint    PRIMARY KEY,
  user_id      bigint    NOT NULL,
  short_code   text      NOT NULL,
  original_url text      NOT NULL,
  title        text,
  is_active    boolean   NOT NULL,
  created_at   timestamp NOT NULL,
  updated_at   timestamp NOT NULL
);
CREATE INDEX urls_by_user ON urls (user_id, id);
CREATE INDEX urls_by_short_code ON urls (short_code);

-- One row per URL lifecycle event and per click. `id` is derived from where the event
-- sits in the log (see schema/include/linkstream/schema/topics.h), so a rebuild gives
-- every row its old id. `event_uid` is the event's own id and `event_row` the row's index
-- among the rows one event makes: a click shipped twice by the api's relay lands at two
-- offsets but counts once.
CREATE TABLE events (
  id          bigint    PRIMARY KEY,
  event_uid   uuid      NOT NULL,
  event_row   smallint  NOT NULL DEFAULT 0,
  url_id      bigint,
  user_id     bigint,
  event_type  text      NOT NULL,
  "timestamp" timestamp NOT NULL,
  details     jsonb     NOT NULL
);
CREATE UNIQUE INDEX events_by_uid ON events (event_uid, event_row);
CREATE INDEX events_by_url ON events (url_id, id);
CREATE INDEX events_by_user ON events (user_id, id);
CREATE INDEX events_by_type ON events (event_type, id);

-- Where the projector stands in each partition: the offset of the next event to apply.
-- Written in the same transaction as the rows of a batch; the projector starts here,
-- never from Kafka's committed consumer offsets.
CREATE TABLE projector_offsets (
  topic       text        NOT NULL,
  "partition" integer     NOT NULL,
  next_offset bigint      NOT NULL,
  updated_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, "partition")
);

-- Events whose precondition did not hold where they stand in the log (a second claim on
-- an e-mail or a short code, say). Void for every reader; kept here for operators.
CREATE TABLE voided_events (
  topic       text        NOT NULL,
  "partition" integer     NOT NULL,
  "offset"    bigint      NOT NULL,
  event_type  text        NOT NULL,
  reason      text        NOT NULL,
  event       jsonb       NOT NULL,
  voided_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, "partition", "offset")
);
