-- The API and the worker run as dsd_app: plain reads and writes on the tables, nothing else. Not an owner, so it
-- cannot ALTER a table, switch its triggers off or drop it; audit_log takes its INSERTs and only the sequencer's
-- one-time fill-in of position and hashes (the trigger refuses every other UPDATE and all DELETEs anyway).
-- Roles are cluster-wide: created once, idempotently, when the migrating role may create roles; grants are per database.
DO $$
BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'dsd_app') THEN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = current_user AND (rolsuper OR rolcreaterole)) THEN
      RAISE NOTICE 'dsd_app not created: % may not create roles (create it, or set DATABASE_APP_ROLE to empty)', current_user;
      RETURN;
    END IF;
    BEGIN
      CREATE ROLE dsd_app NOLOGIN;
    EXCEPTION WHEN duplicate_object THEN
      NULL; -- another database of this cluster migrated at the same moment
    END;
  END IF;
  -- The migrating role switches to it (SET ROLE dsd_app) when the app connects with DATABASE_URL.
  IF NOT pg_has_role(current_user, 'dsd_app', 'MEMBER') THEN
    EXECUTE format('GRANT dsd_app TO %I', current_user);
  END IF;
  EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO dsd_app', current_database());
  GRANT USAGE ON SCHEMA public TO dsd_app;
  REVOKE CREATE ON SCHEMA public FROM dsd_app;
  GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO dsd_app;
  GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO dsd_app;
  REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON audit_log FROM dsd_app;
  GRANT UPDATE (seq, prev_hash, hash, sealed_at) ON audit_log TO dsd_app;
  -- Tables later migrations add get the same plain grants; a new append-only table must revoke like audit_log above.
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO dsd_app;
  ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO dsd_app;
END
$$;
