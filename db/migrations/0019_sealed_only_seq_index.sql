DROP INDEX "audit_log_seq_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "audit_log_seq_idx" ON "audit_log" USING btree ("seq") WHERE seq is not null;