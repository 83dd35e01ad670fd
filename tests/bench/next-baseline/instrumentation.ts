/**
 * The baseline has nothing to start. Without this file Next, which takes the repository root as the
 * build root (the lockfile is there), would pick up the product's instrumentation.ts.
 */
export function register() {}
