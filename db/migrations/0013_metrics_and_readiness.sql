ALTER TABLE "stat_deltas" ADD COLUMN "created_at" timestamp (3) with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
-- Readiness (GET /api/v1/health/ready) compares the applied migrations with the code's: dsd_app may read that list.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'dsd_app') AND to_regclass('drizzle.__drizzle_migrations') IS NOT NULL THEN
    GRANT USAGE ON SCHEMA drizzle TO dsd_app;
    GRANT SELECT ON drizzle.__drizzle_migrations TO dsd_app;
  END IF;
END
$$;
