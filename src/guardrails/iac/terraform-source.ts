// Terraform configuration (.tf) -> IaC resources with plan-time values. One call per module
// directory: variables, locals and .tfvars of the directory feed the evaluation.
import type { HclAttribute, HclBlock, HclBody, HclExpr, TraversalStep } from './hcl.js';
import { findAttribute, findBlocks, parseHcl } from './hcl.js';
import type { IacResource, PlanValue, Setting, TunnelSettings } from './values.js';
import { ABSENT, deepEqual, known, unknown } from './values.js';

export interface TerraformFile {
  /** Path shown in reports (relative to the repository root). */
  path: string;
  content: string;
}

export interface TerraformModuleInput {
  files: TerraformFile[];
  /** terraform.tfvars and *.auto.tfvars of the directory: Terraform loads them automatically. */
  tfvars: TerraformFile[];
  /** Whether a local module source (./modules/vpn) is among the scanned directories. */
  isLocalModuleScanned: (source: string) => boolean;
}

interface Context {
  variables: Map<string, HclAttribute | undefined>;
  tfvars: Map<string, { expr: HclExpr; file: string }>;
  locals: Map<string, HclExpr>;
  localsInProgress: Set<string>;
}

/** Functions whose result equals their (single) argument for the values the linter compares. */
const IDENTITY_FUNCTIONS = new Set([
  'toset',
  'tolist',
  'sort',
  'distinct',
  'compact',
  'nonsensitive',
  'sensitive',
]);

function evaluate(expr: HclExpr, ctx: Context): PlanValue {
  switch (expr.type) {
    case 'literal':
      return known(expr.value);
    case 'template':
      return evaluateTemplate(expr, ctx);
    case 'tuple': {
      const items: unknown[] = [];
      let via: string | undefined;
      for (const item of expr.items) {
        const value = evaluate(item, ctx);
        if (value.kind !== 'known') return value.kind === 'absent' ? known(null) : value;
        items.push(value.value);
        via ??= value.via;
      }
      return known(items, via);
    }
    case 'object': {
      const result: Record<string, unknown> = {};
      for (const item of expr.items) {
        if (item.key === undefined) return unknown('an object with a computed key');
        const value = evaluate(item.value, ctx);
        if (value.kind === 'unknown') return value;
        result[item.key] = value.kind === 'known' ? value.value : null;
      }
      return known(result);
    }
    case 'traversal':
      return evaluateTraversal(expr.root, expr.steps, ctx);
    case 'call':
      return evaluateCall(expr.name, expr.args, ctx);
    case 'conditional': {
      const whenTrue = evaluate(expr.whenTrue, ctx);
      const whenFalse = evaluate(expr.whenFalse, ctx);
      if (
        whenTrue.kind === 'known' &&
        whenFalse.kind === 'known' &&
        deepEqual(whenTrue.value, whenFalse.value)
      )
        return whenTrue;
      return unknown('the value depends on a condition evaluated at plan time');
    }
    case 'computed':
      return unknown(`the value is ${expr.what}, computed at plan time`);
  }
}

function evaluateTemplate(expr: Extract<HclExpr, { type: 'template' }>, ctx: Context): PlanValue {
  if (expr.directive) return unknown('the value is a string template with %{ } directives');
  const only = expr.parts.length === 1 ? expr.parts[0] : undefined;
  if (only !== undefined && typeof only !== 'string') return evaluate(only, ctx);
  let text = '';
  let via: string | undefined;
  for (const part of expr.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    const value = evaluate(part, ctx);
    if (value.kind !== 'known')
      return value.kind === 'absent' ? unknown('a template interpolates a null value') : value;
    if (typeof value.value === 'object' && value.value !== null)
      return unknown('a template interpolates a collection');
    text += String(value.value);
    via ??= value.via;
  }
  return known(text, via);
}

function evaluateCall(name: string, args: HclExpr[], ctx: Context): PlanValue {
  if (IDENTITY_FUNCTIONS.has(name) && args.length === 1) return evaluate(args[0]!, ctx);
  if (name === 'concat') {
    const lists: unknown[] = [];
    for (const arg of args) {
      const value = evaluate(arg, ctx);
      if (value.kind !== 'known' || !Array.isArray(value.value))
        return value.kind === 'unknown' ? value : unknown('concat() of a non-list');
      lists.push(...(value.value as unknown[]));
    }
    return known(lists);
  }
  return unknown(`the value is the result of ${name}(), which vpnguard iac does not evaluate`);
}

