import 'server-only';
import { PoolSaturatedError, type TransformPool } from './transform-pool';

/**
 * Who gets the transform pool's room for background work, and when (docs/curation.md, "Visitors
 * first, then publishes"). Visitors never wait for it: background work starts only when the pool has
 * room (`hasBackgroundRoom`). Among background work, a curator's or host app's publish goes before
 * the backfill of the demo and of old rows, and publishes go in the order they started, so the first
 * one is live after its own encodes, not after everyone's. One gate per pool; it looks for room every
 * `POLL_MS` while anyone waits and at once whenever background work it started ends.
 */
export type BackgroundPriority = 'publish' | 'backfill';

const rank: Record<BackgroundPriority, number> = { publish: 0, backfill: 1 };
/** The pool says nothing when a visitor's transform ends: room is looked for this often. */
const POLL_MS = 10;
/**
 * How long a make that is between two widths keeps its turn (from the moment one ends to the moment
 * it asks for the next): without it, whoever waits behind would take the room each time a width ends,
 * and a publish would alternate with the backfill instead of going first. A make that does not ask
 * again within this (a slow source read) lets the next one in.
 */
const TURN_GRACE_MS = 250;

/** Whose turn it is: the class, then the order its make began, then the order it asked. */
interface BackgroundTicket {
  priority: BackgroundPriority;
  /** Increasing, once per make: earlier makes go first within their class. */
  make: number;
}

interface Session {
  ticket: BackgroundTicket;
  /** When its last width ended, while it has none waiting or running; null otherwise. */
  idleSince: number | null;
}

interface Waiter {
  ticket: BackgroundTicket;
  asked: number;
  start: () => void;
}

/**
 * Whether background work may take a slot now: nobody waiting, and with two slots or more it leaves
 * one free, so a visitor's cold variant always finds a slot that only other visitors can hold.
 */
function hasBackgroundRoom(pool: TransformPool): boolean {
  const { running, queued, concurrency } = pool.stats();
  return queued === 0 && concurrency - running >= Math.min(2, concurrency);
}

function ticketBefore(a: BackgroundTicket, b: BackgroundTicket): boolean {
  const ra = rank[a.priority];
  const rb = rank[b.priority];
  return ra !== rb ? ra < rb : a.make < b.make;
}

function before(a: Waiter, b: Waiter): boolean {
  if (a.ticket.make === b.ticket.make) return a.asked < b.asked;
  return ticketBefore(a.ticket, b.ticket);
}

class BackgroundGate {
  private readonly waiting: Waiter[] = [];
  readonly sessions = new Set<Session>();
  private asked = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly pool: TransformPool) {}

  /** An earlier make that is between two widths keeps its turn for a moment (TURN_GRACE_MS). */
  private heldFor(waiter: Waiter, now: number): number {
    let held = 0;
    for (const session of this.sessions) {
      if (session.idleSince === null || !ticketBefore(session.ticket, waiter.ticket)) continue;
      held = Math.max(held, session.idleSince + TURN_GRACE_MS - now);
    }
    return held;
  }

  /** Starts whoever's turn it is, as long as the pool has room; admission is synchronous, so one at a time. */
  pump = (): void => {
    clearTimeout(this.timer);
    this.timer = undefined;
    let wait = POLL_MS;
    while (this.waiting.length > 0 && hasBackgroundRoom(this.pool)) {
      const held = this.heldFor(this.waiting[0]!, Date.now());
      if (held > 0) {
        wait = Math.min(held, TURN_GRACE_MS);
        break;
      }
      this.waiting.shift()!.start();
    }
    if (this.waiting.length > 0) this.timer = setTimeout(this.pump, wait);
  };

  run<T>(session: Session, fn: () => Promise<T>, options: BackgroundOptions) {
    const { ticket } = session;
    const { signal, maxWaitMs, tooLong } = options;
    const asked = Date.now();
    return new Promise<T>((resolve, reject) => {
      const waiter: Waiter = {
        ticket,
        asked: this.asked++,
        start: () => {
          cleanup();
          session.idleSince = null;
          this.pool
            .run(fn)
            .then(resolve, (error: unknown) =>
              reject(
                error instanceof PoolSaturatedError
                  ? new Error('The pool refused background work it had room for', { cause: error })
                  : error,
              ),
            )
            // What ends frees room: the next in line starts now, not at the next poll.
            .finally(() => {
              session.idleSince = Date.now();
              this.pump();
            });
        },
      };
      const leave = (reason: unknown) => {
        const at = this.waiting.indexOf(waiter);
        if (at === -1) return;
        this.waiting.splice(at, 1);
        cleanup();
        reject(reason);
      };
      const onAbort = () => leave(signal?.reason ?? new DOMException('Aborted', 'AbortError'));
      const timeout = setTimeout(() => leave(tooLong(Date.now() - asked)), maxWaitMs);
      const cleanup = () => {
        clearTimeout(timeout);
        signal?.removeEventListener('abort', onAbort);
      };
      if (signal?.aborted) {
        cleanup();
        return reject(signal.reason);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      const at = this.waiting.findIndex((other) => before(waiter, other));
      this.waiting.splice(at === -1 ? this.waiting.length : at, 0, waiter);
      this.pump();
    });
  }
}

export interface BackgroundOptions {
  signal?: AbortSignal;
  /** How long to wait for a turn; then it rejects with `tooLong(waitedMs)` (nothing has started). */
  maxWaitMs: number;
  tooLong: (waitedMs: number) => Error;
}

const gates = new WeakMap<TransformPool, BackgroundGate>();
let makes = 0;

/** One display-set make's turns at the pool: its members run one after another through `run`. */
export interface BackgroundSession {
  /**
   * Runs `fn` in the pool as background work, in its turn. While still waiting it can be aborted
   * (the signal's reason) or run out of time (`tooLong`); once started it runs to its end.
   */
  run<T>(fn: () => Promise<T>, options: BackgroundOptions): Promise<T>;
  /** The make is over: it no longer keeps its turn between members. */
  close(): void;
}

/** Opens a make's session on `pool`'s gate: publishes before backfills, earlier makes first. */
export function openBackgroundSession(pool: TransformPool, priority: BackgroundPriority): BackgroundSession {
  let gate = gates.get(pool);
  if (!gate) {
    gate = new BackgroundGate(pool);
    gates.set(pool, gate);
  }
  const owner = gate;
  const session: Session = { ticket: { priority, make: makes++ }, idleSince: null };
  owner.sessions.add(session);
  return {
    run: (fn, options) => owner.run(session, fn, options),
    close() {
      owner.sessions.delete(session);
      owner.pump();
    },
  };
}
