import { listRevokedSources, REVOCATION_WINDOW_DAYS } from '@/lib/moderation/revocations';
import { appServices } from '@/lib/server/app-services';
import { route } from '@/lib/server/routes';

/**
 * The sources taken down in the last 8 days that no public row shows again: what every visitor's
 * service worker drops (public/sw.js). The same for everyone, so any cache may keep it 30 s: a
 * takedown reaches a visitor's worker within a minute of them opening a page (docs/moderation.md).
 */
const REVOCATIONS_MAX_AGE_S = 30;

export const GET = route(async () => {
  const { db } = await appServices().database();
  return Response.json(
    { sources: await listRevokedSources(db), windowDays: REVOCATION_WINDOW_DAYS },
    {
      headers: {
        'Cache-Control': `public, max-age=${REVOCATIONS_MAX_AGE_S}, s-maxage=${REVOCATIONS_MAX_AGE_S}`,
      },
    },
  );
});
