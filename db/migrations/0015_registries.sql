CREATE TYPE "public"."camera_kind" AS ENUM('analog', 'ip', 'ip_ai', 'dome', 'ptz');--> statement-breakpoint
CREATE TYPE "public"."camera_location" AS ENUM('entrance', 'courtyard', 'playground', 'parking');--> statement-breakpoint
CREATE TYPE "public"."camera_owner" AS ENUM('association', 'city_network', 'private');--> statement-breakpoint
CREATE TYPE "public"."camera_status" AS ENUM('working', 'faulty', 'outdated', 'replaced', 'removed');--> statement-breakpoint
CREATE TYPE "public"."inspector_feedback_kind" AS ENUM('feedback', 'commendation');--> statement-breakpoint
CREATE TYPE "public"."inspector_feedback_status" AS ENUM('pending', 'approved', 'rejected');--> statement-breakpoint
CREATE TYPE "public"."helper_status" AS ENUM('candidate', 'active', 'suspended', 'left');--> statement-breakpoint
CREATE TYPE "public"."import_job_status" AS ENUM('queued', 'running', 'done', 'failed');--> statement-breakpoint
CREATE TABLE "buildings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_slug" text NOT NULL,
	"organization_id" uuid NOT NULL,
	"address" text NOT NULL,
	"address_key" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"entrances" integer,
	"flats" integer,
	"inspector_id" uuid,
	"chat_joined" boolean DEFAULT false NOT NULL,
	"chat_joined_at" timestamp (3) with time zone,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cameras" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"building_id" uuid NOT NULL,
	"district_slug" text NOT NULL,
	"location" "camera_location" NOT NULL,
	"install_year" integer NOT NULL,
	"owner" "camera_owner" NOT NULL,
	"kind" "camera_kind" NOT NULL,
	"status" "camera_status" DEFAULT 'working' NOT NULL,
	"last_checked_at" timestamp (3) with time zone,
	"replaced_at" timestamp (3) with time zone,
	"replaces_id" uuid,
	"confirmed_at" timestamp (3) with time zone,
	"confirmed_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helper_shifts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"helper_id" uuid NOT NULL,
	"district_slug" text NOT NULL,
	"date" date NOT NULL,
	"hours" double precision NOT NULL,
	"area" text NOT NULL,
	"inspector_id" uuid,
	"created_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "helpers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_slug" text NOT NULL,
	"name" text NOT NULL,
	"phone" text NOT NULL,
	"status" "helper_status" DEFAULT 'candidate' NOT NULL,
	"approved_at" date,
	"document_number" text,
	"registered_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "import_jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"user_id" uuid NOT NULL,
	"status" "import_job_status" DEFAULT 'queued' NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"processed" integer DEFAULT 0 NOT NULL,
	"input" text,
	"report" jsonb,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp (3) with time zone
);
--> statement-breakpoint
CREATE TABLE "inspector_feedback" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"inspector_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"author_id" uuid,
	"kind" "inspector_feedback_kind" NOT NULL,
	"body" text NOT NULL,
	"status" "inspector_feedback_status" DEFAULT 'pending' NOT NULL,
	"moderated_by" uuid,
	"moderated_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "inspector_profiles" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid,
	"district_slug" text NOT NULL,
	"name" text NOT NULL,
	"rank" text NOT NULL,
	"photo_url" text,
	"precinct_address" text NOT NULL,
	"reception_hours" text NOT NULL,
	"phone" text NOT NULL,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_settings" (
	"key" text PRIMARY KEY NOT NULL,
	"value" jsonb NOT NULL,
	"updated_by" uuid,
	"updated_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "registry_timeline" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"district_slug" text NOT NULL,
	"entity_type" text NOT NULL,
	"entity_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"from_status" text,
	"to_status" text,
	"note" text,
	"author_id" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "decisions" ADD COLUMN "target_metric" text;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_district_slug_districts_slug_fk" FOREIGN KEY ("district_slug") REFERENCES "public"."districts"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "buildings" ADD CONSTRAINT "buildings_inspector_id_inspector_profiles_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspector_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_building_id_buildings_id_fk" FOREIGN KEY ("building_id") REFERENCES "public"."buildings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_district_slug_districts_slug_fk" FOREIGN KEY ("district_slug") REFERENCES "public"."districts"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cameras" ADD CONSTRAINT "cameras_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_shifts" ADD CONSTRAINT "helper_shifts_helper_id_helpers_id_fk" FOREIGN KEY ("helper_id") REFERENCES "public"."helpers"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_shifts" ADD CONSTRAINT "helper_shifts_district_slug_districts_slug_fk" FOREIGN KEY ("district_slug") REFERENCES "public"."districts"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_shifts" ADD CONSTRAINT "helper_shifts_inspector_id_inspector_profiles_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspector_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helper_shifts" ADD CONSTRAINT "helper_shifts_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helpers" ADD CONSTRAINT "helpers_district_slug_districts_slug_fk" FOREIGN KEY ("district_slug") REFERENCES "public"."districts"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "helpers" ADD CONSTRAINT "helpers_registered_by_users_id_fk" FOREIGN KEY ("registered_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_jobs" ADD CONSTRAINT "import_jobs_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_feedback" ADD CONSTRAINT "inspector_feedback_inspector_id_inspector_profiles_id_fk" FOREIGN KEY ("inspector_id") REFERENCES "public"."inspector_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_feedback" ADD CONSTRAINT "inspector_feedback_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_feedback" ADD CONSTRAINT "inspector_feedback_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_feedback" ADD CONSTRAINT "inspector_feedback_moderated_by_users_id_fk" FOREIGN KEY ("moderated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_profiles" ADD CONSTRAINT "inspector_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "inspector_profiles" ADD CONSTRAINT "inspector_profiles_district_slug_districts_slug_fk" FOREIGN KEY ("district_slug") REFERENCES "public"."districts"("slug") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_settings" ADD CONSTRAINT "registry_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "registry_timeline" ADD CONSTRAINT "registry_timeline_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "buildings_organization_id_address_key_index" ON "buildings" USING btree ("organization_id","address_key");--> statement-breakpoint
CREATE INDEX "buildings_district_slug_created_at_id_index" ON "buildings" USING btree ("district_slug","created_at","id");--> statement-breakpoint
CREATE INDEX "buildings_organization_id_created_at_id_index" ON "buildings" USING btree ("organization_id","created_at","id");--> statement-breakpoint
CREATE INDEX "buildings_inspector_id_index" ON "buildings" USING btree ("inspector_id");--> statement-breakpoint
CREATE UNIQUE INDEX "cameras_natural_key_idx" ON "cameras" USING btree ("building_id","location","install_year") WHERE status in ('working','faulty','outdated');--> statement-breakpoint
CREATE INDEX "cameras_building_id_index" ON "cameras" USING btree ("building_id");--> statement-breakpoint
CREATE INDEX "cameras_district_slug_status_install_year_index" ON "cameras" USING btree ("district_slug","status","install_year");--> statement-breakpoint
CREATE INDEX "cameras_district_slug_replaced_at_index" ON "cameras" USING btree ("district_slug","replaced_at") WHERE replaced_at is not null;--> statement-breakpoint
CREATE INDEX "cameras_district_slug_created_at_id_index" ON "cameras" USING btree ("district_slug","created_at","id");--> statement-breakpoint
CREATE INDEX "helper_shifts_district_slug_date_index" ON "helper_shifts" USING btree ("district_slug","date");--> statement-breakpoint
CREATE INDEX "helper_shifts_helper_id_date_index" ON "helper_shifts" USING btree ("helper_id","date");--> statement-breakpoint
CREATE INDEX "helpers_district_slug_status_index" ON "helpers" USING btree ("district_slug","status");--> statement-breakpoint
CREATE INDEX "helpers_district_slug_created_at_id_index" ON "helpers" USING btree ("district_slug","created_at","id");--> statement-breakpoint
CREATE INDEX "import_jobs_user_id_created_at_index" ON "import_jobs" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "inspector_feedback_inspector_id_status_created_at_index" ON "inspector_feedback" USING btree ("inspector_id","status","created_at");--> statement-breakpoint
CREATE INDEX "inspector_profiles_district_slug_index" ON "inspector_profiles" USING btree ("district_slug");--> statement-breakpoint
CREATE INDEX "inspector_profiles_user_id_index" ON "inspector_profiles" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "registry_timeline_entity_type_entity_id_created_at_index" ON "registry_timeline" USING btree ("entity_type","entity_id","created_at");--> statement-breakpoint
CREATE INDEX "decisions_metric_idx" ON "decisions" USING btree ("district_slug","target_metric") WHERE target_metric is not null;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_target_metric_check" CHECK (target_metric in ('cameras_installed', 'cameras_modernized', 'helpers_active', 'patrol_shifts', 'chat_coverage_percent'));