// CloudFormation templates (YAML with short-form intrinsics, or JSON) -> IaC resources with line
// numbers. Intrinsics are resolved only as far as a template alone allows: parameter defaults,
// AWS::NoValue, and !If whose branches agree; anything else is UNKNOWN with the reason.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { CFN_YAML_TAGS, INTRINSIC_TAGS } from '../cfn-intrinsics.js';
import type { IacResource, PlanValue, Setting, TunnelSettings } from './values.js';
import { ABSENT, deepEqual, known, unknown } from './values.js';

export type CfnNode =
  | { kind: 'scalar'; value: unknown; line: number }
  | { kind: 'map'; entries: { key: string; keyLine: number; value: CfnNode }[]; line: number }
  | { kind: 'seq'; items: CfnNode[]; line: number }
  | { kind: 'intrinsic'; fn: string; arg: CfnNode; line: number };

export class TemplateSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}`}: ${detail}`);
    this.name = 'TemplateSyntaxError';
  }
}

/** Alias expansion is bounded: a self-referencing alias or an alias bomb is a syntax error, not a crash. */
interface AliasGuard {
  file: string;
  /** anchored nodes being expanded right now (an alias to one of them is a cycle) */
  expanding: Set<unknown>;
  expansions: number;
}

const MAX_ALIAS_EXPANSIONS = 10_000;

function convert(node: unknown, doc: Document, lines: LineCounter, guard: AliasGuard): CfnNode {
  if (isAlias(node)) {
    const target = node.resolve(doc);
    const line = node.range ? lines.linePos(node.range[0]).line : undefined;
    if (guard.expanding.has(target)) throw new TemplateSyntaxError(guard.file, line, `alias *${node.source} refers to itself`);
    if (++guard.expansions > MAX_ALIAS_EXPANSIONS) throw new TemplateSyntaxError(guard.file, line, 'too many alias expansions (an alias bomb?)');
    guard.expanding.add(target);
    try {
      return convert(target, doc, lines, guard);
    } finally {
      guard.expanding.delete(target);
    }
  }
  if (guard.expanding.size > 0 && (isMap(node) || isSeq(node)) && ++guard.expansions > MAX_ALIAS_EXPANSIONS) {
    throw new TemplateSyntaxError(guard.file, undefined, 'too many alias expansions (an alias bomb?)');
  }
  if ((isMap(node) || isSeq(node)) && node.anchor) guard.expanding.add(node);
  try {
    return convertNode(node, doc, lines, guard);
  } finally {
    if ((isMap(node) || isSeq(node)) && node.anchor) guard.expanding.delete(node);
  }
}

function convertNode(node: unknown, doc: Document, lines: LineCounter, guard: AliasGuard): CfnNode {
  const yamlNode = node as YamlNode | null;
  const line = yamlNode?.range ? lines.linePos(yamlNode.range[0]).line : 0;
  const tag = yamlNode?.tag?.startsWith('!') ? INTRINSIC_TAGS[yamlNode.tag.slice(1)] : undefined;
  let converted: CfnNode;
  if (isMap(node)) {
    converted = {
      kind: 'map',
      line,
      entries: node.items.map((pair) => {
        const keyNode = pair.key as YamlNode | null;
        return {
          key: isScalar(pair.key) ? String(pair.key.value) : '',
          keyLine: keyNode?.range ? lines.linePos(keyNode.range[0]).line : line,
          value: convert(pair.value, doc, lines, guard),
        };
      }),
    };
    // JSON (long) form: {"Ref": "X"}, {"Fn::If": [...]}
    const only = converted.entries.length === 1 ? converted.entries[0]! : undefined;
    if (tag === undefined && only && (only.key === 'Ref' || only.key.startsWith('Fn::'))) {
      return { kind: 'intrinsic', fn: only.key, arg: only.value, line };
    }
  } else if (isSeq(node)) {
    converted = { kind: 'seq', line, items: node.items.map((item) => convert(item, doc, lines, guard)) };
  } else {
    converted = { kind: 'scalar', line, value: isScalar(node) ? node.value : null };
  }
  return tag === undefined ? converted : { kind: 'intrinsic', fn: tag, arg: converted, line };
}

export function parseTemplate(file: string, content: string): CfnNode {
  const lines = new LineCounter();
  const doc = parseDocument(content, { customTags: CFN_YAML_TAGS, lineCounter: lines, uniqueKeys: false, logLevel: 'error' });
  const error = doc.errors[0];
  if (error)
    throw new TemplateSyntaxError(
      file,
      lines.linePos(error.pos[0]).line,
      error.message.split('\n')[0] ?? 'invalid YAML',
    );
  return convert(doc.contents, doc, lines, { file, expanding: new Set(), expansions: 0 });
}

