// A module resolution hook for the app server process: `server-only` resolves to its empty
// module, as it does inside Next's server build. (The `react-server` condition the CLI scripts use
// would also hand Next itself React's server build, so this process cannot use it.)
const empty = new URL('../node_modules/server-only/empty.js', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'server-only') return { url: empty, shortCircuit: true };
  return nextResolve(specifier, context);
}
