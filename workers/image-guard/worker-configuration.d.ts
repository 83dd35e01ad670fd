// Hand-written equivalent of `wrangler types` for this Worker: the bindings in wrangler.jsonc, and the
// main module so that `exports.default` from 'cloudflare:workers' is typed in tests.
declare namespace Cloudflare {
  interface GlobalProps {
    mainModule: typeof import('./src/index');
  }
  interface Env {
    ALLOWED_HOSTS: string;
    ORIGIN_BASE_URL: string;
    /** Optional so that a deployment without the binding (or a unit test) still serves images. */
    IMAGE_RATE_LIMITER?: RateLimit;
  }
}
interface Env extends Cloudflare.Env {}
