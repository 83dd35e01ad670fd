CREATE TYPE "public"."api_token_scope" AS ENUM('submit', 'publish');--> statement-breakpoint
CREATE TYPE "public"."generation_rating" AS ENUM('general', 'sensitive');--> statement-breakpoint
ALTER TYPE "public"."generation_status" ADD VALUE 'submitted' BEFORE 'draft';--> statement-breakpoint
ALTER TYPE "public"."generation_status" ADD VALUE 'failed';--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scope" "api_token_scope" NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp(6) with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp(6) with time zone,
	"last_used_at" timestamp(6) with time zone,
	"window_started_at" timestamp(6) with time zone,
	"window_requests" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "api_tokens_name_unique" UNIQUE("name"),
	CONSTRAINT "api_tokens_token_hash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "rating" "generation_rating" DEFAULT 'general' NOT NULL;--> statement-breakpoint
ALTER TABLE "generations" ADD COLUMN "api_token_id" uuid;--> statement-breakpoint
ALTER TABLE "generations" ADD CONSTRAINT "generations_api_token_id_api_tokens_id_fk" FOREIGN KEY ("api_token_id") REFERENCES "public"."api_tokens"("id") ON DELETE set null ON UPDATE no action;