'use client';

import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { type GenerationEdit, studioApi } from '../studio-api';

type Replace = (item: CuratorGeneration | null, id: string, options?: { reportsClosed?: boolean }) => void;

/**
 * What a curator does to one generation, from the panel, a key or the bulk bar: each call resolves
 * true once the server has agreed and the lists show its answer, false with the server's message kept
 * for the panel (nothing is changed before the server answers: a refused action moves nothing).
 */
export function useItemActions(replace: Replace) {
  const queryClient = useQueryClient();
  const [failures, setFailures] = useState<Record<string, string>>({});

  async function run(
    id: string,
    work: () => Promise<CuratorGeneration | null>,
    options?: { reportsClosed?: boolean },
  ): Promise<boolean> {
    setFailures(({ [id]: _cleared, ...rest }) => rest);
    try {
      replace(await work(), id, options);
      return true;
    } catch (error) {
      setFailures((current) => ({ ...current, [id]: (error as Error).message }));
      return false;
    } finally {
      void queryClient.invalidateQueries({ queryKey: ['studio', 'events', id] });
    }
  }

  return {
    failures,
    publish: (id: string) => run(id, async () => (await studioApi.publish(id)).generation),
    unpublish: (id: string) => run(id, async () => (await studioApi.unpublish(id)).generation),
    hide: (id: string, reason: string) =>
      run(id, async () => (await studioApi.hide(id, reason)).generation, { reportsClosed: true }),
    dismissReports: (id: string) =>
      run(
        id,
        async () => {
          await studioApi.dismissReports(id);
          return studioApi.get(id);
        },
        { reportsClosed: true },
      ),
    edit: (id: string, fields: GenerationEdit) => run(id, () => studioApi.update(id, fields)),
    remove: (id: string) =>
      run(id, async () => {
        await studioApi.remove(id);
        return null;
      }),
  };
}

export type ItemActions = ReturnType<typeof useItemActions>;
