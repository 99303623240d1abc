-- The assignments' counter deltas, once per statement instead of once per row: a dispatch of a hundred assignments
-- appended a hundred pairs of deltas, each through its own INSERT; now one INSERT groups them (queued −100,
-- dispatched +100 per service). Transition tables carry the statement's rows; one trigger per event, as PostgreSQL
-- asks of triggers with transition tables.
DROP TRIGGER assignments_stats ON assignments;
--> statement-breakpoint
DROP FUNCTION assignments_stats();
--> statement-breakpoint
CREATE FUNCTION assignments_stats() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO stat_deltas (metric, district_slug, key, n)
    SELECT c.metric, c.district_slug, c.key, sum(c.n) FROM (
      SELECT 'assignments', district_slug, service_code || ':' || status, 1 FROM new_rows
      UNION ALL SELECT 'assignments.overdue', district_slug, service_code, 1 FROM new_rows WHERE overdue
      UNION ALL SELECT 'assignments.disputed', district_slug, service_code, 1 FROM new_rows WHERE disputed_at IS NOT NULL
    ) c(metric, district_slug, key, n)
    GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO stat_deltas (metric, district_slug, key, n)
    SELECT c.metric, c.district_slug, c.key, sum(c.n) FROM (
      SELECT 'assignments', district_slug, service_code || ':' || status, -1 FROM old_rows
      UNION ALL SELECT 'assignments.overdue', district_slug, service_code, -1 FROM old_rows WHERE overdue
      UNION ALL SELECT 'assignments.disputed', district_slug, service_code, -1 FROM old_rows WHERE disputed_at IS NOT NULL
      UNION ALL SELECT 'assignments', district_slug, service_code || ':' || status, 1 FROM new_rows
      UNION ALL SELECT 'assignments.overdue', district_slug, service_code, 1 FROM new_rows WHERE overdue
      UNION ALL SELECT 'assignments.disputed', district_slug, service_code, 1 FROM new_rows WHERE disputed_at IS NOT NULL
    ) c(metric, district_slug, key, n)
    GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0;
  ELSE
    INSERT INTO stat_deltas (metric, district_slug, key, n)
    SELECT c.metric, c.district_slug, c.key, sum(c.n) FROM (
      SELECT 'assignments', district_slug, service_code || ':' || status, -1 FROM old_rows
      UNION ALL SELECT 'assignments.overdue', district_slug, service_code, -1 FROM old_rows WHERE overdue
      UNION ALL SELECT 'assignments.disputed', district_slug, service_code, -1 FROM old_rows WHERE disputed_at IS NOT NULL
    ) c(metric, district_slug, key, n)
    GROUP BY 1, 2, 3 HAVING sum(c.n) <> 0;
  END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assignments_stats_insert AFTER INSERT ON assignments REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION assignments_stats();
--> statement-breakpoint
CREATE TRIGGER assignments_stats_update AFTER UPDATE ON assignments REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION assignments_stats();
--> statement-breakpoint
CREATE TRIGGER assignments_stats_delete AFTER DELETE ON assignments REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION assignments_stats();