export function entry(
  node: CfnNode | undefined,
  key: string,
): { value: CfnNode; keyLine: number } | undefined {
  if (node?.kind !== 'map') return undefined;
  const found = node.entries.find((e) => e.key === key);
  return found ? { value: found.value, keyLine: found.keyLine } : undefined;
}

/** True for a map with a `Resources` map whose entries have a `Type` like AWS::...: a template. */
export function isCloudFormationTemplate(root: CfnNode): boolean {
  const resources = entry(root, 'Resources')?.value;
  if (resources?.kind !== 'map') return false;
  if (entry(root, 'AWSTemplateFormatVersion')) return true;
  return resources.entries.some((r) => {
    const type = entry(r.value, 'Type')?.value;
    return (
      type?.kind === 'scalar' && typeof type.value === 'string' && /^(AWS|Custom)::|^Alexa::/.test(type.value)
    );
  });
}

type Resolved =
  { kind: 'node'; node: CfnNode; via?: string } | { kind: 'absent' } | { kind: 'unknown'; reason: string };

interface Template {
  parameters: Map<string, CfnNode | undefined>;
  resources: Set<string>;
}

function plain(node: CfnNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value;
    case 'seq':
      return node.items.map(plain);
    case 'map':
      return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
    case 'intrinsic':
      return { [node.fn]: plain(node.arg) };
  }
}

function resolve(node: CfnNode | undefined, template: Template, depth = 0): Resolved {
  if (node === undefined) return { kind: 'absent' };
  if (node.kind !== 'intrinsic') return { kind: 'node', node };
  if (depth > 20) return { kind: 'unknown', reason: 'intrinsics nested too deeply' };
  const short = node.fn.replace(/^Fn::/, '');
  if (node.fn === 'Ref' && node.arg.kind === 'scalar') {
    const name = String(node.arg.value);
    if (name === 'AWS::NoValue') return { kind: 'absent' };
    if (template.parameters.has(name)) {
      const defaultNode = template.parameters.get(name);
      if (!defaultNode)
        return {
          kind: 'unknown',
          reason: `!Ref ${name}: parameter ${name} has no default, its value is given at deploy time`,
        };
      const resolved = resolve(defaultNode, template, depth + 1);
      return resolved.kind === 'node' ? { ...resolved, via: `the default of parameter ${name}` } : resolved;
    }
    if (name.startsWith('AWS::'))
      return { kind: 'unknown', reason: `!Ref ${name} is a pseudo parameter resolved at deploy time` };
    return { kind: 'unknown', reason: `!Ref ${name} is resolved at deploy time` };
  }
  if (node.fn === 'Fn::If' && node.arg.kind === 'seq' && node.arg.items.length === 3) {
    const [condition, whenTrue, whenFalse] = node.arg.items;
    const a = resolve(whenTrue, template, depth + 1);
    const b = resolve(whenFalse, template, depth + 1);
    if (a.kind === 'absent' && b.kind === 'absent') return a;
    if (a.kind === 'node' && b.kind === 'node' && deepEqual(plain(a.node), plain(b.node))) return a;
    const name = condition?.kind === 'scalar' ? String(condition.value) : 'a condition';
    return { kind: 'unknown', reason: `!If: the value depends on condition ${name}, decided at deploy time` };
  }
  return { kind: 'unknown', reason: `!${short} is resolved at deploy time` };
}

function notKnown(resolved: Exclude<Resolved, { kind: 'node' }>): PlanValue {
  return resolved.kind === 'absent' ? ABSENT : unknown(resolved.reason);
}

/** The list of tunnel specifications as nodes (their settings are resolved one by one). */
function resolveToValue(node: CfnNode | undefined, template: Template): PlanValue {
  const resolved = resolve(node, template);
  if (resolved.kind !== 'node') return notKnown(resolved);
  return known(resolved.node.kind === 'seq' ? resolved.node.items : [], resolved.via);
}

/** IKEVersions: [{Value: ikev2}] -> ["ikev2"], resolving intrinsics at every level. */
function ikeVersionsValue(node: CfnNode | undefined, template: Template): PlanValue {
  const list = resolve(node, template);
  if (list.kind !== 'node') return notKnown(list);
  if (list.node.kind !== 'seq') return known(plain(list.node), list.via);
  const versions: unknown[] = [];
  let via = list.via;
  for (const item of list.node.items) {
    const itemResolved = resolve(item, template);
    if (itemResolved.kind !== 'node') return notKnown(itemResolved);
    const value = resolve(entry(itemResolved.node, 'Value')?.value, template);
    if (value.kind === 'unknown') return notKnown(value);
    if (value.kind === 'absent') return known([...versions, null]);
    versions.push(plain(value.node));
    via ??= value.via;
  }
  return known(versions, via);
}

function scalarValue(node: CfnNode | undefined, template: Template): PlanValue {
  const resolved = resolve(node, template);
  if (resolved.kind !== 'node') return notKnown(resolved);
  return known(plain(resolved.node), resolved.via);
}

