import { getVariantService, imageRequestLog } from '@/lib/transform/app-variant-service';
import { serveImageRequest } from '@/lib/transform/serve-image';

// The handler reads the raw, still-encoded pathname from request.url, never the decoded params.
const handle = (request: Request) => serveImageRequest(request, getVariantService(), imageRequestLog);

export const GET = handle;
export const HEAD = handle;
export const POST = handle;
export const PUT = handle;
export const PATCH = handle;
export const DELETE = handle;
export const OPTIONS = handle;
