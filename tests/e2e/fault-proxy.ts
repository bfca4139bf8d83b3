/**
 * A fault-injecting HTTP proxy on 127.0.0.1 for the chaos tests: it stands between the
 * extension and the server and, for each request, draws from a seeded random source whether to
 * pass it, drop the connection, answer 500, answer 429 with `Retry-After`, stall for seconds
 * before forwarding, or forward it and then LOSE the server's answer (the server committed; the
 * client sees its connection die). The upstream address is asked for on every request, so the
 * server behind it can be killed and restarted at will (a 502 answers while it is down).
 */

import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { prng } from '../../scripts/lib/prng.ts';

/** What the proxy did to one request. */
export type FaultKind = 'pass' | 'drop' | 'error500' | 'tooMany' | 'stall' | 'loseResponse';

/** Probability of each fault per request (the rest pass untouched). */
export type FaultPlan = Partial<Record<Exclude<FaultKind, 'pass'>, number>>;

export type FaultProxyOptions = {
  /** The server's origin, asked for on every request (`http://127.0.0.1:PORT`). */
  upstream: () => string;
  /** Seed of the random source that picks faults and stall lengths. */
  seed: number;
  /** Faults while `enabled` (default: none, every request passes). */
  plan?: FaultPlan;
  /** Stall length bounds in milliseconds (default 1–3 s). */
  stallMs?: [number, number];
  /** The `Retry-After` a 429 carries, in seconds (default 1). */
  retryAfterSeconds?: number;
};

export type FaultProxy = {
  url: string;
  /** Turns fault injection on or off (off: a plain forwarding proxy). */
  setEnabled(on: boolean): void;
  /** How many requests met each fault so far, and how many the upstream answered at all. */
  counts(): Record<FaultKind | 'upstreamErrors', number>;
  close(): Promise<void>;
};

const FAULT_ORDER: Array<Exclude<FaultKind, 'pass'>> = [
  'drop',
  'error500',
  'tooMany',
  'stall',
  'loseResponse',
];

function pick(plan: FaultPlan, r: number): FaultKind {
  let edge = 0;
  for (const kind of FAULT_ORDER) {
    edge += plan[kind] ?? 0;
    if (r < edge) return kind;
  }
  return 'pass';
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

type Upstream = { status: number; headers: IncomingMessage['headers']; body: Buffer };

/** Sends the request on to the server and resolves with its whole answer. */
function forward(origin: string, req: IncomingMessage, body: Buffer): Promise<Upstream> {
  const target = new URL(origin);
  return new Promise((resolve, reject) => {
    const out = request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: target.host, connection: 'close' },
      },
      (res) => {
        readBody(res).then(
          (b) => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: b }),
          reject,
        );
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

function json(res: ServerResponse, status: number, code: string, extra: object = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...extra });
  res.end(JSON.stringify({ error: { code, message: `fault proxy: ${code}` } }));
}

/** Starts the proxy on an ephemeral port of 127.0.0.1. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const random = prng(options.seed);
  const [stallMin, stallMax] = options.stallMs ?? [1_000, 3_000];
  const counts: Record<FaultKind | 'upstreamErrors', number> = {
    pass: 0,
    drop: 0,
    error500: 0,
    tooMany: 0,
    stall: 0,
    loseResponse: 0,
    upstreamErrors: 0,
  };
  let enabled = false;

  const server = createServer(async (req, res) => {
    let body: Buffer;
    try {
      body = await readBody(req);
    } catch {
      return;
    }
    const kind = enabled ? pick(options.plan ?? {}, random()) : 'pass';
    const stall = stallMin + Math.floor(random() * (stallMax - stallMin));
    counts[kind]++;
    if (kind === 'drop') {
      req.socket.destroy();
      return;
    }
    if (kind === 'error500') return json(res, 500, 'internal');
    if (kind === 'tooMany') {
      return json(res, 429, 'rate-limited', {
        'retry-after': String(options.retryAfterSeconds ?? 1),
      });
    }
    if (kind === 'stall') await new Promise((r) => setTimeout(r, stall));
    let answer: Upstream;
    try {
      answer = await forward(options.upstream(), req, body);
    } catch {
      counts.upstreamErrors++;
      if (!res.destroyed) json(res, 502, 'bad-gateway');
      return;
    }
    if (kind === 'loseResponse') {
      // The server has done the work; the client never hears of it.
      req.socket.destroy();
      return;
    }
    if (res.destroyed) return;
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers.connection;
    res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    setEnabled(on) {
      enabled = on;
    },
    counts: () => ({ ...counts }),
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
