/** The curator API's wire shape, shared by the routes and the studio (types only). */
/** What curators see of a generation (`GET /api/generations/:id` and the lists). */
export interface CuratorGeneration {
  id: string;
  status: 'draft' | 'public' | 'unpublished';
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
}
