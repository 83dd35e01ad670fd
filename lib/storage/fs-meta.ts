import type fs from 'node:fs';
import { DEFAULT_CONTENT_TYPE, type ObjectInfo } from './object-store';

/** The fs store's JSON sidecar (`<root>/meta/<key>`): what S3 keeps as object metadata. */

export interface MetaFile {
  contentType: string;
  cacheControl?: string;
  size: number;
  etag: string;
}

export function parseMeta(text: string): MetaFile | null {
  try {
    const value = JSON.parse(text) as Partial<MetaFile> | null;
    if (typeof value?.contentType !== 'string' || typeof value.size !== 'number') return null;
    if (typeof value.etag !== 'string') return null;
    if (value.cacheControl !== undefined && typeof value.cacheControl !== 'string') return null;
    return value as MetaFile;
  } catch {
    return null;
  }
}

export function toInfo(key: string, stat: fs.Stats, meta: MetaFile | null): ObjectInfo {
  // The data file is the source of truth; a sidecar that disagrees on size describes other bytes.
  const matches = meta !== null && meta.size === stat.size;
  return {
    key,
    size: stat.size,
    contentType: meta?.contentType ?? DEFAULT_CONTENT_TYPE,
    cacheControl: meta?.cacheControl,
    etag: matches ? meta.etag : undefined,
    lastModified: stat.mtime,
  };
}
