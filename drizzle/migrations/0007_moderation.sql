CREATE TYPE "public"."generation_event_kind" AS ENUM('uploaded', 'submitted', 'published', 'edited', 'unpublished', 'hidden', 'deleted', 'reported', 'dismissed');--> statement-breakpoint
CREATE TYPE "public"."report_reason" AS ENUM('sexual', 'violence', 'copyright', 'spam', 'other');--> statement-breakpoint
ALTER TYPE "public"."generation_status" ADD VALUE 'hidden';--> statement-breakpoint
CREATE TABLE "generation_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"generation_id" uuid NOT NULL,
	"kind" "generation_event_kind" NOT NULL,
	"actor" text NOT NULL,
	"detail" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp(6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"generation_id" uuid NOT NULL,
	"reason" "report_reason" NOT NULL,
	"note" text,
	"reporter_key" text NOT NULL,
	"created_at" timestamp(6) with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp(6) with time zone
);
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "hidden_reason" text;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_generation_id_generations_id_fk" FOREIGN KEY ("generation_id") REFERENCES "public"."generations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generation_events_generation_idx" ON "generation_events" USING btree ("generation_id","id" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reports_generation_idx" ON "reports" USING btree ("generation_id","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reports_reporter_idx" ON "reports" USING btree ("reporter_key","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "reports_open_idx" ON "reports" USING btree ("generation_id") WHERE "reports"."closed_at" IS NULL;