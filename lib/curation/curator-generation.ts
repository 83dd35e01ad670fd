/** The curator API's wire shape, shared by the routes and the studio (types only). */
/** What curators see of a generation (`GET /api/generations/:id` and the lists). */
export interface CuratorGeneration {
  id: string;
  /** `publishing`: its display set is being made; it goes `public` when the set is complete. */
  status: 'submitted' | 'draft' | 'publishing' | 'public' | 'unpublished' | 'failed' | 'hidden';
  /** `sensitive` is shown in the feed only to visitors who ask for it. */
  rating: 'general' | 'sensitive';
  /** The public storage path (`g/<sha256>.<ext>`), also while it is not published. */
  src: string;
  width: number;
  height: number;
  blurhash: string;
  format: string;
  bytes: number;
  prompt: string;
  negativePrompt: string | null;
  model: string;
  author: string;
  seed: number | null;
  /** Parameters read from the file (steps, sampler, CFG scale, size, where they came from). */
  params: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
  /** While publishing: display-set members stored so far and in all (the studio's "n/m"). */
  publishProgress: { done: number; total: number } | null;
  /** Why a curator hid it (while `hidden`); null otherwise. */
  hiddenReason: string | null;
  /** Why the last publish failed (the row is `failed`, or was until it was published again); null otherwise. */
  publishError: string | null;
}
