import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { NOW, tunnel, vpn } from '../../test/fixtures/builders.js';
import { buildScanResult, fixtureCoverage, fixtureScanResult } from '../../test/fixtures/scan-result.js';
import type { Coverage } from '../model/types.js';
import { formatNames, getFormatter, shouldUseColor, terminalSafe } from './index.js';
import { formatJson } from './json.js';
import { formatNdjson } from './ndjson.js';
import { formatTable } from './table.js';

const schema: object = JSON.parse(
  readFileSync(new URL('../../docs/scan-result.schema.json', import.meta.url), 'utf8'),
);
const complete: Coverage = { complete: true, scanned: fixtureCoverage.scanned, gaps: [] };
const cleanResult = buildScanResult({ connections: [vpn('vpn-0clean')], clientVpnEndpoints: [] }, complete);

describe('formatter registry', () => {
  it('registers table, json and ndjson', () => {
    expect(formatNames).toEqual(expect.arrayContaining(['table', 'json', 'ndjson']));
    expect(getFormatter('json')).toBe(formatJson);
    expect(getFormatter('toString')).toBeUndefined();
  });

  it('every format is deterministic', () => {
    for (const name of formatNames) {
      const format = getFormatter(name)!;
      expect(format(fixtureScanResult, { color: false })).toBe(format(fixtureScanResult, { color: false }));
    }
  });
});

describe('table', () => {
  it('matches the snapshot (no colour)', async () => {
    await expect(formatTable(fixtureScanResult, { color: false })).toMatchFileSnapshot(
      '__snapshots__/table.txt',
    );
  });

  it('matches the snapshot (colour)', async () => {
    await expect(formatTable(fixtureScanResult, { color: true })).toMatchFileSnapshot(
      '__snapshots__/table.color.txt',
    );
  });

  it('never looks clean when coverage is incomplete, even with no findings', () => {
    const incomplete = buildScanResult(
      { connections: [vpn('vpn-0clean')], clientVpnEndpoints: [] },
      fixtureCoverage,
    );
    const text = formatTable(incomplete, { color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines[1]).toMatch(/^!! INCOMPLETE SCAN: 2 coverage gaps/);
    expect(lines.at(-1)).toMatch(/^!! INCOMPLETE SCAN/);
    expect(text).toContain('Result: INCOMPLETE');
    expect(text).not.toMatch(/clean -|Coverage: complete/);
  });

  it('says clean only for a complete scan with nothing failed or in error', () => {
    const text = formatTable(cleanResult, { color: false });
    expect(text).toContain('Coverage: complete (4 account-regions scanned)');
    expect(text).toContain('Result: clean');
    expect(text).not.toContain('INCOMPLETE');
  });

  it('escapes control characters from AWS values so a tag cannot move the cursor or fake a line', () => {
    const text = formatTable(fixtureScanResult, { color: false });
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(text).toContain('"branch\\x1b[2J\\x1b[H\\nCoverage: complete\\r"');
    expect(text.split('\n').some((line) => line.startsWith('Coverage: complete'))).toBe(false);
  });

  it('only emits colour codes when asked', () => {
    // eslint-disable-next-line no-control-regex
    expect(formatTable(fixtureScanResult, { color: false })).not.toMatch(/\u001b/);
    expect(formatTable(fixtureScanResult, { color: true })).toContain('\u001b[31mDOWN');
  });

  it('lists the longest-DOWN connection first with days DOWN', () => {
    const text = formatTable(fixtureScanResult, { color: false });
    const firstConnection = text.split('\n').find((line) => line.startsWith('vpn-'));
    expect(firstConnection).toContain('order-management');
    expect(text).toMatch(/203\.0\.113\.20 +DOWN +91 days/);
  });
});

describe('json', () => {
  it('matches the snapshot', async () => {
    await expect(formatJson(fixtureScanResult, { color: false })).toMatchFileSnapshot(
      '__snapshots__/scan-result.json',
    );
  });

  it('validates against docs/scan-result.schema.json', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
    const validate = ajv.compile(schema);
    for (const result of [fixtureScanResult, cleanResult]) {
      const document: unknown = JSON.parse(formatJson(result, { color: false }));
      const ok = validate(document);
      expect(validate.errors ?? []).toEqual([]);
      expect(ok).toBe(true);
    }
  });

  it('the schema rejects a finding without a status', () => {
    const ajv = new Ajv2020({ strict: true, validateFormats: false });
    const document = JSON.parse(formatJson(fixtureScanResult, { color: false }));
    delete document.findings[0].status;
    expect(ajv.validate(schema, document)).toBe(false);
  });

  it('writes an absent IKE list and a whole-account gap as null, not by omission', () => {
    const document = JSON.parse(formatJson(fixtureScanResult, { color: false })) as {
      inventory: { connections: { vpnConnectionId: string; tunnels: { ikeVersions: unknown }[] }[] };
      coverage: { complete: boolean; gaps: { region: string | null }[] };
      findings: object[];
    };
    const warehouse = document.inventory.connections.find(
      (c: { vpnConnectionId: string }) => c.vpnConnectionId === 'vpn-0a1b2c3d4e5f60002',
    );
    expect(warehouse?.tunnels[0]?.ikeVersions).toBeNull();
    expect(document.coverage).toMatchObject({ complete: false });
    expect(document.coverage.gaps[1]?.region).toBeNull();
    expect(document.findings[0]).toMatchObject({
      control: 'EC2.20',
      resourceId: 'vpn-0a1b2c3d4e5f60001',
      resourceType: 'AWS::EC2::VPNConnection',
      accountId: '111122223333',
      region: 'us-east-1',
      status: 'FAIL',
      severity: 'MEDIUM',
    });
  });
});

