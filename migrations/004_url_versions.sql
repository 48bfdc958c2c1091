-- Every state a URL has had: one row per accepted URL event (created, imported, updated,
-- deleted), the URL as the fold left it, for GET /urls/{id}/history and
-- GET /urls/{id}?as_of=. The projector writes them in the batch's transaction, from the
-- fold and nothing else, so a rebuild from offset 0 gives the same rows (verify compares
-- them). The version number is the row's rank in log order among its URL's rows.
--
-- `valid_from` is the event's time (the api's clock, to the second), never earlier than
-- the version before it: log order decides, and the versions' spans follow one another.
-- A deleted version keeps the URL as it was when it was deleted.
CREATE TABLE url_versions (
  url_id       bigint    NOT NULL,
  log_partition integer  NOT NULL,  -- where the event stands in linkstream.urls
  log_offset   bigint    NOT NULL,
  event_uid    uuid      NOT NULL,
  event_type   text      NOT NULL,  -- UrlCreated, UrlImported, UrlUpdated, UrlDeleted
  changed      text[]    NOT NULL,  -- the contract's fields whose value the event changed
  valid_from   timestamp NOT NULL,
  deleted      boolean   NOT NULL,
  user_id      bigint    NOT NULL,
  short_code   text      NOT NULL,
  original_url text      NOT NULL,
  title        text,
  is_active    boolean   NOT NULL,
  created_at   timestamp NOT NULL,
  updated_at   timestamp NOT NULL,
  PRIMARY KEY (url_id, log_partition, log_offset)
);

-- The URL events the projector wrote before this table existed have no versions yet: from
-- offset 0 of linkstream.urls it writes them again (every row it writes is idempotent),
-- and their versions with them. Run with the projector stopped, as deploy/migrate is.
UPDATE projector_offsets SET next_offset = 0, updated_at = now() WHERE topic = 'linkstream.urls';
