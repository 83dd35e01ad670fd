import { errorJson } from '@/lib/api/errors';
import { isDatabaseDown } from '@/lib/server/database-health';
import { isServerReady } from '@/lib/server/readiness';

export const dynamic = 'force-dynamic';

/**
 * Readiness for a load balancer, an orchestrator or a benchmark: 200 once this instance's start work
 * is done and its database answers, 503 (with Retry-After) before and during an outage.
 */
export function GET() {
  if (isDatabaseDown())
    return errorJson(
      'service_unavailable',
      'The database is unreachable; this instance answers 503 until it is back.',
      {
        'Retry-After': '1',
      },
    );
  if (!isServerReady())
    return errorJson('service_unavailable', 'This instance is still starting; try again in a second.', {
      'Retry-After': '1',
    });
  return Response.json({ status: 'ready' }, { headers: { 'Cache-Control': 'no-store' } });
}
