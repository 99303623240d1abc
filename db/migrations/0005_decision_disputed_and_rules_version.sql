ALTER TYPE "public"."decision_status" ADD VALUE 'disputed' BEFORE 'done';--> statement-breakpoint
CREATE TABLE "read_model_state" (
	"name" text PRIMARY KEY NOT NULL,
	"rules_version" integer NOT NULL,
	"rebuilt_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
