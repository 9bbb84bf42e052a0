// The IO edge of diagnosis: reads tunnel logs from CloudWatch Logs with FilterLogEvents over a bounded window and a
// bounded number of pages. Errors never escape: AccessDenied becomes `denied`, anything else `error`.
import type {
  FilterLogEventsCommandInput,
  FilterLogEventsCommandOutput,
} from '@aws-sdk/client-cloudwatch-logs';
import type { SiteToSiteVpn } from '../model/types.js';
import { parseTunnelLogEvent } from './log-parse.js';
import type { LogRead, TunnelLogEvent } from './types.js';

/** The one Logs call diagnosis makes (a CloudWatchLogsClient wrapped by the caller, or a fake in tests). */
export interface LogsApi {
  filterLogEvents(
    input: FilterLogEventsCommandInput,
  ): Promise<Pick<FilterLogEventsCommandOutput, 'events' | 'nextToken'>>;
}

export interface LogReadOptions {
  /** epoch ms: the end of the window */
  now: number;
  /** Window length in ms (default 24 h). */
  windowMs?: number;
  /** Pages of FilterLogEvents read per log group at most (default 10). */
  maxPages?: number;
  /** Events per page (default 1000). */
  pageSize?: number;
}

/** IAM actions diagnosis adds to the scan's: reading tunnel log groups. */
export const permissions = ['logs:FilterLogEvents'] as const;

export const DEFAULT_LOG_WINDOW_MS = 24 * 3600 * 1000;
export const DEFAULT_LOG_PAGES = 10;

/** arn:aws:logs:REGION:ACCOUNT:log-group:NAME[:*] -> { region, accountId, name }; a bare name is accepted too. */
export function parseLogGroupArn(arn: string): {
  region: string | undefined;
  accountId: string | undefined;
  name: string;
} {
  const match = /^arn:[^:]+:logs:([^:]*):([^:]*):log-group:(.+?)(?::\*)?$/.exec(arn);
  if (!match) return { region: undefined, accountId: undefined, name: arn };
  return { region: match[1] || undefined, accountId: match[2] || undefined, name: match[3]! };
}

function errorName(err: unknown): string {
  if (typeof err === 'object' && err !== null) {
    const e = err as { name?: unknown; Code?: unknown; code?: unknown };
    for (const v of [e.name, e.Code, e.code])
      if (typeof v === 'string' && v !== '' && v !== 'Error') return v;
  }
  return 'Error';
}

function errorMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.length > 200 ? `${message.slice(0, 200)}...` : message;
}

export function classifyLogError(err: unknown): LogRead {
  const name = errorName(err);
  const message = errorMessage(err);
  if (
    /AccessDenied|UnauthorizedOperation|NotAuthorized|not authorized|Forbidden/i.test(`${name} ${message}`)
  ) {
    return { state: 'denied', message: `${name}: ${message}` };
  }
  if (/ResourceNotFound/i.test(name)) return { state: 'error', message: `log group not found (${message})` };
  return { state: 'error', message: `${name}: ${message}` };
}

/** The window as slices from the newest back: 1 h, then 2 h, 4 h, ... older, covering it exactly. */
export function windowSlices(startTime: number, endTime: number): [number, number][] {
  const slices: [number, number][] = [];
  let sliceEnd = endTime;
  let size = 3600_000;
  while (sliceEnd > startTime) {
    const sliceStart = Math.max(startTime, sliceEnd - size);
    slices.push([sliceStart, sliceEnd]);
    sliceEnd = sliceStart - 1;
    size *= 2;
  }
  return slices;
}

/**
 * Reads one log group's events for one connection (every tunnel logging there), parsed, oldest first.
 * One call covers the whole window when it fits in a page (the usual case); otherwise the window is read in
 * slices from the newest back, so that when the page limit stops the read it is the oldest events that were
 * not seen, never the latest ones.
 */
