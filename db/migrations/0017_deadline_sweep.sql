ALTER TABLE "assignments" ADD COLUMN "reminded_for" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "assignments" ADD COLUMN "escalated_for" timestamp (3) with time zone;--> statement-breakpoint
-- Deadlines passed before the sweep took over were told by their delayed jobs (any still waiting in Redis are
-- processed as before, keyed alike): mark them told, so the first sweep does not tell them again. A reminder's lead
-- is the default day.
UPDATE "assignments" SET
  "reminded_for" = CASE WHEN "due_at" <= now() + interval '1 day' THEN "due_at" END,
  "escalated_for" = CASE WHEN "due_at" <= now() THEN "due_at" END
WHERE "due_at" IS NOT NULL AND "due_at" <= now() + interval '1 day'
  AND "status" IN ('queued','dispatched','accepted','in_progress','blocked','reopened');--> statement-breakpoint
CREATE INDEX "assignments_reminder_sweep_idx" ON "assignments" USING btree ("due_at") WHERE reminded_for is distinct from due_at and status in ('queued','dispatched','accepted','in_progress','blocked','reopened');--> statement-breakpoint
CREATE INDEX "assignments_escalation_sweep_idx" ON "assignments" USING btree ("due_at") WHERE escalated_for is distinct from due_at and status in ('queued','dispatched','accepted','in_progress','blocked','reopened');
