import { readJsonBody } from '@/lib/api/read-json';
import { clientAddress } from '@/lib/auth/request-guard';
import { fileReport, reportRequestSchema, reporterKeyOf } from '@/lib/moderation/reports';
import { appServices } from '@/lib/server/app-services';
import { route } from '@/lib/server/routes';

/**
 * A visitor reports a public generation (lib/moderation/reports.ts): no login; 404 for anything not
 * public, 429 with Retry-After past a limit.
 */
export const POST = route(async (request: Request) => {
  const report = reportRequestSchema.parse(await readJsonBody(request, 4 * 1024));
  const services = appServices();
  const { db } = await services.database();
  const filed = await fileReport(db, report, reporterKeyOf(services.secret, clientAddress(request)));
  return Response.json(filed, { status: 201, headers: { 'Cache-Control': 'no-store' } });
});
