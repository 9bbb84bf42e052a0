// Debian's chromium driven by playwright-core (never a downloaded browser). Tests that need it fail in CI
// when it is missing (.ci/run installs it) and are skipped elsewhere.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = process.env.VPNGUARD_CHROMIUM ?? '/usr/bin/chromium';

export function chromiumAvailable(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** Whether browser tests run here: always in CI (and fail there without chromium), else only if installed. */
export function shouldRunBrowserTests(): boolean {
  return process.env.CI === 'true' || chromiumAvailable();
}

export interface LaunchedBrowser {
  /** A persistent context over a fresh profile directory (removed on close). */
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  if (!chromiumAvailable()) throw new Error(`chromium not found at ${CHROMIUM_PATH} (apt-get install chromium)`);
  const profile = mkdtempSync(path.join(tmpdir(), 'vpnguard-chromium-'));
  // Playwright passes the profile as --user-data-dir itself.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
