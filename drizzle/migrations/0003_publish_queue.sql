ALTER TYPE "public"."generation_status" ADD VALUE 'publishing' BEFORE 'public';--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "publish_job_id" uuid;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "publish_from" "generation_status";--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "publish_done" integer;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "publish_total" integer;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "publish_error" text;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "display_set_at" timestamp(6) with time zone;--> statement-breakpoint
CREATE INDEX "generations_display_set_missing_idx" ON "generations" USING btree ("published_at" DESC NULLS LAST) WHERE "generations"."status" = 'public' AND "generations"."display_set_at" IS NULL;