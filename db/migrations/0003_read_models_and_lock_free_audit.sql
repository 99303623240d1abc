CREATE TYPE "public"."decision_status" AS ENUM('open', 'in_progress', 'done', 'cancelled');--> statement-breakpoint
CREATE TABLE "stat_counters" (
	"metric" text NOT NULL,
	"district_slug" text NOT NULL,
	"key" text NOT NULL,
	"n" bigint NOT NULL,
	CONSTRAINT "stat_counters_metric_district_slug_key_pk" PRIMARY KEY("metric","district_slug","key")
);
--> statement-breakpoint
CREATE TABLE "stat_deltas" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"metric" text NOT NULL,
	"district_slug" text NOT NULL,
	"key" text NOT NULL,
	"n" bigint NOT NULL
);
--> statement-breakpoint
DROP INDEX "outbox_unpublished_idx";--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_log" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "overdue" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "disputed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "status" "decision_status" DEFAULT 'open' NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "progress" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "achieved" double precision;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "seq" bigint;--> statement-breakpoint
ALTER TABLE "audit_log" ADD COLUMN "sealed_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "outbox" ADD COLUMN "refused_at" timestamp (3) with time zone;--> statement-breakpoint
CREATE INDEX "stat_deltas_metric_district_slug_key_index" ON "stat_deltas" USING btree ("metric","district_slug","key");--> statement-breakpoint
CREATE INDEX "assignments_overdue_sweep_idx" ON "assignments" USING btree ("due_at") WHERE overdue = false and status in ('queued','dispatched','accepted','in_progress','blocked','reopened');--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_idx" ON "audit_log" USING btree ("seq");--> statement-breakpoint
CREATE INDEX "audit_log_unsealed_idx" ON "audit_log" USING btree ("id") WHERE seq is null;--> statement-breakpoint
ALTER TABLE "updates" ADD COLUMN "district_slug" text;--> statement-breakpoint
UPDATE "updates" u SET "district_slug" = coalesce(
  (SELECT d.district_slug FROM decisions d WHERE d.id = u.decision_id),
  (SELECT p.district_slug FROM proposals p WHERE p.id = u.proposal_id),
  (SELECT m.district_slug FROM meetings m WHERE m.id = u.meeting_id));--> statement-breakpoint
