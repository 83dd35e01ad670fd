'use client';

import { useState } from 'react';
import type { ItemActions } from './use-item-actions';

/** At most this many actions on the wire at once: a bulk approve of 200 is 200 publishes, paced. */
const BULK_CONCURRENCY = 3;

async function eachPaced(ids: readonly string[], work: (id: string) => Promise<boolean>): Promise<number> {
  let next = 0;
  let failed = 0;
  await Promise.all(
    Array.from({ length: Math.min(BULK_CONCURRENCY, ids.length) }, async () => {
      while (next < ids.length) {
        const id = ids[next++]!;
        if (!(await work(id))) failed += 1;
      }
    }),
  );
  return failed;
}

/** The selected rows at once: approve (publish) them, or reject (hide) them with one reason. */
export function StudioBulkBar({
  selected,
  actions,
  onDone,
}: {
  selected: ReadonlySet<string>;
  actions: ItemActions;
  onDone: () => void;
}) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<string | null>(null);
  if (selected.size === 0 && !outcome) return null;
  const ids = [...selected];
  const run = async (label: string, work: (id: string) => Promise<boolean>) => {
    setBusy(true);
    const failed = await eachPaced(ids, work);
    setBusy(false);
    setOutcome(
      failed
        ? `${label} ${ids.length - failed}; ${failed} refused (see each one).`
        : `${label} ${ids.length}.`,
    );
    onDone();
  };
  return (
    <fieldset className="studio-bulk" aria-label="Selected generations">
      {selected.size > 0 ? (
        <>
          <span>{selected.size} selected</span>
          <button type="button" disabled={busy} onClick={() => void run('Approved', actions.publish)}>
            Approve {selected.size}
          </button>
          <label>
            <span>Reason</span>
            <input value={reason} maxLength={500} onChange={(event) => setReason(event.target.value)} />
          </label>
          <button
            type="button"
            disabled={busy || !reason.trim()}
            onClick={() => void run('Rejected', (id) => actions.hide(id, reason.trim()))}
          >
            Reject {selected.size}
          </button>
          <button type="button" disabled={busy} onClick={onDone}>
            Clear
          </button>
        </>
      ) : null}
      {outcome ? (
        <p role="status">
          {outcome}{' '}
          <button type="button" onClick={() => setOutcome(null)}>
            OK
          </button>
        </p>
      ) : null}
    </fieldset>
  );
}
