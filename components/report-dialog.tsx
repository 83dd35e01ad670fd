'use client';

import { type FormEvent, useRef, useState } from 'react';

/** The reasons `POST /api/reports` takes, as a visitor reads them (lib/moderation/reports.ts). */
const reasons = [
  ['sexual', 'Sexual content'],
  ['violence', 'Violence'],
  ['copyright', 'Copyright'],
  ['spam', 'Spam'],
  ['other', 'Something else'],
] as const;
const NOTE_MAX = 500;

type State = { kind: 'idle' } | { kind: 'sending' } | { kind: 'sent' } | { kind: 'failed'; message: string };

/**
 * The detail view's "Report": a modal dialog asking why (and an optional note), sent to
 * `POST /api/reports`. No login; the server's refusals (a second report of the same picture, too many)
 * are shown as it words them.
 */
export function ReportDialog({ generationId }: { generationId: string }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [note, setNote] = useState('');

  async function send(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const reason = new FormData(event.currentTarget).get('reason');
    setState({ kind: 'sending' });
    try {
      const response = await fetch('/api/reports', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ generationId, reason, ...(note.trim() ? { note } : {}) }),
        signal: AbortSignal.timeout(15_000),
      });
      if (response.ok) return setState({ kind: 'sent' });
      const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
      setState({
        kind: 'failed',
        message: body?.error?.message ?? `The report was refused (${response.status}).`,
      });
    } catch {
      setState({
        kind: 'failed',
        message: 'The report could not be sent. Check the connection and try again.',
      });
    }
  }

  const sent = state.kind === 'sent';
  return (
    <>
      <button type="button" onClick={() => dialog.current?.showModal()} disabled={sent}>
        {sent ? 'Reported' : 'Report'}
      </button>
      <dialog ref={dialog} className="report-dialog" aria-labelledby={`report-title-${generationId}`}>
        {sent ? (
          <div className="report-done">
            <h2 id={`report-title-${generationId}`}>Thank you</h2>
            <p role="status">The curators will look at it.</p>
            <button type="button" onClick={() => dialog.current?.close()}>
              Close
            </button>
          </div>
        ) : (
          <form onSubmit={send}>
            <h2 id={`report-title-${generationId}`}>Report this generation</h2>
            <fieldset>
              <legend>Why?</legend>
              {reasons.map(([value, label]) => (
                <label key={value} className="report-reason">
                  <input type="radio" name="reason" value={value} required /> {label}
                </label>
              ))}
            </fieldset>
            <label className="report-note">
              Note (optional)
              <textarea
                name="note"
                maxLength={NOTE_MAX}
                rows={3}
                value={note}
                onChange={(event) => setNote(event.target.value)}
                aria-describedby={`report-count-${generationId}`}
              />
            </label>
            <span id={`report-count-${generationId}`} className="report-count">
              {note.length}/{NOTE_MAX}
            </span>
            {state.kind === 'failed' ? (
              <p role="alert" className="report-error">
                {state.message}
              </p>
            ) : null}
            <div className="report-buttons">
              <button type="button" onClick={() => dialog.current?.close()}>
                Cancel
              </button>
              <button type="submit" disabled={state.kind === 'sending'}>
                {state.kind === 'sending' ? 'Sending…' : 'Send report'}
              </button>
            </div>
          </form>
        )}
      </dialog>
    </>
  );
}
