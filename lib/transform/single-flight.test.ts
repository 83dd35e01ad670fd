import { describe, expect, it } from 'vitest';
import { createSingleFlight } from './single-flight';

function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Ten concurrent callers of one key, all waiting on `work`; `calls` counts how often it was started. */
function tenCallers(flight: ReturnType<typeof createSingleFlight<string>>, work: Promise<string>) {
  let calls = 0;
  const results = Array.from({ length: 10 }, () =>
    flight.run('k', () => {
      calls++;
      return work;
    }),
  );
  return { results, calls: () => calls };
}

describe('createSingleFlight', () => {
  it('runs fn once for 10 concurrent calls with one key, and everyone gets its result', async () => {
    const flight = createSingleFlight<string>();
    const gate = deferred<string>();
    const { results, calls } = tenCallers(flight, gate.promise);
    expect(flight.size()).toBe(1);
    gate.resolve('value');
    expect(await Promise.all(results)).toEqual(Array(10).fill('value'));
    expect(calls()).toBe(1);
    expect(flight.size()).toBe(0);
  });

  it('keeps different keys apart', async () => {
    const flight = createSingleFlight<string>();
    const results = await Promise.all(
      ['a', 'b', 'a'].map((key) => flight.run(key, async () => key.toUpperCase())),
    );
    expect(results).toEqual(['A', 'B', 'A']);
  });

  it('gives an error to every waiting caller and does not cache it', async () => {
    const flight = createSingleFlight<string>();
    const gate = deferred<string>();
    const { results, calls } = tenCallers(flight, gate.promise);
    gate.reject(new Error('boom'));
    const settled = await Promise.allSettled(results);
    expect(settled.every((r) => r.status === 'rejected' && (r.reason as Error).message === 'boom')).toBe(
      true,
    );
    expect(calls()).toBe(1);
    expect(flight.size()).toBe(0);

    // The failure is not kept: the next call for the key runs its own function.
    await expect(flight.run('k', async () => 'recovered')).resolves.toBe('recovered');
  });

  it('frees the key after success too: a later call runs fn again', async () => {
    const flight = createSingleFlight<number>();
    let calls = 0;
    await flight.run('k', async () => ++calls);
    await expect(flight.run('k', async () => ++calls)).resolves.toBe(2);
  });

  it('turns a synchronous throw into a shared rejection', async () => {
    const flight = createSingleFlight<number>();
    const fn = () => {
      throw new Error('sync');
    };
    await expect(flight.run('k', fn)).rejects.toThrow('sync');
    expect(flight.size()).toBe(0);
  });
});
