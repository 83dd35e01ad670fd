CREATE TYPE "public"."generation_status" AS ENUM('draft', 'public');--> statement-breakpoint
CREATE TABLE "curators" (
	"id" uuid PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"created_at" timestamp(6) with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "curators_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "generations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"status" "generation_status" DEFAULT 'draft' NOT NULL,
	"storage_key" text NOT NULL,
	"sha256" text NOT NULL,
	"width" integer NOT NULL,
	"height" integer NOT NULL,
	"blurhash" text NOT NULL,
	"format" text NOT NULL,
	"bytes" integer NOT NULL,
	"prompt" text NOT NULL,
	"negative_prompt" text,
	"model" text NOT NULL,
	"seed" bigint,
	"params" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"author" text NOT NULL,
	"synthetic" boolean DEFAULT false NOT NULL,
	"created_at" timestamp(6) with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp(6) with time zone DEFAULT now() NOT NULL,
	"published_at" timestamp(6) with time zone,
	CONSTRAINT "generations_public_has_published_at" CHECK ("generations"."status" <> 'public' OR "generations"."published_at" IS NOT NULL),
	CONSTRAINT "generations_positive_dimensions" CHECK ("generations"."width" > 0 AND "generations"."height" > 0)
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"curator_id" uuid NOT NULL,
	"created_at" timestamp(6) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp(6) with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_curator_id_curators_id_fk" FOREIGN KEY ("curator_id") REFERENCES "public"."curators"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "generations_public_feed_idx" ON "generations" USING btree ("published_at" DESC NULLS LAST,"id" DESC NULLS LAST) WHERE "generations"."status" = 'public';--> statement-breakpoint
CREATE UNIQUE INDEX "generations_sha256_unique_idx" ON "generations" USING btree ("sha256") WHERE "generations"."synthetic" = false;--> statement-breakpoint
CREATE INDEX "generations_status_created_idx" ON "generations" USING btree ("status","created_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "sessions_curator_idx" ON "sessions" USING btree ("curator_id");