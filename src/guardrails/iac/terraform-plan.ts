// `terraform show -json` output (a plan, or state) -> IaC resources. A plan knows what the .tf
// files cannot: variable values, module contents; and it says what is still unknown
// (`after_unknown`), which the linter reports as UNKNOWN, never PASS.
import type { IacResource, PlanValue, Setting, TunnelSettings } from './values.js';
import { ABSENT, known, unknown } from './values.js';

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Recognises plan JSON (`planned_values` / `resource_changes`) and state JSON (`values`). */
export function isTerraformJson(json: unknown): boolean {
  return (
    isObject(json) &&
    'format_version' in json &&
    ('resource_changes' in json || 'planned_values' in json || 'values' in json)
  );
}

/** Walks `after` and `after_unknown` side by side along a path of keys and list indexes. */
function valueAt(after: unknown, afterUnknown: unknown, path: (string | number)[]): PlanValue {
  let value = after;
  let unknownMark = afterUnknown;
  for (const key of path) {
    if (unknownMark === true)
      return unknown(`${path.join('.')} is known only after apply (after_unknown in the plan)`);
    if (value === null || value === undefined) return ABSENT;
    value = (value as Record<string | number, unknown>)[key];
    unknownMark =
      isObject(unknownMark) || Array.isArray(unknownMark)
        ? (unknownMark as Record<string | number, unknown>)[key]
        : undefined;
  }
  if (unknownMark === true)
    return unknown(`${path.join('.')} is known only after apply (after_unknown in the plan)`);
  if (value === null || value === undefined) return ABSENT;
  return known(value);
}

interface PlannedResource {
  address: string;
  type: string;
  after: unknown;
  afterUnknown: unknown;
}

function fromResourceChanges(changes: unknown[]): PlannedResource[] {
  const resources: PlannedResource[] = [];
  for (const change of changes) {
    if (!isObject(change) || change.mode !== 'managed' || !isObject(change.change)) continue;
    const actions = Array.isArray(change.change.actions) ? change.change.actions : [];
    if (change.change.after === null || (actions.length === 1 && actions[0] === 'delete')) continue;
    resources.push({
      address: String(change.address),
      type: String(change.type),
      after: change.change.after,
      afterUnknown: change.change.after_unknown,
    });
  }
  return resources;
}

function fromModule(module: unknown): PlannedResource[] {
  if (!isObject(module)) return [];
  const own = Array.isArray(module.resources) ? module.resources : [];
  const resources: PlannedResource[] = own
    .filter(isObject)
    .filter((r) => r.mode === 'managed')
    .map((r) => ({
      address: String(r.address),
      type: String(r.type),
      after: r.values,
      afterUnknown: undefined,
    }));
  const children = Array.isArray(module.child_modules) ? module.child_modules : [];
  return [...resources, ...children.flatMap(fromModule)];
}

/** `terraform show -json` prints one line; pretty-printed plans get the line of their address. */
function lineOf(content: string, address: string): number {
  const match = new RegExp(
    `"address"\\s*:\\s*${JSON.stringify(address).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`,
  ).exec(content);
  return match ? content.slice(0, match.index).split('\n').length : 1;
}

export function readTerraformPlan(file: string, json: unknown, content: string): IacResource[] {
  if (!isObject(json)) return [];
  const planned = Array.isArray(json.resource_changes)
    ? fromResourceChanges(json.resource_changes)
    : fromModule(
        isObject(json.planned_values)
          ? json.planned_values.root_module
          : isObject(json.values)
            ? json.values.root_module
            : undefined,
      );
  const resources: IacResource[] = [];
  for (const resource of planned) {
    const line = lineOf(content, resource.address);
    const at = (path: (string | number)[]): Setting => ({
      value: valueAt(resource.after, resource.afterUnknown, path),
      line,
    });
    const base = { format: 'terraform-plan' as const, file, line, address: resource.address };
    if (resource.type === 'aws_vpn_connection') {
      const tunnel = (n: 1 | 2): TunnelSettings => ({
        label: `tunnel${n}`,
        ikeVersions: at([`tunnel${n}_ike_versions`]),
        logEnabled: at([`tunnel${n}_log_options`, 0, 'cloudwatch_log_options', 0, 'log_enabled']),
      });
      resources.push({ ...base, kind: 'vpn-connection', tunnels: [tunnel(1), tunnel(2)] });
    } else if (resource.type === 'aws_ec2_client_vpn_endpoint') {
      resources.push({
        ...base,
        kind: 'client-vpn-endpoint',
        connectionLogEnabled: at(['connection_log_options', 0, 'enabled']),
      });
    }
  }
  return resources;
}
