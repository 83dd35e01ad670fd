/**
 * `npm run curator -- add|remove|list|passwd [email]`: manages curator accounts. The password comes
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
import { openAppDatabase } from '@/lib/db/open-app-database';
import { env } from '@/lib/env';

const usage = 'Usage: npm run curator -- add <email> | remove <email> | passwd <email> | list';

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
if (!command || (command !== 'list' && !email)) {
  console.error(usage);
  process.exit(2);
}

let exitCode = 0;
try {
  const handle = await openAppDatabase();
  try {
    switch (command) {
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
