-- A display set now holds the ladder rung above a source narrower than it, at the source's own width
-- (lib/images/ladder.ts, ladderWidthsFor). Public rows made before, whose width is not itself a rung
-- and is under the top one, lack that rung: the display-set backfill makes it (and only it: every
-- member already stored is kept) once their mark is cleared.
UPDATE "generations" SET "display_set_at" = NULL
WHERE "status" = 'public' AND "display_set_at" IS NOT NULL
  AND "width" > 320 AND "width" < 1920 AND "width" NOT IN (640, 960, 1280);
