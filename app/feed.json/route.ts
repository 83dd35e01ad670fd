import { syndicationRoute } from '@/lib/server/syndication-route';

export const GET = syndicationRoute('json');
