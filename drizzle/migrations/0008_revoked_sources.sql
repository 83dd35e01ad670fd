CREATE TABLE "revoked_sources" (
	"storage_key" text PRIMARY KEY NOT NULL,
	"revoked_at" timestamp(6) with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "revoked_sources_revoked_at_idx" ON "revoked_sources" USING btree ("revoked_at" DESC NULLS LAST);