async function readGroup(
  api: LogsApi,
  logGroupName: string,
  vpnConnectionId: string,
  options: Required<LogReadOptions>,
): Promise<{ events: TunnelLogEvent[]; truncated: boolean; startTime: number; endTime: number }> {
  const endTime = options.now;
  const startTime = endTime - options.windowMs;
  const call = (sliceStart: number, sliceEnd: number, nextToken: string | undefined) =>
    api.filterLogEvents({
      logGroupName,
      startTime: sliceStart,
      endTime: sliceEnd,
      // A quoted term matches the raw message, so it selects this connection in the json and the text format alike.
      filterPattern: `"${vpnConnectionId}"`,
      limit: options.pageSize,
      ...(nextToken ? { nextToken } : {}),
    });
  const parse = (
    raw: { message?: string; timestamp?: number; ingestionTime?: number }[] | undefined,
    fallback: number,
  ) =>
    (raw ?? []).flatMap((e) =>
      e.message === undefined
        ? []
        : [parseTunnelLogEvent(e.message, e.timestamp ?? e.ingestionTime ?? fallback)],
    );

  const whole = await call(startTime, endTime, undefined);
  if (!whole.nextToken) return { events: parse(whole.events, endTime), truncated: false, startTime, endTime };

  const events: TunnelLogEvent[] = [];
  let pages = 1;
  let truncated = false;
  for (const [sliceStart, sliceEnd] of windowSlices(startTime, endTime)) {
    if (pages >= options.maxPages) {
      truncated = true;
      break;
    }
    const slice: TunnelLogEvent[] = [];
    let nextToken: string | undefined;
    do {
      const page = await call(sliceStart, sliceEnd, nextToken);
      pages++;
      slice.push(...parse(page.events, sliceEnd));
      nextToken = page.nextToken;
    } while (nextToken && pages < options.maxPages);
    if (nextToken) truncated = true;
    events.unshift(...slice);
    if (truncated) break;
  }
  return { events, truncated, startTime, endTime };
}

/**
 * Reads the tunnel logs of every tunnel of `vpn` that has logging on, keyed by outside IP.
 * Tunnels sharing a log group are read once. `logsFor` returns the Logs client of the log group's region.
 */
export async function readTunnelLogs(
  vpn: SiteToSiteVpn,
  logsFor: (region: string) => LogsApi,
  options: LogReadOptions,
): Promise<Record<string, LogRead>> {
  const resolved: Required<LogReadOptions> = {
    now: options.now,
    windowMs: options.windowMs ?? DEFAULT_LOG_WINDOW_MS,
    maxPages: options.maxPages ?? DEFAULT_LOG_PAGES,
    pageSize: options.pageSize ?? 1000,
  };
  const result: Record<string, LogRead> = {};
  const byGroup = new Map<string, string[]>();
  for (const tunnel of vpn.tunnels) {
    if (!tunnel.logging.enabled) {
      result[tunnel.outsideIpAddress] = { state: 'disabled' };
    } else if (!tunnel.logging.logGroupArn) {
      result[tunnel.outsideIpAddress] = {
        state: 'error',
        message: 'logging is on but AWS returned no log group ARN',
      };
    } else {
      const ips = byGroup.get(tunnel.logging.logGroupArn) ?? [];
      ips.push(tunnel.outsideIpAddress);
      byGroup.set(tunnel.logging.logGroupArn, ips);
    }
  }
  await Promise.all(
    [...byGroup].map(async ([arn, ips]) => {
      const group = parseLogGroupArn(arn);
      let read: Omit<Extract<LogRead, { state: 'read' }>, 'events'> & { events: TunnelLogEvent[] };
      try {
        const r = await readGroup(
          logsFor(group.region ?? vpn.region),
          group.name,
          vpn.vpnConnectionId,
          resolved,
        );
        read = { state: 'read', logGroupName: group.name, ...r };
      } catch (err) {
        const failed = classifyLogError(err);
        for (const ip of ips) result[ip] = failed;
        return;
      }
      const ofConnection = read.events.filter(
        (e) => e.vpnConnectionId === undefined || e.vpnConnectionId === vpn.vpnConnectionId,
      );
      for (const ip of ips) {
        // Events without a tunnel address cannot be placed; with one tunnel in the group they are its own.
        const mine = ofConnection.filter(
          (e) =>
            e.tunnelOutsideIpAddress === ip || (e.tunnelOutsideIpAddress === undefined && ips.length === 1),
        );
        result[ip] = { ...read, events: mine };
      }
    }),
  );
  return result;
}
