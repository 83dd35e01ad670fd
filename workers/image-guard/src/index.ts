import { handleImageRequest } from './handler';

/**
 * The `/i/` image guard: policy from lib/image-guard; bytes from the stored display set for emitted
 * variants, from Cloudflare's `cf.image` for the rest.
 */
export default {
  async fetch(request, env, _ctx) {
    return handleImageRequest(request, env);
  },
} satisfies ExportedHandler<Env>;
