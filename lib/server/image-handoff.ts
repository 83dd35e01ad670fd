import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The one value Next's server bundle hands to the process that hosts it (scripts/serve.ts): the Node
 * handler for `/i/`, bound to the bundle's own resources (lib/server/app-services.ts). The host loads
 * no product code of its own, so `npm start` has one copy of every resource. No Node imports beyond
 * types: the host imports this file as is.
 */
export type NodeRequestHandler = (request: IncomingMessage, response: ServerResponse) => void;

const handoffKey = Symbol.for('vitrine.node-image-handler');
type Handoff = { [handoffKey]?: NodeRequestHandler };

/** Called by instrumentation.ts when Next starts. */
export function provideNodeImageHandler(handler: NodeRequestHandler): void {
  (globalThis as Handoff)[handoffKey] = handler;
}

/** Called by the host after `app.prepare()`; undefined when Next's instrumentation did not run. */
export function takeNodeImageHandler(): NodeRequestHandler | undefined {
  return (globalThis as Handoff)[handoffKey];
}
