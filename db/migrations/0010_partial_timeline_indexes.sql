DROP INDEX "updates_decision_id_created_at_index";--> statement-breakpoint
DROP INDEX "updates_assignment_id_created_at_index";--> statement-breakpoint
DROP INDEX "updates_proposal_id_created_at_index";--> statement-breakpoint
DROP INDEX "updates_meeting_id_created_at_index";--> statement-breakpoint
CREATE INDEX "updates_decision_id_created_at_index" ON "updates" USING btree ("decision_id","created_at") WHERE decision_id is not null;--> statement-breakpoint
CREATE INDEX "updates_assignment_id_created_at_index" ON "updates" USING btree ("assignment_id","created_at") WHERE assignment_id is not null;--> statement-breakpoint
CREATE INDEX "updates_proposal_id_created_at_index" ON "updates" USING btree ("proposal_id","created_at") WHERE proposal_id is not null;--> statement-breakpoint
CREATE INDEX "updates_meeting_id_created_at_index" ON "updates" USING btree ("meeting_id","created_at") WHERE meeting_id is not null;