/** Builds the extension and the server once before the Firefox journeys, if Firefox is there. */
import { existsSync } from 'node:fs';
import { build } from '../../scripts/build.ts';
import { firefoxPath } from './harness.ts';

export default async function setup(): Promise<void> {
  const executable = firefoxPath();
  if (!existsSync(executable)) {
    throw new Error(
      `No Firefox at ${executable}. Install Debian's with 'apt-get install -y firefox-esr' ` +
        'or point FIREFOX_PATH at a Firefox binary.',
    );
  }
  await build();
}
