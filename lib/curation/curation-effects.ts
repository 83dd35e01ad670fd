/**
 * What a curation action sets off beyond its own rows and objects. The action calls them itself, so
 * a route (or any other caller) cannot forget one; the app binds them in lib/server/app-services.ts,
 * tests record them.
 */
export interface CurationEffects {
  /** The feed's first page changed (a publish, an unpublish, an edit or delete of a public item). */
  feedHeadChanged(): void;
  /** Work the action starts and does not wait for (prewarming a published item's variants). */
  background(work: Promise<unknown>): void;
}
