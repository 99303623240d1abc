-- A decision's target unit becomes one of a fixed list (TARGET_UNITS in shared/src/enums.ts), named and declined in
-- each language by the web client, instead of free Russian text that kk/en pages showed as is ("40 камер").
-- One mapping from the old free text to a unit, used by this migration for the rows there are and by a trigger for
-- writers that still send the old words (bulk loaders with hand-written SQL): anything it does not recognise is
-- counted in plain 'items' rather than refused, so no insert that worked before fails.
CREATE FUNCTION target_unit_code(unit text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE
    WHEN unit IS NULL THEN NULL
    WHEN unit IN ('cameras', 'helpers', 'patrols', 'raids', 'buildings', 'events', 'lamps', 'chats', 'percent', 'items') THEN unit
    WHEN lower(unit) ~ '(камер|camera)' THEN 'cameras'
    WHEN lower(unit) ~ '(помощник|көмекші|helper)' THEN 'helpers'
    WHEN lower(unit) ~ '(обход|патрул|дозор|patrol)' THEN 'patrols'
    WHEN lower(unit) ~ '(рейд|операци|проверк|raid)' THEN 'raids'
    WHEN lower(unit) ~ '(дом|здани|подъезд|үй|building)' THEN 'buildings'
    WHEN lower(unit) ~ '(мероприят|встреч|лекци|бесед|іс-шара|event)' THEN 'events'
    WHEN lower(unit) ~ '(фонар|светильник|опор|шам|lamp)' THEN 'lamps'
    WHEN lower(unit) ~ '(чат|chat)' THEN 'chats'
    WHEN lower(unit) ~ '(%|процент|пайыз|percent)' THEN 'percent'
    ELSE 'items'
  END
$$;
--> statement-breakpoint
UPDATE "decisions" SET "target_unit" = target_unit_code("target_unit") WHERE "target_unit" IS NOT NULL;
--> statement-breakpoint
CREATE FUNCTION decisions_target_unit_code() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.target_unit := target_unit_code(NEW.target_unit);
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "decisions_target_unit_code" BEFORE INSERT OR UPDATE OF "target_unit" ON "decisions"
  FOR EACH ROW EXECUTE FUNCTION decisions_target_unit_code();
--> statement-breakpoint
ALTER TABLE "decisions" ADD CONSTRAINT "decisions_target_unit_check" CHECK (target_unit in ('cameras', 'helpers', 'patrols', 'raids', 'buildings', 'events', 'lamps', 'chats', 'percent', 'items'));
