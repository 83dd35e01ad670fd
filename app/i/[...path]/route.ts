import { appServices } from '@/lib/server/app-services';
import { serveImageRequest } from '@/lib/transform/serve-image';

// `npm start` answers /i/ before Next's router (scripts/serve.ts); this route serves the same contract
// under `next dev` or a plain `next start`. It reads the raw URL, never the decoded params.
const handle = (request: Request) => {
  const { variants, imageGuard } = appServices();
  return serveImageRequest(request, variants, imageGuard);
};

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
