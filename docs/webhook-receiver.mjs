// An example receiver for Outloud's generic JSON webhooks (README "Webhooks"). Node 20+, no
// dependencies. Run it with the secret the server showed when the hook was made:
//
//   OUTLOUD_WEBHOOK_SECRET=whsec_… PORT=9000 node docs/webhook-receiver.mjs
//
// It checks X-Outloud-Signature (HMAC-SHA256 over "<timestamp>.<raw body>"), refuses a timestamp
// more than five minutes from its clock (a replay), drops an event id it has already handled (a
// repeat after a sender crash), answers 2xx quickly and only then does the work.
import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const secret = process.env.OUTLOUD_WEBHOOK_SECRET;
if (!secret) throw new Error('set OUTLOUD_WEBHOOK_SECRET');
const TOLERANCE_SECONDS = 300;
const seen = new Set(); // use a database table in production, with a unique key on the id

export function verify(body, timestamp, signature, now = Math.floor(Date.now() / 1000)) {
  if (!/^\d{1,12}$/.test(timestamp ?? '') || !signature) return false;
  if (Math.abs(now - Number(timestamp)) > TOLERANCE_SECONDS) return false;
  const mac = createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  const expected = Buffer.from(`v1=${mac}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

const server = http.createServer((request, response) => {
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const ok = verify(
      body,
      request.headers['x-outloud-timestamp'],
      request.headers['x-outloud-signature'],
    );
    if (!ok) {
      response.writeHead(401).end('bad signature');
      return;
    }
    response.writeHead(204).end();
    const event = JSON.parse(body);
    if (seen.has(event.id)) return;
    seen.add(event.id);
    // The work: here, one line per event.
    const who = event.actor ? `@${event.actor.handle}` : 'someone';
    console.log(`${event.type} by ${who}: ${event.item?.permalink ?? event.item?.url ?? event.id}`);
  });
});
server.listen(Number(process.env.PORT ?? 9000), '127.0.0.1', () => {
  console.log(`listening on port ${server.address().port}`);
});
