import type { OutputFormat } from '../images/ladder';
import type { NormalizedTransform } from './normalize';

/**
 * `w-640,q-75` or `w-640,q-75,r-4x5`: the normalized transform in a fixed order. Height is left out
 * because it is a function of width and ratio; `x` stands for the ratio's ':' to keep keys path-safe.
 */
export function transformKey(transform: NormalizedTransform): string {
  const ratio = transform.ratio === null ? '' : `,r-${transform.ratio.replace(':', 'x')}`;
  return `w-${transform.width},q-${transform.quality}${ratio}`;
}

/**
 * The identity of one variant: `g/abc.jpg/w-640,q-75,r-4x5.avif`. Built only from normalized values,
 * so equal normalizations give equal keys; and it is injective, since the transform part and format
 * never contain '/', so the storage path is everything before the last '/'. The Node route names its
 * cache entries with it; the edge cache keys on the same information (origin URL + cf.image options).
 */
export function variantKey(
  storagePath: string,
  transform: NormalizedTransform,
  format: OutputFormat,
): string {
  return `${storagePath}/${transformKey(transform)}.${format}`;
}
