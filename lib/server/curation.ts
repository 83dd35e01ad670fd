import 'server-only';
import type { PublishingDeps } from '@/lib/curation/publishing';
import { appServices } from './app-services';

/** Publishing over the process's database, stores, variant service and CDN purger. */
export async function publishingDeps(): Promise<PublishingDeps> {
  const services = appServices();
  const { db } = await services.database();
  return {
    db,
    stores: services.stores,
    variants: services.variants,
    cdn: services.cdn,
    background: services.background,
  };
}
