import 'server-only';
import type { Actor } from '@/lib/auth/request-guard';
import { actorLabel } from '@/lib/moderation/generation-events';
import type { Uploader } from './ingest-upload';

/**
 * What a caller's generation records and the state it starts in: a curator's upload is their draft
 * (author: their e-mail's name); a `submit` token's waits as `submitted`; a `publish` token's is
 * ingested as a draft and published at once by the route. A token's default author is its name.
 */
export function uploaderOf(actor: Actor): Uploader {
  if (actor.kind === 'curator') {
    return {
      curatorId: actor.id,
      apiTokenId: null,
      defaultAuthor: actor.email.split('@')[0]!,
      status: 'draft',
      publishNext: false,
      by: actorLabel(actor),
    };
  }
  return {
    curatorId: null,
    apiTokenId: actor.id,
    defaultAuthor: actor.name,
    status: actor.scope === 'submit' ? 'submitted' : 'draft',
    publishNext: actor.scope === 'publish',
    by: actorLabel(actor),
  };
}

/** A `submit` token reads back only what it sent; everyone else reads every generation. */
export function readableBy(actor: Actor): { apiTokenId: string } | undefined {
  return actor.kind === 'token' && actor.scope === 'submit' ? { apiTokenId: actor.id } : undefined;
}
