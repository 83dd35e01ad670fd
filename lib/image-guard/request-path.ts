/**
 * The path as every runtime sees it: parsed as a WHATWG URL, which resolves `.`/`..` segments
 * (`%2e%2e` included) and turns `\` into `/`, as the Worker's and Next's `request.url` already are.
 * Still percent-encoded otherwise: the guard refuses encoded slashes and the like instead of decoding
 * them. Node's http hands adapters the raw request target, so they must call this (the app's `/i/`
 * adapters, and scripts/serve.ts to route). Pure: the host imports it as is.
 */
export function normalizedPathname(url: string): string {
  // An origin-form target is a path even when it starts with `//`, which URL would read as a host.
  return new URL(url.startsWith('/') ? `http://localhost${url}` : url, 'http://localhost').pathname;
}
