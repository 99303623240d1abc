CREATE TYPE "public"."carry_status" AS ENUM('kept', 'extended', 'dropped');--> statement-breakpoint
ALTER TYPE "public"."update_kind" ADD VALUE 'carry_over';--> statement-breakpoint
CREATE TABLE "carry_overs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"meeting_id" uuid NOT NULL,
	"decision_id" uuid NOT NULL,
	"district_slug" text NOT NULL,
	"status" "carry_status" NOT NULL,
	"reason" text,
	"new_due_at" timestamp (3) with time zone,
	"previous_due_at" timestamp (3) with time zone,
	"recorded_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "carry_overs" ADD CONSTRAINT "carry_overs_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carry_overs" ADD CONSTRAINT "carry_overs_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carry_overs" ADD CONSTRAINT "carry_overs_district_slug_districts_slug_fk" FOREIGN KEY ("district_slug") REFERENCES "public"."districts"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "carry_overs" ADD CONSTRAINT "carry_overs_recorded_by_users_id_fk" FOREIGN KEY ("recorded_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "carry_overs_meeting_id_decision_id_index" ON "carry_overs" USING btree ("meeting_id","decision_id");--> statement-breakpoint
CREATE INDEX "carry_overs_decision_id_index" ON "carry_overs" USING btree ("decision_id");--> statement-breakpoint
CREATE INDEX "assignments_done_by_district_idx" ON "assignments" USING btree ("district_slug","done_at") WHERE status = 'done';--> statement-breakpoint
CREATE INDEX "decisions_open_by_due_idx" ON "decisions" USING btree ("district_slug","due_at") WHERE status not in ('done','cancelled');