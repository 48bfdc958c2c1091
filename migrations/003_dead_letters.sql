-- Positions in the log whose message could not be read as an event, for operators. The
-- projector writes the row in the same transaction as the batch, once linkstream.deadletter
-- has confirmed the message. (A crash between that confirmation and the commit sends the
-- message again on restart; its key, topic/partition/offset, tells the two apart.)
CREATE TABLE dead_letters (
  topic          text        NOT NULL,
  "partition"    integer     NOT NULL,
  "offset"       bigint      NOT NULL,
  reason         text        NOT NULL,
  message        text        NOT NULL,
  payload_bytes  integer     NOT NULL,
  dead_lettered_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (topic, "partition", "offset")
);
