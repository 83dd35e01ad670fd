/**
 * `npm run curator -- add|remove|list|passwd [email]`: manages curator accounts; `token create|list|
 * revoke` manages the host app's API tokens (docs/publishing-api.md). The password comes
 * from CURATOR_PASSWORD, else from stdin (asked twice, without echo, on a terminal; the first line
 * otherwise). With the embedded database this refuses to run while `npm start` holds it, and says so:
 * PGlite allows one process per data directory.
 */
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import {
  addCurator,
  CuratorError,
  listCurators,
  removeCurator,
  setCuratorPassword,
} from '@/lib/auth/curators';
import {
  type ApiTokenScope,
  ApiTokenError,
  createApiToken,
  listApiTokens,
  parseTokenLifetime,
  revokeApiToken,
} from '@/lib/auth/api-tokens';
import type { Database } from '@/lib/db/client';
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';

const usage = [
  'Usage: npm run curator -- add <email> | remove <email> | passwd <email> | list',
  '       npm run curator -- token create <name> [--scope submit|publish] [--expires 90d|12h|never]',
  '       npm run curator -- token list | token revoke <name>',
].join('\n');

/** A token lives a year unless told otherwise: a forgotten one stops working on its own. */
const DEFAULT_TOKEN_LIFETIME = '365d';

/** `--name value` options after the positional arguments; anything unknown is a usage error. */
function tokenOptions(args: string[]): { scope: ApiTokenScope; lifetimeMs: number | null } {
  let scope = 'submit';
  let expires = DEFAULT_TOKEN_LIFETIME;
  for (let i = 0; i < args.length; i += 2) {
    const [flag, value] = [args[i], args[i + 1]];
    if (value === undefined) throw new ApiTokenError(`${flag} needs a value.\n${usage}`);
    if (flag === '--scope') scope = value;
    else if (flag === '--expires') expires = value;
    else throw new ApiTokenError(`Unknown option ${flag}.\n${usage}`);
  }
  if (scope !== 'submit' && scope !== 'publish') {
    throw new ApiTokenError(`--scope is submit or publish (got "${scope}").`);
  }
  return { scope, lifetimeMs: parseTokenLifetime(expires) };
}

/**
 * The token goes alone to stdout (so `TOKEN=$(npm run -s curator -- token create app)` works), what
 * it is to stderr; it is never printed again.
 */
async function tokenCommand(db: Database, args: string[]): Promise<number> {
  const [action, name, ...rest] = args;
  if (action === 'create' && name) {
    const { token, summary } = await createApiToken(db, { name, ...tokenOptions(rest) });
    console.error(
      `Created API token "${summary.name}" (scope ${summary.scope}, ${summary.expiresAt ? `expires ${summary.expiresAt}` : 'never expires'}).`,
    );
    console.error('It is shown this once; store it now (send it as Authorization: Bearer <token>):');
    console.log(token);
    return 0;
  }
  if (action === 'revoke' && name && rest.length === 0) {
    await revokeApiToken(db, name);
    console.log(`Revoked API token "${name}"; it stops working at once. What it sent stays.`);
    return 0;
  }
  if (action === 'list' && !name) {
    const tokens = await listApiTokens(db);
    if (tokens.length === 0)
      console.log('No API tokens yet. Make one with: npm run curator -- token create <name>');
    for (const token of tokens) {
      console.log(
        [
          token.name,
          token.scope,
          `created ${token.createdAt}`,
          token.expiresAt ? `expires ${token.expiresAt}` : 'never expires',
          token.lastUsedAt ? `last used ${token.lastUsedAt}` : 'never used',
        ].join('\t'),
      );
    }
    return 0;
  }
  console.error(usage);
  return 2;
}

async function readSecretLine(prompt: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stdout.write(chunk);
      callback();
    },
  });
  const reader = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve) => {
    reader.question(prompt, (answer) => {
      reader.close();
      process.stdout.write('\n');
      resolve(answer);
    });
    muted = true;
  });
}

async function readPassword(): Promise<string> {
  if (env.CURATOR_PASSWORD) return env.CURATOR_PASSWORD;
  if (!process.stdin.isTTY) {
    let text = '';
    for await (const chunk of process.stdin) text += chunk;
    return text.split(/\r?\n/)[0] ?? '';
  }
  const first = await readSecretLine('Password: ');
  const second = await readSecretLine('Again: ');
  if (first !== second) throw new CuratorError('The two passwords differ.');
  return first;
}

const [command, email] = process.argv.slice(2);
if (!command || (command !== 'list' && command !== 'token' && !email)) {
  console.error(usage);
  process.exit(2);
}

let exitCode = 0;
try {
  const handle = await openAppDatabase();
  try {
    switch (command) {
      case 'token':
        exitCode = await tokenCommand(handle.db, process.argv.slice(3));
        break;
      case 'add':
        console.log(`Added curator ${(await addCurator(handle.db, email!, await readPassword())).email}.`);
        break;
      case 'passwd':
        await setCuratorPassword(handle.db, email!, await readPassword());
        console.log(`New password set for ${email}; their sessions were ended.`);
        break;
      case 'remove':
        await removeCurator(handle.db, email!);
        console.log(`Removed curator ${email}; their uploads stay.`);
        break;
      case 'list': {
        const curators = await listCurators(handle.db);
        if (curators.length === 0)
          console.log('No curators yet. Add one with: npm run curator -- add <email>');
        for (const curator of curators) console.log(`${curator.email}\tadded ${curator.createdAt}`);
        break;
      }
      default:
        console.error(usage);
        exitCode = 2;
    }
  } finally {
    await handle.close();
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  exitCode = 1;
}
process.exit(exitCode);