/** Follows a property path; an intrinsic on the way makes the whole value depend on it. */
function path(
  node: CfnNode | undefined,
  keys: string[],
  template: Template,
): { node: CfnNode | undefined; line: number | undefined; blocked?: PlanValue } {
  let current = node;
  let line: number | undefined;
  for (const key of keys) {
    const resolved = resolve(current, template);
    if (resolved.kind === 'unknown') return { node: undefined, line, blocked: unknown(resolved.reason) };
    if (resolved.kind === 'absent') return { node: undefined, line };
    const found = entry(resolved.node, key);
    if (!found) return { node: undefined, line };
    current = found.value;
    line = found.keyLine;
  }
  return { node: current, line };
}

function tunnelSettings(
  spec: CfnNode | undefined,
  index: number,
  fallbackLine: number,
  template: Template,
): TunnelSettings {
  const label = `VpnTunnelOptionsSpecifications[${index}]`;
  const specResolved = resolve(spec, template);
  if (specResolved.kind === 'unknown') {
    const value = unknown(specResolved.reason);
    return {
      label,
      ikeVersions: { value, line: spec?.line ?? fallbackLine },
      logEnabled: { value, line: spec?.line ?? fallbackLine },
    };
  }
  const specNode = specResolved.kind === 'node' ? specResolved.node : undefined;
  const specLine = specNode?.line ?? fallbackLine;
  const ike = path(specNode, ['IKEVersions'], template);
  const log = path(specNode, ['LogOptions', 'CloudwatchLogOptions', 'LogEnabled'], template);
  return {
    label,
    ikeVersions: { value: ike.blocked ?? ikeVersionsValue(ike.node, template), line: ike.line ?? specLine },
    logEnabled: { value: log.blocked ?? scalarValue(log.node, template), line: log.line ?? specLine },
  };
}

export function readCloudFormation(file: string, root: CfnNode): IacResource[] {
  const parameters = new Map<string, CfnNode | undefined>();
  const parametersNode = entry(root, 'Parameters')?.value;
  if (parametersNode?.kind === 'map') {
    for (const parameter of parametersNode.entries)
      parameters.set(parameter.key, entry(parameter.value, 'Default')?.value);
  }
  const resourcesNode = entry(root, 'Resources')?.value;
  const resourceEntries = resourcesNode?.kind === 'map' ? resourcesNode.entries : [];
  const template: Template = { parameters, resources: new Set(resourceEntries.map((r) => r.key)) };
  const resources: IacResource[] = [];
  for (const { key: logicalId, keyLine, value } of resourceEntries) {
    const type = entry(value, 'Type')?.value;
    const typeName = type?.kind === 'scalar' ? String(type.value) : '';
    const properties = entry(value, 'Properties')?.value;
    const base = { format: 'cloudformation' as const, file, line: keyLine, address: logicalId };
    if (typeName === 'AWS::EC2::VPNConnection') {
      const specs = path(properties, ['VpnTunnelOptionsSpecifications'], template);
      const line = specs.line ?? keyLine;
      const specsResolved = specs.blocked ?? resolveToValue(specs.node, template);
      const tunnelAt = (index: number): TunnelSettings => {
        if (specsResolved.kind === 'unknown') {
          return {
            label: `VpnTunnelOptionsSpecifications[${index}]`,
            ikeVersions: { value: specsResolved, line },
            logEnabled: { value: specsResolved, line },
          };
        }
        // Fewer than two specifications: the missing tunnel gets AWS's defaults (absent settings).
        const list =
          specsResolved.kind === 'known' && Array.isArray(specsResolved.value)
            ? (specsResolved.value as CfnNode[])
            : [];
        return tunnelSettings(list[index], index, line, template);
      };
      resources.push({ ...base, kind: 'vpn-connection', tunnels: [tunnelAt(0), tunnelAt(1)] });
    } else if (typeName === 'AWS::EC2::ClientVpnEndpoint') {
      const enabled = path(properties, ['ConnectionLogOptions', 'Enabled'], template);
      const setting: Setting = {
        value: enabled.blocked ?? scalarValue(enabled.node, template),
        line: enabled.line ?? keyLine,
      };
      resources.push({ ...base, kind: 'client-vpn-endpoint', connectionLogEnabled: setting });
    } else if (
      typeName === 'AWS::CloudFormation::Stack' &&
      /vpn/i.test(
        `${logicalId} ${JSON.stringify(plain(properties ?? { kind: 'scalar', value: null, line: 0 }))}`,
      )
    ) {
      resources.push({
        ...base,
        kind: 'opaque-module',
        reason: `nested stack ${logicalId} is not in the scanned files: lint its template too`,
        creates: /client[-_]?vpn/i.test(logicalId) ? ['client-vpn-endpoint'] : ['vpn-connection'],
      });
    }
  }
  return resources;
}
