/** The name a sign-in gives this browser: browser and system, from what the browser says. */
import { describe, expect, it } from 'vitest';
import { type BrowserFacts, deviceName } from '../../../src/core/device-name.ts';

const UA = {
  chrome:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  edge: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
  opera:
    'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 OPR/115.0.0.0',
  firefox: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
  chromium:
    'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chromium/131.0.0.0 Chrome/131.0.0.0 Safari/537.36',
};

describe('deviceName', () => {
  it.each<[BrowserFacts, string]>([
    [{ os: 'linux', brands: ['Not_A Brand', 'Chromium', 'Google Chrome'] }, 'Chrome on Linux'],
    [{ os: 'mac', brands: ['Chromium', 'Google Chrome'] }, 'Chrome on macOS'],
    [{ os: 'win', brands: ['Chromium', 'Microsoft Edge'] }, 'Edge on Windows'],
    [{ os: 'linux', brands: ['Not)A;Brand', 'Chromium'] }, 'Chromium on Linux'],
    [{ os: 'cros', brands: ['Google Chrome', 'Chromium'] }, 'Chrome on ChromeOS'],
    [{ os: 'android', brands: ['Chromium', 'Google Chrome'] }, 'Chrome on Android'],
    [{ os: 'linux', browserInfoName: 'Firefox', userAgent: UA.firefox }, 'Firefox on Linux'],
    [{ os: 'win', browserInfoName: 'Firefox' }, 'Firefox on Windows'],
    [{ os: 'openbsd', browserInfoName: 'Firefox' }, 'Firefox on OpenBSD'],
    [{ os: 'linux', userAgent: UA.chrome }, 'Chrome on Linux'],
    [{ os: 'win', userAgent: UA.edge }, 'Edge on Windows'],
    [{ os: 'win', userAgent: UA.opera }, 'Opera on Windows'],
    [{ os: 'linux', userAgent: UA.chromium }, 'Chromium on Linux'],
    [{ os: 'linux', brands: [], userAgent: UA.firefox }, 'Firefox on Linux'],
    [{ os: 'haiku', userAgent: 'Something/1.0' }, 'Browser on haiku'],
    [{ os: '' }, 'Browser on unknown system'],
  ])('%j is %s', (facts, name) => {
    expect(deviceName(facts)).toBe(name);
  });

  it('stays within the 100 characters a device name may have', () => {
    expect(deviceName({ os: 'x'.repeat(300), browserInfoName: 'Firefox' })).toHaveLength(100);
  });
});
