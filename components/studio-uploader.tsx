'use client';

import { useQueryClient } from '@tanstack/react-query';
import { type DragEvent, useCallback, useRef, useState } from 'react';
import { type UploadHandle, uploadFile } from './studio-api';

interface UploadRow {
  key: string;
  name: string;
  progress: number;
  state: 'uploading' | 'processing' | 'done' | 'failed';
  message?: string;
  handle?: UploadHandle;
}

/** Drop or pick images; each uploads on its own, with its progress and a cancel button. */
export function StudioUploader() {
  const queryClient = useQueryClient();
  const [rows, setRows] = useState<UploadRow[]>([]);
  const [dragging, setDragging] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const nextKey = useRef(0);

  const patch = useCallback((key: string, change: Partial<UploadRow>) => {
    setRows((current) => current.map((row) => (row.key === key ? { ...row, ...change } : row)));
  }, []);

  const start = useCallback(
    (files: FileList | File[]) => {
      for (const file of Array.from(files)) {
        const key = String(nextKey.current++);
        const handle = uploadFile(file, (fraction) =>
          patch(key, fraction >= 1 ? { progress: 1, state: 'processing' } : { progress: fraction }),
        );
        setRows((current) => [...current, { key, name: file.name, progress: 0, state: 'uploading', handle }]);
        handle.done.then(
          (generation) => {
            patch(key, {
              state: 'done',
              progress: 1,
              message:
                generation.status === 'draft' ? 'Added to drafts' : `Already uploaded (${generation.status})`,
            });
            void queryClient.invalidateQueries({ queryKey: ['studio'] });
          },
          (error: Error) => patch(key, { state: 'failed', message: error.message }),
        );
      }
    },
    [patch, queryClient],
  );

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    if (event.dataTransfer.files.length > 0) start(event.dataTransfer.files);
  };

  return (
    <section className="studio-uploader" aria-label="Upload">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop target; the button inside is the keyboard way in. */}
      <div
        className={dragging ? 'dropzone is-dragging' : 'dropzone'}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>Drop PNG, JPEG, WebP or AVIF images here, or</p>
        <button type="button" onClick={() => input.current?.click()}>
          Choose files
        </button>
        <input
          ref={input}
          type="file"
          multiple
          accept="image/png,image/jpeg,image/webp,image/avif"
          hidden
          data-testid="upload-input"
          onChange={(event) => {
            if (event.target.files) start(event.target.files);
            event.target.value = '';
          }}
        />
      </div>
      {rows.length > 0 ? (
        <ul className="upload-list">
          {rows.map((row) => (
            <li key={row.key} className={`upload upload-${row.state}`} data-upload={row.name}>
              <span className="upload-name">{row.name}</span>
              <progress max={1} value={row.progress} aria-label={`Upload of ${row.name}`} />
              <span className="upload-state" role={row.state === 'failed' ? 'alert' : 'status'}>
                {row.state === 'uploading'
                  ? `${Math.round(row.progress * 100)} %`
                  : row.state === 'processing'
                    ? 'Checking the image…'
                    : row.message}
              </span>
              {row.state === 'uploading' ? (
                <button type="button" onClick={() => row.handle?.cancel()}>
                  Cancel
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