describe('ndjson', () => {
  it('matches the snapshot', async () => {
    await expect(formatNdjson(fixtureScanResult, { color: false })).toMatchFileSnapshot(
      '__snapshots__/scan-result.ndjson',
    );
  });

  it('is one typed JSON object per line: header, findings, gaps, summary', () => {
    const lines = formatNdjson(fixtureScanResult, { color: false }).trimEnd().split('\n');
    const records = lines.map((line) => JSON.parse(line) as { type: string });
    expect(records[0]).toMatchObject({ type: 'header', schemaVersion: '1.0' });
    expect(records.at(-1)).toMatchObject({ type: 'summary', coverage: { complete: false, gaps: 2 } });
    const types = records.map((r) => r.type);
    expect(types.filter((t) => t === 'finding')).toHaveLength(fixtureScanResult.findings.length);
    expect(types.filter((t) => t === 'coverage-gap')).toHaveLength(2);
    expect(types.lastIndexOf('finding')).toBeLessThan(types.indexOf('coverage-gap'));
  });
});

describe('secrets', () => {
  it('a planted key in the raw response never reaches any format', async () => {
    const { toSiteToSiteVpn } = await import('../collect/site-to-site.js');
    const planted = 'PLANTED-PSK-7f3a9c';
    const connection = toSiteToSiteVpn(
      {
        VpnConnectionId: 'vpn-0secret',
        State: 'available',
        CustomerGatewayConfiguration: `<pre_shared_key>${planted}</pre_shared_key>`,
        Options: {
          TunnelOptions: [
            { OutsideIpAddress: '203.0.113.1', PreSharedKey: planted },
            { OutsideIpAddress: '203.0.113.2', PreSharedKey: planted },
          ],
        },
      },
      { accountId: '111122223333', region: 'us-east-1' },
    );
    const result = buildScanResult({ connections: [connection], clientVpnEndpoints: [] }, complete);
    for (const name of formatNames) {
      expect(getFormatter(name)!(result, { color: false })).not.toContain(planted);
    }
  });
});

describe('helpers', () => {
  it('terminalSafe escapes C0, C1, DEL, separators and bidi overrides', () => {
    expect(terminalSafe('a\u001b[31mb\u009bc\u007f\u2028\u202e\td')).toBe(
      'a\\x1b[31mb\\x9bc\\x7f\\u2028\\u202e\\td',
    );
    expect(terminalSafe('plain text: ok')).toBe('plain text: ok');
  });

  it('shouldUseColor honours NO_COLOR, FORCE_COLOR and the TTY', () => {
    expect(shouldUseColor({}, true)).toBe(true);
    expect(shouldUseColor({}, false)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: '' }, true)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldUseColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });

  it('the fixture really has a tunnel DOWN for 91 days', () => {
    const first = fixtureScanResult.findings[0];
    expect(first?.tunnels?.[0]?.downForSeconds).toBe(91 * 86_400);
    expect(NOW.toISOString()).toBe(fixtureScanResult.finishedAt);
    expect(tunnel('x').telemetry?.status).toBe('UP');
  });
});
