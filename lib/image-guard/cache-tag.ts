/**
 * The CDN cache tag of every variant of one source: the Worker tags what it fetches with it, and
 * unpublishing or deleting the source purges the tag, which drops all of its variants at once
 * (their URLs start with the transforms, so no URL prefix can select one source's variants).
 */
export function sourceCacheTag(storagePath: string): string {
  return `vitrine-${storagePath.replaceAll('/', '-')}`;
}
