-- Notifications that say who changed what, group bursts and follow each person's preferences.
-- Idempotency moves from the notification row (which a burst now merges into) to one delivery row per (job, recipient);
-- the rows already sent count as delivered, so a job retried across this migration tells nobody twice.
CREATE TABLE "notification_deliveries" (
	"dedupe_key" text NOT NULL,
	"user_id" uuid NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_deliveries_dedupe_key_user_id_pk" PRIMARY KEY("dedupe_key","user_id")
);
--> statement-breakpoint
CREATE TABLE "notification_preferences" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"muted_events" text[] DEFAULT '{}'::text[] NOT NULL,
	"in_app" boolean DEFAULT true NOT NULL,
	"email" boolean DEFAULT true NOT NULL,
	"digest" boolean DEFAULT false NOT NULL,
	"digest_sent_at" timestamp (3) with time zone,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "actor" text;--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "group_count" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_preferences" ADD CONSTRAINT "notification_preferences_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "notifications_unread_group_idx" ON "notifications" USING btree ("user_id","kind","link") WHERE read_at is null;--> statement-breakpoint
INSERT INTO "notification_deliveries" ("dedupe_key", "user_id", "created_at")
  SELECT "dedupe_key", "user_id", "created_at" FROM "notifications" ON CONFLICT DO NOTHING;
