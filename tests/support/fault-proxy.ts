import net from 'node:net';

/**
 * A TCP proxy in front of a real server (s3rver, Postgres) that can fail the way networks do:
 * `down()` stops listening and drops every connection (ECONNREFUSED, ECONNRESET), `stall()` keeps
 * accepting but never forwards a byte (a hung origin), `up()` forwards again on the same port.
 */
export interface FaultProxy {
  port: number;
  url(protocol: string): string;
  up(): Promise<void>;
  down(): Promise<void>;
  stall(): void;
  close(): Promise<void>;
}

export async function startFaultProxy(target: { host: string; port: number }): Promise<FaultProxy> {
  const sockets = new Set<net.Socket>();
  let mode: 'pass' | 'stall' = 'pass';
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    if (mode === 'stall') return; // accepted, never answered
    const upstream = net.connect(target.port, target.host);
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.address() as net.AddressInfo).port);
      });
    });
  const dropAll = () => {
    for (const socket of sockets) socket.destroy();
    sockets.clear();
  };
  const port = await listen(0);
  let listening = true;
  return {
    port,
    url: (protocol) => `${protocol}://127.0.0.1:${port}`,
    async up() {
      mode = 'pass';
      dropAll(); // stalled connections end, clients reconnect through a forwarding one
      if (!listening) {
        await listen(port);
        listening = true;
      }
    },
    async down() {
      dropAll();
      if (listening) {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        dropAll();
        await closed;
        listening = false;
      }
    },
    stall() {
      mode = 'stall';
      dropAll();
    },
    async close() {
      dropAll();
      if (listening) await new Promise<void>((resolve) => server.close(() => resolve()));
      listening = false;
    },
  };
}
