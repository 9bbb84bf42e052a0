// The HTML report in a real browser (Debian's chromium via playwright-core): it renders, logs no console
// error, requests nothing but itself, and shows hostile AWS values as text without running them.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientVpn, tunnel, vpn } from '../../test/fixtures/builders.js';
import { buildScanResult, fixtureCoverage, fixtureInventory } from '../../test/fixtures/scan-result.js';
import { launchChromium, shouldRunBrowserTests, type LaunchedBrowser } from '../../test/helpers/chromium.js';
import { formatHtml } from './html.js';

const SCRIPT_TAG = '<script>alert(1)</script>';
const ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>';

const hostile = buildScanResult(
  {
    connections: [
      ...fixtureInventory.connections,
      vpn('vpn-0b0b0b0b0b0b0b0b0', {
        tags: { Name: SCRIPT_TAG, owner: ATTRIBUTE_BREAKOUT },
        tunnels: [tunnel('203.0.113.90', { telemetry: { status: 'DOWN', statusMessage: ATTRIBUTE_BREAKOUT, lastStatusChange: '2026-02-01T00:00:00.000Z' } }), tunnel('203.0.113.91')],
      }),
    ],
    clientVpnEndpoints: [
      ...fixtureInventory.clientVpnEndpoints,
      clientVpn('cvpn-endpoint-0b0b0b0b0b0b0b0b0', {
        connectionLogging: { enabled: false, cloudwatchLogGroup: undefined, cloudwatchLogStream: undefined },
        tags: { [SCRIPT_TAG]: ATTRIBUTE_BREAKOUT },
      }),
    ],
  },
  fixtureCoverage,
);

describe.runIf(shouldRunBrowserTests())('html report in chromium', () => {
  let chromium: LaunchedBrowser;
  let dir: string;

  beforeAll(async () => {
    chromium = await launchChromium();
    dir = mkdtempSync(path.join(tmpdir(), 'vpnguard-html-'));
  });
  afterAll(async () => {
    await chromium?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('renders with no console error, no request but the page, no dialog, and hostile values as text', async () => {
    const file = path.join(dir, 'report.html');
    writeFileSync(file, formatHtml(hostile, { color: false }));
    const pageUrl = pathToFileURL(file).href;
    const context = chromium.context;
    const page = await context.newPage();
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    const dialogs: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await context.route('**/*', (route) => (route.request().url() === pageUrl ? route.continue() : route.abort()));

    await page.goto(pageUrl, { waitUntil: 'load' });
    // Open every finding so hidden content renders too.
    // (a string: this project compiles without the DOM library)
    await page.evaluate("document.querySelectorAll('details').forEach((d) => d.setAttribute('open', ''))");
    await page.waitForTimeout(200);

    expect(requests).toEqual([pageUrl]);
    expect(consoleErrors).toEqual([]);
    expect(dialogs).toEqual([]);
    expect(await page.locator('script, img, iframe, object, embed').count()).toBe(0);
    await expect.poll(() => page.getByText(SCRIPT_TAG, { exact: true }).first().isVisible()).toBe(true);
    expect(await page.getByText(ATTRIBUTE_BREAKOUT, { exact: true }).count()).toBeGreaterThan(0);
    expect(await page.locator('#incomplete').isVisible()).toBe(true);
    expect(await page.locator('#incomplete').textContent()).toContain('INCOMPLETE SCAN: 2 coverage gaps');
    const bannerBox = await page.locator('#incomplete').boundingBox();
    expect(bannerBox!.y).toBeLessThan(300);
    expect(await page.locator('svg').count()).toBeGreaterThanOrEqual(3);
    const firstDown = await page.locator('#tunnels table tbody tr').first().textContent();
    expect(firstDown).toContain('203.0.113.20');

    if (process.env.VPNGUARD_SCREENSHOT) {
      await page.evaluate("document.querySelectorAll('details').forEach((d, i) => { if (i > 1) d.removeAttribute('open'); })");
      const height = Number(await page.evaluate('document.body.scrollHeight'));
      for (let y = 0, i = 0; y < height; y += 1200, i += 1) {
        await page.screenshot({ path: `${process.env.VPNGUARD_SCREENSHOT}-${i}.png`, fullPage: true, clip: { x: 0, y, width: 1280, height: Math.min(1200, height - y) } });
      }
    }
    await page.close();
  });
});
