// Validates a value against a shape of a botocore service model (the JSON that the AWS CLI and boto3 are
// generated from): required members, unknown members, types, enums, min/max and patterns. The model is read
// from the machine at test time (python3's botocore, the AWS CLI's bundled copy, or Debian's python3-botocore).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

interface ShapeRef {
  shape: string;
}
interface Shape {
  type: string;
  required?: string[];
  members?: Record<string, ShapeRef>;
  member?: ShapeRef;
  key?: ShapeRef;
  value?: ShapeRef;
  enum?: string[];
  min?: number;
  max?: number;
  pattern?: string;
}
export interface ServiceModel {
  metadata: Record<string, unknown>;
  operations: Record<string, { http: { method: string; requestUri: string }; input?: ShapeRef; output?: ShapeRef }>;
  shapes: Record<string, Shape>;
}

function botocoreDirs(): string[] {
  const dirs: string[] = [];
  if (process.env.BOTOCORE_DATA_DIR) dirs.push(process.env.BOTOCORE_DATA_DIR);
  for (const python of ['python3', '/usr/bin/python3']) {
    try {
      const out = execFileSync(python, ['-c', 'import botocore, os; print(os.path.dirname(botocore.__file__))'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
      if (out !== '') dirs.push(path.join(out, 'data'));
    } catch {
      // not installed for this interpreter
    }
  }
  dirs.push('/usr/lib/python3/dist-packages/botocore/data');
  for (const root of ['/usr/local/aws-cli/v2/current/dist/awscli/botocore/data', '/usr/lib/python3/dist-packages/awscli/botocore/data']) {
    dirs.push(root);
  }
  return dirs;
}

/** The newest model of a service on this machine, or undefined when none is installed. */
export function loadServiceModel(service: string): { model: ServiceModel; file: string } | undefined {
  for (const dir of botocoreDirs()) {
    const serviceDir = path.join(dir, service);
    if (!existsSync(serviceDir)) continue;
    const versions = readdirSync(serviceDir).sort().reverse();
    for (const version of versions) {
      for (const name of ['service-2.json', 'service-2.json.gz']) {
        const file = path.join(serviceDir, version, name);
        if (!existsSync(file)) continue;
        const raw = readFileSync(file);
        const text = name.endsWith('.gz') ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
        return { model: JSON.parse(text) as ServiceModel, file };
      }
    }
  }
  return undefined;
}

/** Every problem with `value` as shape `shapeName`, each as "path: message". */
export function validateShape(model: ServiceModel, shapeName: string, value: unknown, at = '$'): string[] {
  const shape = model.shapes[shapeName];
  if (!shape) return [`${at}: unknown shape ${shapeName}`];
  const problems: string[] = [];
  switch (shape.type) {
    case 'structure': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected an object (${shapeName})`];
      const record = value as Record<string, unknown>;
      for (const name of shape.required ?? []) {
        if (record[name] === undefined) problems.push(`${at}: missing required member ${name}`);
      }
      for (const [name, member] of Object.entries(record)) {
        const ref = shape.members?.[name];
        if (!ref) {
          problems.push(`${at}: unknown member ${name} in ${shapeName}`);
          continue;
        }
        if (member === undefined) continue;
        problems.push(...validateShape(model, ref.shape, member, `${at}.${name}`));
      }
      return problems;
    }
    case 'list': {
      if (!Array.isArray(value)) return [`${at}: expected a list (${shapeName})`];
      if (shape.min !== undefined && value.length < shape.min) problems.push(`${at}: fewer than ${shape.min} items`);
      if (shape.max !== undefined && value.length > shape.max) problems.push(`${at}: more than ${shape.max} items`);
      value.forEach((item, i) => problems.push(...validateShape(model, shape.member!.shape, item, `${at}[${i}]`)));
      return problems;
    }
    case 'map': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: expected a map (${shapeName})`];
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        problems.push(...validateShape(model, shape.key!.shape, key, `${at}{key ${key}}`));
        problems.push(...validateShape(model, shape.value!.shape, item, `${at}.${key}`));
      }
      return problems;
    }
    case 'string': {
      if (typeof value !== 'string') return [`${at}: expected a string (${shapeName})`];
      if (shape.enum && !shape.enum.includes(value)) problems.push(`${at}: '${value}' is not one of ${shape.enum.join(', ')}`);
      if (shape.min !== undefined && value.length < shape.min) problems.push(`${at}: shorter than ${shape.min}`);
      if (shape.max !== undefined && value.length > shape.max) problems.push(`${at}: longer than ${shape.max}`);
      // Security Hub's own errors ("data.Title should NOT be longer than 256 characters") are JSON-Schema
      // (ajv) messages: patterns are tested unanchored, as JavaScript regular expressions.
      if (shape.pattern !== undefined && !new RegExp(shape.pattern, 'u').test(value)) {
        problems.push(`${at}: does not match ${shape.pattern}`);
      }
      return problems;
    }
    case 'integer':
    case 'long':
      return Number.isInteger(value) ? [] : [`${at}: expected an integer`];
    case 'double':
    case 'float':
      return typeof value === 'number' ? [] : [`${at}: expected a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: expected a boolean`];
    case 'timestamp':
      return typeof value === 'string' || typeof value === 'number' ? [] : [`${at}: expected a timestamp`];
    default:
      return [];
  }
}