function applySteps(value: PlanValue, steps: TraversalStep[], ctx: Context, name: string): PlanValue {
  let current = value;
  for (const step of steps) {
    if (current.kind !== 'known') return current;
    const container = current.value;
    if ('splat' in step) return unknown(`${name} uses a splat expression`);
    let key: unknown;
    if ('attr' in step) key = step.attr;
    else {
      const index = evaluate(step.index, ctx);
      if (index.kind !== 'known') return unknown(`${name} is indexed by a value computed at plan time`);
      key = index.value;
    }
    if (typeof container !== 'object' || container === null || !(String(key) in container)) {
      return unknown(`${name} has no element ${String(key)} in its known value`);
    }
    current = known((container as Record<string, unknown>)[String(key)], current.via);
  }
  return current;
}

function evaluateTraversal(root: string, steps: TraversalStep[], ctx: Context): PlanValue {
  const first = steps[0];
  const firstName = first && 'attr' in first ? first.attr : undefined;
  const rest = steps.slice(1);
  if (root === 'var' && firstName !== undefined) {
    const fromTfvars = ctx.tfvars.get(firstName);
    if (fromTfvars)
      return applySteps(
        withVia(evaluate(fromTfvars.expr, ctx), `var.${firstName} in ${fromTfvars.file}`),
        rest,
        ctx,
        `var.${firstName}`,
      );
    if (!ctx.variables.has(firstName)) return unknown(`var.${firstName} is not declared in this module`);
    const defaultValue = ctx.variables.get(firstName);
    if (defaultValue === undefined) {
      return unknown(
        `var.${firstName} has no default: its value comes from the caller (module input, -var or a .tfvars file)`,
      );
    }
    return applySteps(
      withVia(evaluate(defaultValue.expr, ctx), `the default of var.${firstName}`),
      rest,
      ctx,
      `var.${firstName}`,
    );
  }
  if (root === 'local' && firstName !== undefined) {
    const expr = ctx.locals.get(firstName);
    if (!expr) return unknown(`local.${firstName} is not defined in this module`);
    if (ctx.localsInProgress.has(firstName)) return unknown(`local.${firstName} refers to itself`);
    ctx.localsInProgress.add(firstName);
    const value = evaluate(expr, ctx);
    ctx.localsInProgress.delete(firstName);
    return applySteps(withVia(value, `local.${firstName}`), rest, ctx, `local.${firstName}`);
  }
  const path = [root, ...steps.filter((s): s is { attr: string } => 'attr' in s).map((s) => s.attr)]
    .slice(0, 3)
    .join('.');
  if (root === 'module')
    return unknown(`${path} is a module output, known only when the module is evaluated`);
  if (root === 'data') return unknown(`${path} is read from a data source at plan time`);
  if (['each', 'count', 'self', 'path', 'terraform'].includes(root))
    return unknown(`${path} is set per instance at plan time`);
  return unknown(`${path} is known only after apply`);
}

function withVia(value: PlanValue, via: string): PlanValue {
  return value.kind === 'known' ? known(value.value, value.via ?? via) : value;
}

/** Terraform's null means "not set": AWS's default applies, exactly as if the argument were absent. */
function setting(attribute: HclAttribute | undefined, fallbackLine: number, ctx: Context): Setting {
  if (!attribute) return { value: ABSENT, line: fallbackLine };
  const value = evaluate(attribute.expr, ctx);
  return { value: value.kind === 'known' && value.value === null ? ABSENT : value, line: attribute.line };
}

function dynamicBlock(body: HclBody, type: string): HclBlock | undefined {
  return findBlocks(body, 'dynamic').find((block) => block.labels[0] === type);
}

/** Reads `outer { inner { attribute = ... } }`, where either block may be absent or dynamic. */
function nestedSetting(
  body: HclBody,
  outer: string,
  inner: string | undefined,
  attribute: string,
  resourceLine: number,
  ctx: Context,
): Setting {
  const dynamicOuter = dynamicBlock(body, outer);
  const outerBlock = findBlocks(body, outer)[0];
  if (!outerBlock) {
    if (dynamicOuter)
      return { value: unknown(`${outer} is generated by a dynamic block`), line: dynamicOuter.line };
    return { value: ABSENT, line: resourceLine };
  }
  if (inner === undefined) return setting(findAttribute(outerBlock.body, attribute), outerBlock.line, ctx);
  const innerBlock = findBlocks(outerBlock.body, inner)[0];
  if (!innerBlock) {
    const dynamicInner = dynamicBlock(outerBlock.body, inner);
    if (dynamicInner)
      return { value: unknown(`${inner} is generated by a dynamic block`), line: dynamicInner.line };
    return { value: ABSENT, line: outerBlock.line };
  }
  return setting(findAttribute(innerBlock.body, attribute), innerBlock.line, ctx);
}

