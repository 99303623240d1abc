CREATE TYPE "public"."chair_request_status" AS ENUM('pending', 'confirmed', 'rejected');--> statement-breakpoint
CREATE TABLE "category_services" (
	"category_code" text NOT NULL,
	"service_code" text NOT NULL,
	CONSTRAINT "category_services_category_code_service_code_pk" PRIMARY KEY("category_code","service_code")
);
--> statement-breakpoint
CREATE TABLE "chair_requests" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"organization_id" uuid NOT NULL,
	"note" text,
	"status" "chair_request_status" DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp (3) with time zone,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "invites" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"email" text NOT NULL,
	"role" "user_role" NOT NULL,
	"locale" "locale" DEFAULT 'ru' NOT NULL,
	"grants" jsonb NOT NULL,
	"invited_by" uuid,
	"created_at" timestamp (3) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp (3) with time zone NOT NULL,
	"accepted_at" timestamp (3) with time zone,
	"user_id" uuid
);
--> statement-breakpoint
ALTER TABLE "category_routes" DROP CONSTRAINT "category_routes_district_slug_category_code_pk";--> statement-breakpoint
ALTER TABLE "categories" ALTER COLUMN "code" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "category_routes" ALTER COLUMN "category_code" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "proposals" ALTER COLUMN "category" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "decisions" ALTER COLUMN "category" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "category_routes" ADD CONSTRAINT "category_routes_district_slug_category_code_service_code_pk" PRIMARY KEY("district_slug","category_code","service_code");--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "active" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "sort_order" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "districts" ADD COLUMN "time_zone" text DEFAULT 'Asia/Almaty' NOT NULL;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "deactivated_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "category_services" ADD CONSTRAINT "category_services_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "category_services" ADD CONSTRAINT "category_services_service_code_services_code_fk" FOREIGN KEY ("service_code") REFERENCES "public"."services"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chair_requests" ADD CONSTRAINT "chair_requests_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chair_requests" ADD CONSTRAINT "chair_requests_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chair_requests" ADD CONSTRAINT "chair_requests_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invites" ADD CONSTRAINT "invites_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "category_services_service_code_index" ON "category_services" USING btree ("service_code");--> statement-breakpoint
CREATE INDEX "chair_requests_organization_id_status_index" ON "chair_requests" USING btree ("organization_id","status");--> statement-breakpoint
CREATE INDEX "chair_requests_user_id_index" ON "chair_requests" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invites_token_hash_index" ON "invites" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "invites_email_index" ON "invites" USING btree ("email");--> statement-breakpoint
ALTER TABLE "category_routes" ADD CONSTRAINT "category_routes_category_code_categories_code_fk" FOREIGN KEY ("category_code") REFERENCES "public"."categories"("code") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_category_categories_code_fk" FOREIGN KEY ("category") REFERENCES "public"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_category_categories_code_fk" FOREIGN KEY ("category") REFERENCES "public"."categories"("code") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "category_routes_service_code_index" ON "category_routes" USING btree ("service_code");--> statement-breakpoint
DROP TYPE "public"."category_code";