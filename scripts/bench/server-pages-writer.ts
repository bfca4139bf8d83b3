/**
 * The page-engagement benchmark's writer, run as a child process (`server-pages-writer.ts
 * <port> <token> <per-second>`) so that autocannon's load in the parent cannot delay it: it puts
 * new bookmarks of pages nobody looks up (`PUT /v1/bookmarks/{id}`, a fresh id and a fresh URL
 * each, so no write is a duplicate of another, in this round or any other) at `per-second`
 * writes a second until its stdin closes, then prints one JSON line: writes that answered 201,
 * failures with the first reason of each kind, the window in seconds and the writes' latencies.
 *
 * Pacing is by timestamps, not `setInterval`: write number n is due at start + n / rate, and
 * every wake-up sends all writes that are due, so a late timer is caught up instead of lost.
 * Requests go through a dedicated keep-alive `http.Agent` with enough sockets that a slow answer
 * does not hold the next write back.
 */
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';

const [portArg, token, rateArg] = process.argv.slice(2);
const port = Number(portArg);
const rate = Number(rateArg);
if (!port || !token || !(rate > 0)) {
  console.error('usage: server-pages-writer.ts <port> <token> <writes-per-second>');
  process.exit(2);
}

const agent = new Agent({ keepAlive: true, maxSockets: 32 });
let written = 0;
const failures = new Map<string, { count: number; first: string }>();
const latencies: number[] = [];
const inFlight = new Set<Promise<void>>();

function fail(kind: string, detail: string): void {
  const known = failures.get(kind);
  if (known) known.count++;
  else failures.set(kind, { count: 1, first: detail.slice(0, 160) });
}

/** One new bookmark; resolves when it is answered (or failed). */
function write(): Promise<void> {
  const id = randomUUID();
  const body = JSON.stringify({ url: `https://elsewhere.example/${id}` });
  const started = performance.now();
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/v1/bookmarks/${id}`,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
        timeout: 30_000,
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => {
          latencies.push(performance.now() - started);
          if (res.statusCode === 201) written++;
          else fail(String(res.statusCode), `${res.statusCode} ${text}`);
          resolve();
        });
        res.on('error', (error) => {
          fail(error.message, error.message);
          resolve();
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer in 30 s')));
    req.on('error', (error) => {
      fail(error.message, error.message);
      resolve();
    });
    req.end(body);
  });
}

const start = performance.now();
let sent = 0;
let stopped = false;
let timer: NodeJS.Timeout | undefined;

function tick(): void {
  if (stopped) return;
  const due = Math.floor(((performance.now() - start) / 1000) * rate) + 1;
  for (; sent < due; sent++) {
    const p = write();
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }
  const next = start + (sent / rate) * 1000;
  timer = setTimeout(tick, Math.max(0, next - performance.now()));
}

tick();
console.log('writing');

process.stdin.resume();
process.stdin.on('end', async () => {
  stopped = true;
  clearTimeout(timer);
  const seconds = (performance.now() - start) / 1000;
  await Promise.all(inFlight);
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    sorted.length
      ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!
      : 0;
  const failed = [...failures.values()].reduce((sum, f) => sum + f.count, 0);
  console.log(
    JSON.stringify({
      sent,
      written,
      failed,
      reasons: [...failures.entries()].map(([kind, f]) => `${f.count}× ${kind} (${f.first})`),
      seconds,
      p50: at(50),
      p99: at(99),
    }),
  );
  process.exit(0);
});
