import { appServices } from '@/lib/server/app-services';
import { serveOriginal } from '@/lib/storage/serve-original';

const handle = (request: Request) => serveOriginal(request, appServices().stores.public);

export const GET = handle;
export const HEAD = handle;
