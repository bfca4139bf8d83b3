/**
 * A webhook receiver for the tests, on 127.0.0.1: records every request (headers and raw body,
 * in arrival order) and answers as the test scripts it: 200 by default, or per request a status
 * (with headers such as `Retry-After`), a stall (no answer until the sender gives up), a cut
 * connection, or a hold (the test decides when, and whether, to answer).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Received = {
  at: number;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
};

export type Answer =
  | { status: number; headers?: Record<string, string> }
  | { stall: true }
  | { cut: true }
  | { hold: (answer: (status: number) => void) => void };

export type Receiver = {
  /** `http://127.0.0.1:PORT` */
  url: string;
  received: Received[];
  /** How to answer the next requests to `path` (in order); afterwards 200. */
  script(path: string, answers: Answer[]): void;
  /** Resolves once `count` requests to `path` (or to any path) have arrived. */
  waitFor(count: number, path?: string, timeoutMs?: number): Promise<Received[]>;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const scripts = new Map<string, Answer[]>();
  const waiters: Array<() => void> = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => {
      const path = request.url ?? '/';
      received.push({
        at: Date.now(),
        path,
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      for (const wake of waiters.splice(0)) wake();
      const answer = scripts.get(path)?.shift() ?? { status: 200 };
      if ('stall' in answer) return;
      if ('cut' in answer) {
        request.socket.destroy();
        return;
      }
      if ('hold' in answer) {
        answer.hold((status) => {
          if (!response.destroyed) response.writeHead(status).end('ok');
        });
        return;
      }
      response.writeHead(answer.status, answer.headers ?? {}).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    script(path, answers) {
      scripts.set(path, [...answers]);
    },
    async waitFor(count, path, timeoutMs = 20_000) {
      const matching = () => received.filter((r) => path === undefined || r.path === path);
      const deadline = Date.now() + timeoutMs;
      while (matching().length < count) {
        if (Date.now() > deadline) {
          throw new Error(
            `receiver: ${matching().length} of ${count} requests to ${path ?? 'any path'} arrived`,
          );
        }
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 200);
        });
      }
      return matching();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls `check` every 30 ms until it holds; throws after 15 s naming `what`. */
export async function waitFor(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 30));
  }
}
