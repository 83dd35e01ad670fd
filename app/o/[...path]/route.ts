import { getObjectStore } from '@/lib/storage/get-object-store';
import { serveOriginal } from '@/lib/storage/serve-original';

const handle = (request: Request) => serveOriginal(request, getObjectStore());

export const GET = handle;
export const HEAD = handle;
