/** Builds the extension and the server once before the end-to-end files run. */
import { existsSync } from 'node:fs';
import { build } from '../../scripts/build.ts';
import { chromiumPath } from './harness.ts';

export default async function setup(): Promise<void> {
  const executable = chromiumPath();
  if (!existsSync(executable)) {
    throw new Error(
      `No Chromium at ${executable}. Install Debian's with 'apt-get install -y chromium' ` +
        'or point CHROMIUM_PATH at a Chromium binary.',
    );
  }
  await build();
}
