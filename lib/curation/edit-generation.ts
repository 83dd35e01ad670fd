import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import type { CurationEffects } from './curation-effects';
import type { CuratorGeneration } from './curator-generation';
import type { GenerationFields } from './generation-fields';
import { updateGeneration } from './generation-record';

export interface EditDeps {
  db: Database;
  effects: Pick<CurationEffects, 'feedHeadChanged'>;
}

/** Sets the given fields (404 for no such generation); a public one shows them in the feed head at once. */
export async function editGeneration(
  deps: EditDeps,
  id: string,
  fields: GenerationFields,
): Promise<CuratorGeneration> {
  const generation = await updateGeneration(deps.db, id, fields);
  if (!generation) throw new ApiError('not_found', 'No generation has this id.');
  if (generation.status === 'public') deps.effects.feedHeadChanged();
  return generation;
}
