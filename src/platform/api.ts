/**
 * The REST client the background uses to reach the Outloud server (`Authorization: Bearer`).
 * Every failure becomes an `ApiError` with the HTTP status (0 when there was no answer), the
 * server's error code and message, `Retry-After` in milliseconds and, for a duplicate bookmark,
 * the existing id. The token never appears in an error or a log line.
 */

import { type AuthConfig, type Device, readAuthConfig, readDevices } from '../core/sign-in.ts';
import { parseRetryAfter } from '../core/sync-policy.ts';
import type {
  ChangesPage,
  FlagsList,
  Group,
  GroupDeleted,
  GroupInput,
  GroupRole,
  GroupsList,
  Member,
  MembersList,
  Moderation,
  Mutation,
  PageSummary,
  Person,
  SyncResponse,
} from '../core/wire.ts';
import type { OrgSize } from '../core/wire-read.ts';

/** A cursor page as the server's list routes answer. */
export type ChangesPageOf<T> = { items: T[]; cursor: string; hasMore: boolean };

export type Fetch = (input: string, init?: RequestInit) => Promise<Response>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    /** HTTP status, or 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterMs: number | null = null,
    readonly existingId: string | null = null,
  ) {
    super(message);
  }
}

/** `{ error: { code, message, existingId? } }` (or `{ error: code }`) from a body. */
export function errorOf(body: unknown): { code: string; message: string; existingId?: string } {
  const raw = (body as { error?: unknown } | null)?.error;
  // `{ error: 'token_expired' }`, the short form, reads as that code.
  if (typeof raw === 'string') return { code: raw, message: '' };
  const e = raw as { code?: unknown; message?: unknown; existingId?: unknown } | undefined;
  return {
    code: typeof e?.code === 'string' ? e.code : 'error',
    message: typeof e?.message === 'string' ? e.message : '',
    ...(typeof e?.existingId === 'string' ? { existingId: e.existingId } : {}),
  };
}

const TIMEOUT_MS = 30_000;

export type ApiOptions = {
  serverUrl: string;
  /** The bearer token; null for the routes that need none (auth config, code exchange). */
  token: string | null;
  fetch: Fetch;
  now?: () => number;
  /** How long a request may take before it counts as unanswered (default 30 s). */
  timeoutMs?: number;
};

/** A client for one server and token. */
export class Api {
  private readonly base: string;

