import { register } from 'node:module';

register('./resolve-server-only.mjs', import.meta.url);
