// Parsing of fix-specific values: durations, retention days, control ids, --confirm-ikev2.
import { FIXABLE_CONTROLS, VALID_RETENTION_DAYS, type FixControl } from './types.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** "15m", "90s", "0.5s", "1h", "250ms", or a bare number of seconds. Returns ms, or throws with the fix. */
export function parseDuration(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) throw new Error(`${flag}: '${text}' is not a duration (examples: 15m, 90s, 0.5s, 250ms)`);
  const ms = Number(match[1]) * UNITS[match[2] ?? 's']!;
  if (!(ms > 0)) throw new Error(`${flag}: must be more than 0`);
  return Math.round(ms);
}

export function parseRetentionDays(text: string): number {
  const days = Number(text);
  if (!(VALID_RETENTION_DAYS as readonly number[]).includes(days)) {
    throw new Error(`--log-retention-days: ${text} is not a CloudWatch Logs retention; choose one of ${VALID_RETENTION_DAYS.join(', ')}`);
  }
  return days;
}

export function parseControls(values: string[]): FixControl[] {
  const out: FixControl[] = [];
  for (const raw of values) {
    const id = raw.trim().toUpperCase();
    if (!(FIXABLE_CONTROLS as readonly string[]).includes(id)) {
      throw new Error(`--only: '${raw}' is not a control fix can close; choose from ${FIXABLE_CONTROLS.join(', ')}`);
    }
    if (!out.includes(id as FixControl)) out.push(id as FixControl);
  }
  return out;
}

export function parseConfirmIkev2(values: string[] | undefined): 'all' | string[] {
  const ids = (values ?? []).map((v) => v.trim()).filter((v) => v !== '');
  if (ids.some((v) => v.toLowerCase() === 'all')) {
    if (ids.length > 1) throw new Error("--confirm-ikev2: 'all' cannot be combined with ids");
    return 'all';
  }
  for (const id of ids) {
    if (!/^(vpn|cgw)-[0-9a-f]+$/.test(id)) {
      throw new Error(`--confirm-ikev2: '${id}' is not a VPN connection id (vpn-…) or customer gateway id (cgw-…); or pass 'all'`);
    }
  }
  return ids;
}

export function parseResourceIds(values: string[] | undefined): string[] {
  const ids = (values ?? []).map((v) => v.trim()).filter((v) => v !== '');
  for (const id of ids) {
    if (!/^(vpn-|cvpn-endpoint-)[0-9a-f]+$/.test(id)) {
      throw new Error(`--connection: '${id}' is not a VPN connection id (vpn-…) or Client VPN endpoint id (cvpn-endpoint-…)`);
    }
  }
  return ids;
}

export function validateLogGroupName(name: string): string {
  if (!/^[\w\-./#]{1,512}$/.test(name)) {
    throw new Error(`--log-group: '${name}' is not a valid log group name (1-512 of letters, digits, _ - . / #)`);
  }
  return name;
}