  constructor(private readonly options: ApiOptions) {
    this.base = options.serverUrl.replace(/\/+$/, '');
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await this.options.fetch(`${this.base}${path}`, {
        method,
        headers: {
          ...(this.options.token === null ? {} : { authorization: `Bearer ${this.options.token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? TIMEOUT_MS),
      });
    } catch (err) {
      const reason = err instanceof Error && err.name === 'TimeoutError' ? 'timed out' : 'failed';
      throw new ApiError(0, 'network', `Could not reach ${this.base} (${reason}).`);
    }
    const text = await res.text().catch(() => '');
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!res.ok) {
      const e = errorOf(parsed);
      const now = this.options.now?.() ?? Date.now();
      throw new ApiError(
        res.status,
        parsed === null ? `http-${res.status}` : e.code,
        e.message || `The server answered ${res.status} ${res.statusText}`.trim(),
        parseRetryAfter(res.headers.get('retry-after'), now),
        e.existingId ?? null,
      );
    }
    if (text !== '' && parsed === null) {
      throw new ApiError(res.status, 'bad-response', `${this.base} did not answer with JSON.`);
    }
    return parsed as T;
  }

  me(): Promise<Person> {
    return this.request('GET', '/v1/me');
  }

  /** Pushes `mutations` of the outbox `outbox` (`SyncRequest`). */
  sync(mutations: Mutation[], outbox?: string): Promise<SyncResponse> {
    return this.request('POST', '/v1/sync', outbox ? { mutations, outbox } : { mutations });
  }

  changes(cursor: string | null, limit: number): Promise<ChangesPage> {
    const q = new URLSearchParams({ limit: String(limit) });
    if (cursor !== null) q.set('cursor', cursor);
    return this.request('GET', `/v1/changes?${q}`);
  }

  /** One item by type and id (`bookmark` → `/v1/bookmarks/{id}`). */
  item<T>(type: 'bookmark' | 'snippet' | 'status' | 'comment', id: string): Promise<T> {
    return this.request('GET', `/v1/${type === 'status' ? 'statuses' : `${type}s`}/${id}`);
  }

  page(urlKey: string): Promise<PageSummary> {
    return this.request('GET', `/v1/pages/${urlKey}`);
  }

  /** One page of summaries for every page whose urlKey starts with `prefix`. */
  pagesByPrefix(prefix: string, cursor = ''): Promise<Partial<ChangesPageOf<PageSummary>>> {
    const q = new URLSearchParams({ prefix, limit: '100' });
    if (cursor !== '') q.set('cursor', cursor);
    return this.request('GET', `/v1/pages?${q}`);
  }

  /** The organisation's size and the range mode's prefix length. */
  org(): Promise<OrgSize> {
    return this.request('GET', '/v1/org');
  }

  /** What the server offers for signing in (no token needed). */
  async authConfig(): Promise<AuthConfig> {
    return readAuthConfig(await this.request('GET', '/v1/auth/config'));
  }

  /** Exchanges the one-time sign-in code and its PKCE verifier for a device token. */
  exchangeCode(body: { code: string; code_verifier: string; device: string }): Promise<{
    token: string;
    person: Person;
    device?: Device;
  }> {
    return this.request('POST', '/v1/auth/token', body);
  }

  /** The person's devices (live tokens), this one marked. */
  async devices(): Promise<Device[]> {
    return readDevices(await this.request('GET', '/v1/me/devices'));
  }

  /** Revokes device `id` (`current`: the token making the request, i.e. signing out). */
  async revokeDevice(id: string): Promise<void> {
    await this.request('DELETE', `/v1/me/devices/${encodeURIComponent(id)}`);
  }

  /** The groups the caller may see (`GET /v1/groups`). */
  groups(): Promise<GroupsList> {
    return this.request('GET', '/v1/groups');
  }

  /** Creates group `id` (the caller its owner) or edits it. */
  putGroup(id: string, input: GroupInput): Promise<Group> {
    return this.request('PUT', `/v1/groups/${encodeURIComponent(id)}`, input);
  }

  /** Deletes group `id` (owners); items shared with it alone become private to their authors. */
  deleteGroup(id: string): Promise<GroupDeleted> {
    return this.request('DELETE', `/v1/groups/${encodeURIComponent(id)}`);
  }

  /** Group `id`'s members and, to its moderators, the pending requests. */
  members(id: string): Promise<MembersList> {
    return this.request('GET', `/v1/groups/${encodeURIComponent(id)}/members`);
  }

  /** Adds `handle` to group `id` with `role`, or changes their role (joining: oneself). */
  putMember(id: string, handle: string, role: GroupRole): Promise<Member> {
    const path = `/v1/groups/${encodeURIComponent(id)}/members/${encodeURIComponent(handle)}`;
    return this.request('PUT', path, { role });
  }

  /** Takes `handle` out of group `id` (leaving, when it is the caller). */
  async deleteMember(id: string, handle: string): Promise<void> {
    const path = `/v1/groups/${encodeURIComponent(id)}/members/${encodeURIComponent(handle)}`;
    await this.request('DELETE', path);
  }

  /** Asks to join closed group `id`. */
  requestToJoin(id: string): Promise<Group> {
    return this.request('POST', `/v1/groups/${encodeURIComponent(id)}/requests`);
  }

  /** A moderator's answer to `handle`'s request to join group `id`. */
  async decideRequest(id: string, handle: string, approve: boolean): Promise<void> {
    const path = `/v1/groups/${encodeURIComponent(id)}/requests/${encodeURIComponent(handle)}`;
    await this.request('PUT', path, { approve });
  }

  /** Hides item `id` from all but its author and its moderators. */
  hideItem(id: string, reason: string): Promise<Moderation> {
    return this.request('PUT', `/v1/items/${encodeURIComponent(id)}/hidden`, { reason });
  }

  /** Shows hidden item `id` again. */
  unhideItem(id: string): Promise<Moderation> {
    return this.request('DELETE', `/v1/items/${encodeURIComponent(id)}/hidden`);
  }

  /** The flags on what the caller moderates (`GET /v1/flags`). */
  flags(): Promise<FlagsList> {
    return this.request('GET', '/v1/flags');
  }

  people(q: string, limit: number): Promise<{ items: Person[] } | Person[]> {
    return this.request('GET', `/v1/people?${new URLSearchParams({ q, limit: String(limit) })}`);
  }
}

/** The list inside a `{ items }` page or a bare array (the server's list routes). */
export function listOf<T>(body: { items: T[] } | T[] | null | undefined): T[] {
  if (Array.isArray(body)) return body;
  return body?.items ?? [];
}
