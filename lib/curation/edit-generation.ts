import 'server-only';
import { ApiError } from '@/lib/api/errors';
import type { Database } from '@/lib/db/client';
import { recordEvent, SYSTEM_ACTOR } from '@/lib/moderation/generation-events';
import type { CurationEffects } from './curation-effects';
import type { CuratorGeneration } from './curator-generation';
import type { GenerationFields } from './generation-fields';
import { updateGeneration } from './generation-record';

export interface EditDeps {
  db: Database;
  effects: Pick<CurationEffects, 'feedHeadChanged'>;
}

/**
 * Sets the given fields (404 for no such generation), with a line in its record naming them; a public
 * one shows them in the feed head at once.
 */
export async function editGeneration(
  deps: EditDeps,
  id: string,
  fields: GenerationFields,
  by: string = SYSTEM_ACTOR,
): Promise<CuratorGeneration> {
  const generation = await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Database;
    const edited = await updateGeneration(db, id, fields);
    if (edited) await recordEvent(db, id, 'edited', by, { fields: Object.keys(fields).sort() });
    return edited;
  });
  if (!generation) throw new ApiError('not_found', 'No generation has this id.');
  if (generation.status === 'public') deps.effects.feedHeadChanged();
  return generation;
}
