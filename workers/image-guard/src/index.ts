import { handleImageRequest } from './handler';

/** The `/i/` image guard: policy from lib/image-guard, pixels from Cloudflare's `cf.image`. */
export default {
  async fetch(request, env, _ctx) {
    return handleImageRequest(request, env);
  },
} satisfies ExportedHandler<Env>;
