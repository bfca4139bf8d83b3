/**
 * A copy of the built extension that a Chromium policy file applies to alone, for the
 * end-to-end tests of managed roll-out (issue 14) and of the managed local-copy budget (issue
 * 18). Other end-to-end files run with the extension loaded from `dist/chrome`, and a policy for
 * their extension id would change what they see; an unpacked extension without a manifest `key`
 * takes its id from its folder's path, so a copy in a temporary folder has an id of its own and
 * the policy (`/etc/chromium/policies/managed/*.json`, `3rdparty.extensions.<id>`) names only it.
 *
 * Writing the policy needs root (CI runs as root). Without it the test fails and says so: a
 * skipped test would read as covered.
 */
import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { access, cp, mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ManagedPolicy } from '../../src/core/managed-settings.ts';
import { EXTENSION_DIR } from './harness.ts';

const POLICY_DIR = '/etc/chromium/policies/managed';

/**
 * The id Chromium gives an unpacked extension in `dir`: the first 128 bits of the SHA-256 of
 * its absolute path, each hex digit written as a letter a–p (crx_file::id_util::GenerateIdForPath).
 */
export function unpackedExtensionId(dir: string): string {
  const hex = createHash('sha256').update(dir).digest('hex').slice(0, 32);
  return [...hex].map((d) => String.fromCharCode(97 + Number.parseInt(d, 16))).join('');
}

/** Stops with a clear reason when this machine cannot hold a Chromium policy file. */
async function ensurePolicyDir(): Promise<void> {
  const why =
    'The managed-policy e2e tests write a Chromium policy file into ' +
    `${POLICY_DIR}, which needs root (CI runs as root)`;
  if (process.getuid?.() !== 0) throw new Error(`${why}; this run is not root.`);
  try {
    await mkdir(POLICY_DIR, { recursive: true });
    await access(POLICY_DIR, constants.W_OK);
  } catch (error) {
    throw new Error(`${why}; ${POLICY_DIR} is not writable: ${String(error)}`);
  }
}

export type ManagedCopy = {
  /** The copy's folder, for `launchExtension({ extensionDir })`. */
  extensionDir: string;
  /** The id Chromium gives it, the one the policy names. */
  extensionId: string;
  /** Writes the organisation's policy for the copy (Chromium reads it when it starts). */
  writePolicy(policy: ManagedPolicy): Promise<void>;
  /** Removes the policy file, leaving the copy. */
  removePolicy(): Promise<void>;
  /** Removes the policy file and the copy. */
  cleanUp(): Promise<void>;
};

/** Copies `dist/chrome` into a temporary folder of its own (see the module comment). */
export async function managedCopy(): Promise<ManagedCopy> {
  await ensurePolicyDir();
  const copyRoot = await realpath(await mkdtemp(path.join(tmpdir(), 'outloud-managed-')));
  const extensionDir = path.join(copyRoot, 'chrome');
  const extensionId = unpackedExtensionId(extensionDir);
  const policyFile = path.join(POLICY_DIR, `outloud-e2e-${extensionId}.json`);
  const removePolicy = () => rm(policyFile, { force: true });
  const cleanUp = async () => {
    await removePolicy();
    await rm(copyRoot, { recursive: true, force: true });
  };
  try {
    await cp(EXTENSION_DIR, extensionDir, { recursive: true });
  } catch (error) {
    await cleanUp();
    throw error;
  }
  return {
    extensionDir,
    extensionId,
    writePolicy: (policy) =>
      writeFile(
        policyFile,
        JSON.stringify({ '3rdparty': { extensions: { [extensionId]: policy } } }),
      ),
    removePolicy,
    cleanUp,
  };
}
