/**
 * An HTTP proxy on 127.0.0.1 between the extension and the server for the end-to-end tests: it
 * logs the path of every request (so a test sees what the extension asked, and with which
 * cursor or prefix) and can hold, release or cut `/v1/changes` requests, to interrupt a sync at
 * a known page.
 */
import { createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Gate = Awaited<ReturnType<typeof gate>>;

/**
 * A proxy that logs every request's path and holds `/v1/changes` requests after the first
 * `pass` (all of them pass with `Infinity`: a logging proxy).
 */
export async function gate(upstream: string, pass: number) {
  const log: string[] = [];
  let open = false;
  let cutting = false;
  let passed = 0;
  const held: Array<{ url: string; res: ServerResponse; forward: () => void }> = [];
  const forwardOf = (req: IncomingMessage, res: ServerResponse) => () => {
    const target = new URL(req.url ?? '/', upstream);
    const out = request(target, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  };
  const server = createServer((req, res) => {
    const url = req.url ?? '';
    log.push(url);
    const forward = forwardOf(req, res);
    if (cutting && url.startsWith('/v1/changes')) res.destroy();
    else if (!url.startsWith('/v1/changes') || open || passed++ < pass) forward();
    else held.push({ url, res, forward });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    log,
    /** The URLs of the requests held now. */
    heldUrls: () => held.map((h) => h.url),
    /** Lets everything through from now on, the requests held so far too. */
    open() {
      open = true;
      cutting = false;
      for (const h of held.splice(0)) h.forward();
    },
    /**
     * Cuts the held requests off, and every `/v1/changes` that arrives until `open`, as a
     * network that went away does. (Chromium's network stack retries a request whose reused
     * connection closed before any answer once on a new connection, below the offline
     * emulation: that retry arrives here and is cut too.)
     */
    cut() {
      cutting = true;
      for (const h of held.splice(0)) h.res.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
