import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  isTrackingParam,
  MAX_URL_LENGTH,
  normalizeUrl,
  pageIdentity,
  registrableDomain,
  stripSecrets,
  UrlError,
  urlKey,
} from '../../../src/core/url.ts';

/** Property tests run hundreds of cases; give them room on a loaded machine. */
const PROPERTY_TIMEOUT = 60_000;

/** [input, normalised] pairs taken from real sites. */
const NORMALISED: Array<[string, string]> = [
  // news, with campaign tracking
  [
    'https://www.theguardian.com/technology/2024/mar/01/ai-story?utm_source=newsletter&utm_medium=email&CMP=Share_iOSApp_Other',
    'https://www.theguardian.com/technology/2024/mar/01/ai-story?CMP=Share_iOSApp_Other',
  ],
  [
    'https://www.nytimes.com/2024/01/15/us/politics/story.html?smid=nytcore-ios-share&referringSource=articleShare',
    'https://www.nytimes.com/2024/01/15/us/politics/story.html?referringSource=articleShare&smid=nytcore-ios-share',
  ],
  [
    'https://www.bbc.co.uk/news/world-12345678?at_medium=RSS&fbclid=IwAR0abc',
    'https://www.bbc.co.uk/news/world-12345678?at_medium=RSS',
  ],
  ['HTTP://WWW.Example.COM:80/Path/To?b=2&a=1', 'https://www.example.com/Path/To?a=1&b=2'],
  // docs with a plain fragment (dropped) and with a text fragment (dropped)
  [
    'https://developer.mozilla.org/en-US/docs/Web/API/URL#instance_properties',
    'https://developer.mozilla.org/en-US/docs/Web/API/URL',
  ],
  ['https://nodejs.org/api/url.html#:~:text=WHATWG%20URL,-API', 'https://nodejs.org/api/url.html'],
  [
    'https://docs.python.org/3/library/urllib.parse.html',
    'https://docs.python.org/3/library/urllib.parse.html',
  ],
  // search results: query kept, sorted, tracking removed
  [
    'https://www.google.com/search?q=working+out+loud&oq=working&sourceid=chrome&ie=UTF-8&gclid=abc',
    'https://www.google.com/search?ie=UTF-8&oq=working&q=working+out+loud&sourceid=chrome',
  ],
  [
    'https://duckduckgo.com/?q=url%20normalisation&t=h_&ia=web',
    'https://duckduckgo.com/?ia=web&q=url%20normalisation&t=h_',
  ],
  // GitHub: `ref` is a branch, not tracking
  [
    'https://github.com/org/repo/blob/main/README.md?ref=v2&plain=1#L10-L20',
    'https://github.com/org/repo/blob/main/README.md?plain=1&ref=v2',
  ],
  // intranet-style hosts, ports, paths
  ['http://intranet/wiki/Team%20Pages/Onboarding', 'https://intranet/wiki/Team%20Pages/Onboarding'],
  ['http://wiki.corp.local:8080/display/ENG/Home', 'https://wiki.corp.local:8080/display/ENG/Home'],
  ['https://10.0.0.12:443/dashboard/', 'https://10.0.0.12/dashboard/'],
  ['http://[::1]:3000/x', 'https://[::1]:3000/x'],
  [
    'https://sharepoint.corp.example.com/sites/HR/Shared%20Documents/Forms/AllItems.aspx?id=%2fsites%2fHR',
    'https://sharepoint.corp.example.com/sites/HR/Shared%20Documents/Forms/AllItems.aspx?id=%2Fsites%2FHR',
  ],
  // IDN hosts to punycode
  ['https://bücher.de/katalog', 'https://xn--bcher-kva.de/katalog'],
  ['https://MÜNCHEN.de/', 'https://xn--mnchen-3ya.de/'],
  ['https://例え.jp/パス', 'https://xn--r8jz45g.jp/%E3%83%91%E3%82%B9'],
  // SPA routes kept, text fragments after them dropped
  ['https://mail.example.com/app#/inbox/42', 'https://mail.example.com/app#/inbox/42'],
  ['https://example.com/#!/profile/alice', 'https://example.com/#!/profile/alice'],
  ['https://example.com/app#/route:~:text=hello', 'https://example.com/app#/route'],
  // empty path, empty query, trailing dot, default ports, userinfo, secrets
  ['https://example.com', 'https://example.com/'],
  ['https://example.com/?', 'https://example.com/'],
  ['https://example.com./a', 'https://example.com/a'],
  ['http://example.com:443/', 'https://example.com/'],
  ['https://user:secret@example.com/x?token=abc&page=2', 'https://example.com/x?page=2'],
  // percent-encoding: uppercase hex, unreserved decoded, the rest kept
  [
    'https://example.com/%7euser/a%2fb?q=%e2%82%ac%41',
    'https://example.com/~user/a%2Fb?q=%E2%82%ACA',
  ],
  // stable sort: repeated names keep their order
  ['https://example.com/?b=1&a=3&b=0&a=2', 'https://example.com/?a=3&a=2&b=1&b=0'],
  // tracking prefixes, case-insensitive
  ['https://example.com/p?UTM_Source=x&pk_campaign=y&mtm_kwd=z&id=7', 'https://example.com/p?id=7'],
];

