-- Clicks (ClickRecorded v2) carry a salted hash of the client's address; stats count
-- distinct visitors with it. The raw address is never stored.
ALTER TABLE events ADD COLUMN visitor_hash text;
CREATE INDEX events_clicks_by_url ON events (url_id, "timestamp") WHERE event_type = 'click';
