CREATE TABLE "follower_announcements" (
	"decision_id" uuid PRIMARY KEY NOT NULL,
	"meeting_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "follower_announcements" ADD CONSTRAINT "follower_announcements_decision_id_decisions_id_fk" FOREIGN KEY ("decision_id") REFERENCES "public"."decisions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "follower_announcements" ADD CONSTRAINT "follower_announcements_meeting_id_meetings_id_fk" FOREIGN KEY ("meeting_id") REFERENCES "public"."meetings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "follower_announcements_meeting_id_created_at_index" ON "follower_announcements" USING btree ("meeting_id","created_at");