describe('normalizeUrl', () => {
  it.each(NORMALISED)('%s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
    expect(normalizeUrl(expected)).toBe(expected);
  });

  it('refuses what is not an http(s) URL, with a typed code', () => {
    const cases: Array<[string, string]> = [
      ['', 'invalid'],
      ['example.com/page', 'invalid'],
      ['http://', 'invalid'],
      ['ftp://example.com/file', 'scheme'],
      ['javascript:alert(1)', 'scheme'],
      ['file:///etc/passwd', 'scheme'],
      ['chrome://extensions', 'scheme'],
      ['data:text/html,hi', 'scheme'],
      [`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`, 'too-long'],
    ];
    for (const [input, code] of cases) {
      let error: unknown;
      try {
        normalizeUrl(input);
      } catch (e) {
        error = e;
      }
      expect(error, input).toBeInstanceOf(UrlError);
      expect((error as UrlError).code, input).toBe(code);
    }
  });

  it('treats http and https of the same URL as one page', () => {
    expect(normalizeUrl('http://example.com/a?x=1')).toBe(
      normalizeUrl('https://example.com/a?x=1'),
    );
  });

  it(
    'is idempotent on arbitrary web URLs',
    () => {
      fc.assert(
        fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
          const once = normalizeUrl(url);
          expect(normalizeUrl(once)).toBe(once);
          expect(once.startsWith('https://')).toBe(true);
          // A fragment directive never survives; `:~:` in a query (`?:~:`) is the page's own.
          expect(new URL(once).hash).not.toContain(':~:');
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT,
  );

  it(
    'is stable under tracking parameters, parameter order, fragments and scheme',
    () => {
      const param = fc.tuple(
        fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/),
        fc.stringMatching(/^[a-z0-9]{0,6}$/),
      );
      fc.assert(
        fc.property(
          fc.webUrl(),
          fc.uniqueArray(param, { selector: ([k]) => k, maxLength: 5 }),
          fc.subarray(['utm_source=x', 'fbclid=y', 'gclid=z', 'mc_eid=1', '_hsenc=2']),
          fc.stringMatching(/^[a-z0-9]{0,8}$/),
          (base, params, tracking, fragment) => {
            const url = new URL(base);
            url.search = '';
            url.hash = '';
            const real = params
              .filter(
                ([k]) =>
                  !isTrackingParam(k) &&
                  !['key', 'sid', 'sig', 'code', 'auth', 'otp', 'pwd'].includes(k),
              )
              .map(([k, v]) => `${k}=${v}`);
            const a = `${url.href}?${[...real].join('&')}`;
            const b = `${url.href.replace(/^https:/, 'http:')}?${[...tracking, ...real].reverse().join('&')}#${fragment}`;
            expect(normalizeUrl(b)).toBe(normalizeUrl(a));
          },
        ),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('urlKey', () => {
  it('is the lowercase hex SHA-256 of the normalised URL', async () => {
    const url = 'http://Example.com/a?utm_source=x&b=1';
    const expected = createHash('sha256').update(normalizeUrl(url)).digest('hex');
    expect(await urlKey(url)).toBe(expected);
    expect(await urlKey(url)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives equal keys to equal pages and different keys to different ones', async () => {
    const same = await Promise.all(
      ['https://example.com/a?b=1&c=2', 'http://EXAMPLE.com:80/a?c=2&b=1&utm_medium=x#top'].map(
        urlKey,
      ),
    );
    expect(same[0]).toBe(same[1]);
    expect(await urlKey('https://example.com/a?b=1')).not.toBe(same[0]);
  });

  it('rejects non-http URLs', async () => {
    await expect(urlKey('mailto:a@example.com')).rejects.toBeInstanceOf(UrlError);
  });
});

describe('stripSecrets', () => {
  it.each<[string, string, string[]]>([
    ['https://example.com/a?id=1', 'https://example.com/a?id=1', []],
    ['https://example.com/reset?token=abc&lang=en', 'https://example.com/reset?lang=en', ['token']],
    [
      'https://api.example.com/v1?API_KEY=k&Signature=s&q=1',
      'https://api.example.com/v1?q=1',
      ['API_KEY', 'Signature'],
    ],
    [
      'https://bucket.s3.amazonaws.com/f.pdf?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=c&X-Amz-Signature=s',
      'https://bucket.s3.amazonaws.com/f.pdf',
      ['X-Amz-Algorithm', 'X-Amz-Credential', 'X-Amz-Signature'],
    ],
    [
      'https://storage.googleapis.com/b/o?X-Goog-Algorithm=x&X-Goog-Signature=y&alt=media',
      'https://storage.googleapis.com/b/o?alt=media',
      ['X-Goog-Algorithm', 'X-Goog-Signature'],
    ],
    [
      'https://app.example.com/callback?code=xyz&state=abc',
      'https://app.example.com/callback?state=abc',
      ['code'],
    ],
    ['https://alice:hunter2@example.com/x', 'https://example.com/x', ['userinfo']],
    [
      'https://example.com/shop;jsessionid=ABC123?item=4',
      'https://example.com/shop?item=4',
      ['jsessionid'],
    ],
    [
      'https://example.com/cb#access_token=t&token_type=bearer',
      'https://example.com/cb#token_type=bearer',
      ['access_token'],
    ],
    ['https://example.com/app#/reset?token=t', 'https://example.com/app#/reset', ['token']],
    [
      'https://example.com/cb#access_token=t:~:text=hello',
      'https://example.com/cb#:~:text=hello',
      ['access_token'],
    ],
    [
      'https://example.com/a?session=1&password=2&sid=3',
      'https://example.com/a',
      ['session', 'password', 'sid'],
    ],
  ])('%s', (input, url, removed) => {
    expect(stripSecrets(input)).toEqual({ url, removed });
  });

  it('leaves the URL as written when there is nothing to remove', () => {
    const input = 'https://Example.com/a?b=%7e';
    expect(stripSecrets(input).url).toBe(input);
  });

  it.each([
    'https://example.com/a#key:~:text=hello',
    'https://example.com/a#token:~:text=a-,b,-c&text=b',
    'https://example.com/a#/reset?token:~:text=x',
  ])('reads a plain anchor before a text directive as an anchor: %s', (input) => {
    // fast-check found `#key` plus a directive's `text=` taken for a `key` parameter.
    expect(stripSecrets(input)).toEqual({ url: input, removed: [] });
  });

  it('throws UrlError on what is not a URL', () => {
    expect(() => stripSecrets('not a url')).toThrow(UrlError);
  });

  it(
    'never changes the normalised identity of a URL',
    () => {
      fc.assert(
        fc.property(fc.webUrl({ withQueryParameters: true, withFragments: true }), (url) => {
          expect(normalizeUrl(stripSecrets(url).url)).toBe(normalizeUrl(url));
        }),
        { numRuns: 300 },
      );
    },
    PROPERTY_TIMEOUT,
  );
});

describe('registrableDomain', () => {
  it.each([
    ['www.example.com', 'example.com'],
    ['news.bbc.co.uk', 'bbc.co.uk'],
    ['bbc.co.uk', 'bbc.co.uk'],
    ['www.abc.net.au', 'abc.net.au'],
    ['alice.github.io', 'alice.github.io'],
    ['docs.github.com', 'github.com'],
    ['intranet', 'intranet'],
    ['10.1.2.3', '10.1.2.3'],
    ['[::1]', '[::1]'],
    ['Example.COM.', 'example.com'],
    ['sub.example.co.uk', 'example.co.uk'],
    ['a.b.sub.example.com', 'example.com'],
    ['victim.s3.amazonaws.com', 'victim.s3.amazonaws.com'],
    ['bucket.s3.us-east-1.amazonaws.com', 'bucket.s3.us-east-1.amazonaws.com'],
    ['app.onrender.com', 'app.onrender.com'],
    ['www.team.pages.dev', 'team.pages.dev'],
    ['github.io', 'github.io'],
    ['s3.amazonaws.com', 's3.amazonaws.com'],
  ])('%s → %s', (host, site) => {
    expect(registrableDomain(host)).toBe(site);
  });
});

/**
 * Shared hosts from the Public Suffix List's private section: a page of one tenant must never
 * name another tenant's page as its canonical. Each row is [attacker's page, victim's page].
 */
const SHARED_HOST_PAIRS = [
  ['https://attacker.s3.amazonaws.com/x.html', 'https://victim.s3.amazonaws.com/internal/report'],
  ['https://a.s3.eu-west-1.amazonaws.com/x', 'https://b.s3.eu-west-1.amazonaws.com/y'],
  ['https://attacker.onrender.com/x', 'https://victim.onrender.com/y'],
  ['https://attacker.github.io/x', 'https://victim.github.io/y'],
  ['https://attacker.gitlab.io/x', 'https://victim.gitlab.io/y'],
  ['https://attacker.herokuapp.com/x', 'https://victim.herokuapp.com/y'],
  ['https://attacker.blogspot.com/x', 'https://victim.blogspot.com/y'],
  ['https://attacker.vercel.app/x', 'https://victim.vercel.app/y'],
  ['https://attacker.netlify.app/x', 'https://victim.netlify.app/y'],
  ['https://attacker.pages.dev/x', 'https://victim.pages.dev/y'],
  ['https://attacker.workers.dev/x', 'https://victim.workers.dev/y'],
  ['https://attacker.fly.dev/x', 'https://victim.fly.dev/y'],
  ['https://attacker.azurewebsites.net/x', 'https://victim.azurewebsites.net/y'],
  ['https://attacker.web.app/x', 'https://victim.web.app/y'],
  ['https://attacker.firebaseapp.com/x', 'https://victim.firebaseapp.com/y'],
  ['https://attacker.appspot.com/x', 'https://victim.appspot.com/y'],
  ['https://attacker.readthedocs.io/x', 'https://victim.readthedocs.io/y'],
  ['https://attacker.repl.co/x', 'https://victim.repl.co/y'],
  ['https://attacker.cloudfront.net/x', 'https://victim.cloudfront.net/y'],
  ['https://attacker.myshopify.com/x', 'https://victim.myshopify.com/y'],
  ['https://attacker.ngrok.io/x', 'https://victim.ngrok.io/y'],
  ['https://attacker.up.railway.app/x', 'https://victim.up.railway.app/y'],
  ['https://attacker.translate.goog/x', 'https://victim.translate.goog/y'],
] as const;

/** Ordinary sites: a subdomain's canonical on the same registrable site is trusted. */
const SAME_SITE_PAIRS = [
  ['https://m.example.co.uk/story/1', 'https://www.example.co.uk/story/1'],
  ['https://sub.example.com/a', 'https://example.com/a'],
  ['https://news.bbc.co.uk/x', 'https://www.bbc.co.uk/x'],
  ['https://blog.example.com.au/p', 'https://example.com.au/p'],
  ['https://docs.github.com/en/x', 'https://github.com/x'],
  ['https://www.victim.s3.amazonaws.com/a', 'https://victim.s3.amazonaws.com/b'],
  ['https://preview.team.pages.dev/a', 'https://team.pages.dev/a'],
] as const;

describe('pageIdentity on shared hosts (Public Suffix List, private section)', () => {
  it.each(SHARED_HOST_PAIRS)('%s may not claim %s', (location, canonical) => {
    const id = pageIdentity(location, canonical);
    expect(id.fromCanonical).toBe(false);
    expect(id.url).toBe(location);
  });

  it.each(SAME_SITE_PAIRS)('%s may name %s', (location, canonical) => {
    const id = pageIdentity(location, canonical);
    expect(id.fromCanonical).toBe(true);
    expect(id.url).toBe(canonical);
  });
});

describe('pageIdentity', () => {
  it('prefers a canonical URL on the same site', () => {
    const id = pageIdentity(
      'https://m.example.com/story?id=1&utm_source=x',
      'https://www.example.com/story/1',
    );
    expect(id).toEqual({
      url: 'https://www.example.com/story/1',
      normalized: 'https://www.example.com/story/1',
      fromCanonical: true,
      removed: [],
    });
  });

  it('resolves a relative canonical against the location', () => {
    expect(pageIdentity('https://example.com/a/b?x=1', '/a/b').url).toBe('https://example.com/a/b');
  });

  it('ignores a canonical on another site, on another github.io user, or not http(s)', () => {
    for (const canonical of [
      'https://evil.example.org/x',
      'https://bob.github.io/x',
      'javascript:alert(1)',
      'http://[bad',
    ]) {
      const id = pageIdentity('https://alice.github.io/post', canonical);
      expect(id.fromCanonical, canonical).toBe(false);
      expect(id.url).toBe('https://alice.github.io/post');
    }
  });

  it('ignores a canonical that points every page at the home page', () => {
    expect(
      pageIdentity('https://example.com/deep/page', 'https://example.com/').fromCanonical,
    ).toBe(false);
    expect(
      pageIdentity('https://example.com/?utm_source=x', 'https://example.com/').fromCanonical,
    ).toBe(true);
  });

  it('strips secrets and reports them', () => {
    const id = pageIdentity('https://example.com/doc?token=abc&page=2');
    expect(id.url).toBe('https://example.com/doc?page=2');
    expect(id.normalized).toBe('https://example.com/doc?page=2');
    expect(id.removed).toEqual(['token']);
  });

  it('refuses a location that is not http(s)', () => {
    expect(() => pageIdentity('chrome://newtab/')).toThrow(UrlError);
  });
});
