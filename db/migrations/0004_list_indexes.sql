DROP INDEX "assignments_service_code_status_index";--> statement-breakpoint
DROP INDEX "assignments_district_slug_status_index";--> statement-breakpoint
CREATE INDEX "proposals_district_slug_status_created_at_id_index" ON "proposals" USING btree ("district_slug","status","created_at","id");--> statement-breakpoint
CREATE INDEX "proposals_district_slug_category_created_at_id_index" ON "proposals" USING btree ("district_slug","category","created_at","id");--> statement-breakpoint
CREATE INDEX "assignments_service_code_status_created_at_id_index" ON "assignments" USING btree ("service_code","status","created_at","id");--> statement-breakpoint
CREATE INDEX "assignments_district_slug_status_created_at_id_index" ON "assignments" USING btree ("district_slug","status","created_at","id");