function tunnelSettings(body: HclBody, n: 1 | 2, resourceLine: number, ctx: Context): TunnelSettings {
  return {
    label: `tunnel${n}`,
    ikeVersions: setting(findAttribute(body, `tunnel${n}_ike_versions`), resourceLine, ctx),
    logEnabled: nestedSetting(
      body,
      `tunnel${n}_log_options`,
      'cloudwatch_log_options',
      'log_enabled',
      resourceLine,
      ctx,
    ),
  };
}

const VPN_MODULE_PATTERN = /vpn/i;
const CLIENT_VPN_MODULE_PATTERN = /client[-_]?vpn/i;

function moduleResource(
  block: HclBlock,
  file: string,
  input: TerraformModuleInput,
  ctx: Context,
): IacResource | undefined {
  const name = block.labels[0] ?? '';
  const sourceValue = evaluate(
    findAttribute(block.body, 'source')?.expr ?? { type: 'literal', value: null, line: block.line },
    ctx,
  );
  const source =
    sourceValue.kind === 'known' && typeof sourceValue.value === 'string' ? sourceValue.value : '';
  const isLocal = source.startsWith('./') || source.startsWith('../');
  if (isLocal && input.isLocalModuleScanned(source)) return undefined; // its resources are linted where they are
  if (!VPN_MODULE_PATTERN.test(`${name} ${source}`)) return undefined;
  const reason = isLocal
    ? `module "${name}" (${source}) is not among the scanned paths: add it, or lint the plan JSON (terraform show -json), which includes module resources`
    : `module "${name}" (${source || 'unknown source'}) is not in the scanned files: its VPN settings are unknown here; lint the plan JSON (terraform show -json), which includes module resources`;
  return {
    kind: 'opaque-module',
    format: 'terraform',
    file,
    line: block.line,
    address: `module.${name}`,
    reason,
    creates: CLIENT_VPN_MODULE_PATTERN.test(`${name} ${source}`)
      ? ['client-vpn-endpoint']
      : ['vpn-connection'],
  };
}

/** Parses every file of one module directory; throws HclSyntaxError (with the file on it) on bad syntax. */
export function readTerraformModule(input: TerraformModuleInput): IacResource[] {
  const parsed = input.files.map((file) => ({ file, body: parseWithFile(file) }));
  const ctx: Context = {
    variables: new Map(),
    tfvars: new Map(),
    locals: new Map(),
    localsInProgress: new Set(),
  };
  for (const { body } of parsed) {
    for (const block of findBlocks(body, 'variable')) {
      ctx.variables.set(block.labels[0] ?? '', findAttribute(block.body, 'default'));
    }
    for (const block of findBlocks(body, 'locals')) {
      for (const attribute of block.body.attributes) ctx.locals.set(attribute.name, attribute.expr);
    }
  }
  // Later files win, as in Terraform (terraform.tfvars first, then *.auto.tfvars in name order).
  for (const file of input.tfvars) {
    for (const attribute of parseWithFile(file).attributes)
      ctx.tfvars.set(attribute.name, { expr: attribute.expr, file: file.path });
  }
  const resources: IacResource[] = [];
  for (const { file, body } of parsed) {
    for (const block of findBlocks(body, 'resource')) {
      const [type, name] = block.labels;
      const base = {
        format: 'terraform' as const,
        file: file.path,
        line: block.line,
        address: `${type}.${name}`,
      };
      if (type === 'aws_vpn_connection') {
        resources.push({
          ...base,
          kind: 'vpn-connection',
          tunnels: [
            tunnelSettings(block.body, 1, block.line, ctx),
            tunnelSettings(block.body, 2, block.line, ctx),
          ],
        });
      } else if (type === 'aws_ec2_client_vpn_endpoint') {
        resources.push({
          ...base,
          kind: 'client-vpn-endpoint',
          connectionLogEnabled: nestedSetting(
            block.body,
            'connection_log_options',
            undefined,
            'enabled',
            block.line,
            ctx,
          ),
        });
      }
    }
    for (const block of findBlocks(body, 'module')) {
      const opaque = moduleResource(block, file.path, input, ctx);
      if (opaque) resources.push(opaque);
    }
  }
  return resources;
}

export class TerraformSyntaxError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    detail: string,
  ) {
    super(`${file}:${line}: ${detail}`);
    this.name = 'TerraformSyntaxError';
  }
}

function parseWithFile(file: TerraformFile): HclBody {
  try {
    return parseHcl(file.content);
  } catch (err) {
    if (err instanceof Error && 'line' in err && typeof err.line === 'number')
      throw new TerraformSyntaxError(file.path, err.line, err.message);
    throw err;
  }
}