ALTER TABLE "updates" ALTER COLUMN "district_slug" SET NOT NULL;--> statement-breakpoint
CREATE INDEX "updates_public_feed_idx" ON "updates" USING btree ("district_slug","created_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE visibility = 'public' and hidden = false and decision_id is not null;--> statement-breakpoint
CREATE INDEX "outbox_unpublished_idx" ON "outbox" USING btree ("id") WHERE published_at is null and refused_at is null;
--> statement-breakpoint
-- Timeline entries carry their district, filled in from what they belong to, so the public feed is one index range.
CREATE FUNCTION updates_set_district() RETURNS trigger AS $$
BEGIN
  IF NEW.district_slug IS NULL THEN
    NEW.district_slug := coalesce(
      (SELECT district_slug FROM decisions WHERE id = NEW.decision_id),
      (SELECT district_slug FROM proposals WHERE id = NEW.proposal_id),
      (SELECT district_slug FROM meetings WHERE id = NEW.meeting_id));
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER updates_district BEFORE INSERT ON updates FOR EACH ROW EXECUTE FUNCTION updates_set_district();
--> statement-breakpoint
-- Overdue is derived from due_at and status on every write (the worker's sweep catches the clock passing due_at);
-- the first dispute is remembered so it counts once per assignment.
CREATE FUNCTION assignments_derive() RETURNS trigger AS $$
BEGIN
  NEW.overdue := NEW.due_at IS NOT NULL AND NEW.due_at < now()
    AND NEW.status IN ('queued','dispatched','accepted','in_progress','blocked','reopened');
  IF NEW.confirmation = 'disputed' AND NEW.disputed_at IS NULL THEN
    NEW.disputed_at := now();
  END IF;
  RETURN NEW;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assignments_derive BEFORE INSERT OR UPDATE ON assignments FOR EACH ROW EXECUTE FUNCTION assignments_derive();
--> statement-breakpoint
UPDATE assignments SET overdue = (due_at IS NOT NULL AND due_at < now()
  AND status IN ('queued','dispatched','accepted','in_progress','blocked','reopened'));
--> statement-breakpoint
UPDATE assignments a SET disputed_at = (SELECT min(u.created_at) FROM updates u WHERE u.assignment_id = a.id AND u.kind = 'dispute')
  WHERE EXISTS (SELECT 1 FROM updates u WHERE u.assignment_id = a.id AND u.kind = 'dispute');
--> statement-breakpoint
-- Counter deltas: each write appends what it changed (old row −1, new row +1, unchanged keys cancel out).
CREATE FUNCTION stat_deltas_append(rows jsonb) RETURNS void AS $$
  INSERT INTO stat_deltas (metric, district_slug, key, n)
  SELECT r->>0, r->>1, r->>2, sum((r->>3)::bigint)
  FROM jsonb_array_elements(rows) r
  GROUP BY 1, 2, 3
  HAVING sum((r->>3)::bigint) <> 0;
$$ LANGUAGE sql;
--> statement-breakpoint
CREATE FUNCTION meetings_stats() RETURNS trigger AS $$
DECLARE c jsonb := '[]';
BEGIN
  IF TG_OP <> 'INSERT' THEN c := c || jsonb_build_array(jsonb_build_array('meetings', OLD.district_slug, OLD.status, -1)); END IF;
  IF TG_OP <> 'DELETE' THEN c := c || jsonb_build_array(jsonb_build_array('meetings', NEW.district_slug, NEW.status, 1)); END IF;
  PERFORM stat_deltas_append(c);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER meetings_stats AFTER INSERT OR UPDATE OR DELETE ON meetings FOR EACH ROW EXECUTE FUNCTION meetings_stats();
--> statement-breakpoint
CREATE FUNCTION proposals_stats() RETURNS trigger AS $$
DECLARE c jsonb := '[]';
BEGIN
  IF TG_OP <> 'INSERT' AND NOT OLD.hidden THEN
    c := c || jsonb_build_array(
      jsonb_build_array('proposals.status', OLD.district_slug, OLD.status, -1),
      jsonb_build_array('proposals.category', OLD.district_slug, OLD.category, -1));
  END IF;
  IF TG_OP <> 'DELETE' AND NOT NEW.hidden THEN
    c := c || jsonb_build_array(
      jsonb_build_array('proposals.status', NEW.district_slug, NEW.status, 1),
      jsonb_build_array('proposals.category', NEW.district_slug, NEW.category, 1));
  END IF;
  PERFORM stat_deltas_append(c);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER proposals_stats AFTER INSERT OR UPDATE OR DELETE ON proposals FOR EACH ROW EXECUTE FUNCTION proposals_stats();
--> statement-breakpoint
CREATE FUNCTION decisions_stats() RETURNS trigger AS $$
DECLARE c jsonb := '[]';
BEGIN
  IF TG_OP <> 'INSERT' THEN
    c := c || jsonb_build_array(
      jsonb_build_array('decisions.status', OLD.district_slug, OLD.status, -1),
      jsonb_build_array('decisions.progress', OLD.district_slug, 'sum', -OLD.progress));
  END IF;
  IF TG_OP <> 'DELETE' THEN
    c := c || jsonb_build_array(
      jsonb_build_array('decisions.status', NEW.district_slug, NEW.status, 1),
      jsonb_build_array('decisions.progress', NEW.district_slug, 'sum', NEW.progress));
  END IF;
  PERFORM stat_deltas_append(c);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER decisions_stats AFTER INSERT OR UPDATE OR DELETE ON decisions FOR EACH ROW EXECUTE FUNCTION decisions_stats();
--> statement-breakpoint
CREATE FUNCTION assignments_stats() RETURNS trigger AS $$
DECLARE c jsonb := '[]';
BEGIN
  IF TG_OP <> 'INSERT' THEN
    c := c || jsonb_build_array(jsonb_build_array('assignments', OLD.district_slug, OLD.service_code || ':' || OLD.status, -1));
    IF OLD.overdue THEN c := c || jsonb_build_array(jsonb_build_array('assignments.overdue', OLD.district_slug, OLD.service_code, -1)); END IF;
    IF OLD.disputed_at IS NOT NULL THEN c := c || jsonb_build_array(jsonb_build_array('assignments.disputed', OLD.district_slug, OLD.service_code, -1)); END IF;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    c := c || jsonb_build_array(jsonb_build_array('assignments', NEW.district_slug, NEW.service_code || ':' || NEW.status, 1));
    IF NEW.overdue THEN c := c || jsonb_build_array(jsonb_build_array('assignments.overdue', NEW.district_slug, NEW.service_code, 1)); END IF;
    IF NEW.disputed_at IS NOT NULL THEN c := c || jsonb_build_array(jsonb_build_array('assignments.disputed', NEW.district_slug, NEW.service_code, 1)); END IF;
  END IF;
  PERFORM stat_deltas_append(c);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER assignments_stats AFTER INSERT OR UPDATE OR DELETE ON assignments FOR EACH ROW EXECUTE FUNCTION assignments_stats();
--> statement-breakpoint
-- Rows sealed under the old scheme keep their hashes; their chain positions follow their ids.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update;
--> statement-breakpoint
UPDATE audit_log a SET seq = o.pos, sealed_at = a.at FROM (SELECT id, row_number() OVER (ORDER BY id) AS pos FROM audit_log) o WHERE o.id = a.id;
--> statement-breakpoint
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update;
--> statement-breakpoint
-- Append-only, with one exception: the sequencer fills in a row's position and hashes once, and nothing else.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF NEW.seq IS NOT NULL OR NEW.hash IS NOT NULL OR NEW.prev_hash IS NOT NULL OR NEW.sealed_at IS NOT NULL THEN
      RAISE EXCEPTION 'audit_log rows are inserted unsealed; the sequencer seals them' USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
  END IF;
  IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND OLD.hash IS NULL
     AND NEW.seq IS NOT NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL AND NEW.sealed_at IS NOT NULL
     AND (NEW.id, NEW.at, NEW.actor_id, NEW.actor_role, NEW.action, NEW.entity_type, NEW.entity_id, NEW.before, NEW.after)
         IS NOT DISTINCT FROM (OLD.id, OLD.at, OLD.actor_id, OLD.actor_role, OLD.action, OLD.entity_type, OLD.entity_id, OLD.before, OLD.after) THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
--> statement-breakpoint
CREATE TRIGGER audit_log_insert_unsealed BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
