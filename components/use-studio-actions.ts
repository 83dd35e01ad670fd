'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { CuratorGeneration } from '@/lib/curation/curator-generation';
import { type GenerationEdit, type GenerationStatus, studioApi } from './studio-api';

const statuses: GenerationStatus[] = ['submitted', 'draft', 'publishing', 'public', 'unpublished', 'failed'];
export const studioKey = (status: GenerationStatus) => ['studio', status] as const;

type Snapshot = [readonly unknown[], CuratorGeneration[] | undefined][];

/**
 * Publish, unpublish, edit and delete, applied to the lists at once (optimistically) and rolled back
 * if the server refuses, with its message kept for the card to show.
 */
export function useStudioActions() {
  const queryClient = useQueryClient();
  const [failures, setFailures] = useState<Record<string, string>>({});

  function optimistic(id: string, change: (item: CuratorGeneration) => CuratorGeneration | null): Snapshot {
    const snapshot: Snapshot = statuses.map((status) => [
      studioKey(status),
      queryClient.getQueryData<CuratorGeneration[]>(studioKey(status)),
    ]);
    const item = snapshot.flatMap(([, items]) => items ?? []).find((candidate) => candidate.id === id);
    if (!item) return snapshot;
    const next = change(item);
    for (const status of statuses) {
      queryClient.setQueryData<CuratorGeneration[]>(studioKey(status), (items = []) => {
        const rest = items.filter((candidate) => candidate.id !== id);
        return next?.status === status ? [next, ...rest] : rest;
      });
    }
    return snapshot;
  }

  function action<Variables extends { id: string }>(
    run: (variables: Variables) => Promise<unknown>,
    change: (item: CuratorGeneration, variables: Variables) => CuratorGeneration | null,
  ) {
    return useMutation({
      mutationFn: run,
      onMutate: async (variables: Variables) => {
        setFailures(({ [variables.id]: _cleared, ...rest }) => rest);
        await queryClient.cancelQueries({ queryKey: ['studio'] });
        return optimistic(variables.id, (item) => change(item, variables));
      },
      onError: (error, variables, snapshot) => {
        for (const [key, items] of snapshot ?? []) queryClient.setQueryData(key, items);
        setFailures((current) => ({ ...current, [variables.id]: (error as Error).message }));
      },
      onSettled: () => queryClient.invalidateQueries({ queryKey: ['studio'] }),
    });
  }

  const publish = action(
    ({ id }: { id: string }) => studioApi.publish(id),
    // The server answers "publishing": the item goes live once its display set is stored.
    (item) => ({ ...item, status: 'publishing', publishProgress: { done: 0, total: 0 }, publishError: null }),
  );
  const unpublish = action(
    ({ id }: { id: string }) => studioApi.unpublish(id),
    (item) => ({ ...item, status: 'unpublished', publishProgress: null }),
  );
  const remove = action(
    ({ id }: { id: string }) => studioApi.remove(id),
    () => null,
  );
  const edit = action(
    ({ id, fields }: { id: string; fields: GenerationEdit }) => studioApi.update(id, fields),
    (item, { fields }) => ({ ...item, ...fields }),
  );
  return { publish, unpublish, remove, edit, failures };
}
