// What every EC2 operation shares: EC2's error codes, parameter reading, DryRun, filters and tag sets.
import { readParams, type ParamReader } from '../params.js';
import { LabError, type LabCall } from '../types.js';

export const invalidParameterValue = (message: string): LabError => new LabError('InvalidParameterValue', message);
export const missingParameter = (message: string): LabError => new LabError('MissingParameter', message);
export const invalidCombination = (message: string): LabError => new LabError('InvalidParameterCombination', message);
export const incorrectState = (message: string): LabError => new LabError('IncorrectState', message);

export function ec2Params(call: LabCall): ParamReader {
  return readParams(call.params, invalidParameterValue, missingParameter);
}

/** A list parameter: `X.1=a&X.2=b` arrives as an array; a bare `X=a` is accepted as one entry. */
export function stringList(reader: ParamReader, name: string, params: Record<string, unknown>): string[] {
  const value = params[name];
  if (typeof value === 'string') return [value];
  return reader.stringList(name) ?? [];
}

/**
 * EC2 answers a permitted DryRun with 412 DryRunOperation instead of acting. Called after validation, so a
 * DryRun with bad parameters still reports the parameter error, as EC2 does.
 */
export function checkDryRun(call: LabCall): void {
  const value = call.params.DryRun;
  if (value === 'true' || value === true) {
    throw new LabError('DryRunOperation', 'Request would have succeeded, but DryRun flag is set.', 412);
  }
}

export type TagSet = { key: string; value: string }[];

export function tagSet(tags: Record<string, string>): TagSet {
  return Object.entries(tags).map(([key, value]) => ({ key, value }));
}

/** Tags from `TagSpecification.N.{ResourceType,Tag.M.{Key,Value}}` for the given resource type. */
export function tagsFromSpecifications(call: LabCall, resourceType: string): Record<string, string> {
  const specs = ec2Params(call).objectList('TagSpecification') ?? [];
  const tags: Record<string, string> = {};
  for (const spec of specs) {
    if (spec.ResourceType !== undefined && spec.ResourceType !== resourceType) {
      throw invalidParameterValue(`'${JSON.stringify(spec.ResourceType)}' is not a valid taggable resource type for this operation.`);
    }
    for (const tag of readTags(spec.Tag)) tags[tag.key] = tag.value ?? '';
  }
  return tags;
}

/** `Tag.N.{Key,Value}` entries; Value may be absent (DeleteTags). */
export function readTags(raw: unknown): { key: string; value: string | undefined }[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw invalidParameterValue('Tags must be a list.');
  return raw.map((entry: unknown) => {
    const tag = (entry ?? {}) as { Key?: unknown; Value?: unknown };
    if (typeof tag.Key !== 'string' || tag.Key === '') throw invalidParameterValue('Tag keys must be non-empty strings.');
    if (tag.Key.length > 128) throw invalidParameterValue(`Tag key exceeds the maximum length of 128 characters.`);
    if (tag.Value !== undefined && typeof tag.Value !== 'string') throw invalidParameterValue('Tag values must be strings.');
    if (typeof tag.Value === 'string' && tag.Value.length > 256) {
      throw invalidParameterValue('Tag value exceeds the maximum length of 256 characters.');
    }
    return { key: tag.Key, value: tag.Value };
  });
}

export interface Filter {
  name: string;
  values: string[];
}

export function readFilters(call: LabCall): Filter[] {
  const raw = ec2Params(call).objectList('Filter') ?? [];
  return raw.map((entry) => {
    if (typeof entry.Name !== 'string' || entry.Name === '') throw missingParameter('The filter Name must be specified.');
    const values = entry.Value === undefined ? [] : Array.isArray(entry.Value) ? entry.Value : [entry.Value];
    if (values.some((value) => typeof value !== 'string')) throw invalidParameterValue(`Filter '${entry.Name}' values must be strings.`);
    return { name: entry.Name, values: values as string[] };
  });
}

/** How each supported filter reads a resource; `tag:KEY` and `tag-key` come for free from `tagsOf`. */
export type FilterFields<T> = Record<string, (item: T) => string | string[] | undefined>;

// EC2 filter values accept `*` (any run) and `?` (one character).
function wildcardMatcher(pattern: string): (value: string) => boolean {
  if (!/[*?]/.test(pattern)) return (value) => value === pattern;
  const source = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  const regex = new RegExp(`^${source}$`, 's');
  return (value) => regex.test(value);
}

/** Builds a predicate for the request's filters (values OR-ed, filters AND-ed); unknown names are rejected as EC2 does. */
export function filterPredicate<T>(
  filters: Filter[],
  fields: FilterFields<T>,
  tagsOf: (item: T) => Record<string, string>,
): (item: T) => boolean {
  const tests = filters.map((filter): ((item: T) => boolean) => {
    const matchers = filter.values.map(wildcardMatcher);
    const anyMatches = (actual: string | string[] | undefined): boolean => {
      const list = actual === undefined ? [] : Array.isArray(actual) ? actual : [actual];
      return list.some((value) => matchers.some((matches) => matches(value)));
    };
    if (filter.name.startsWith('tag:')) {
      const key = filter.name.slice(4);
      return (item) => anyMatches(tagsOf(item)[key]);
    }
    if (filter.name === 'tag-key') return (item) => anyMatches(Object.keys(tagsOf(item)));
    if (filter.name === 'tag-value') return (item) => anyMatches(Object.values(tagsOf(item)));
    const field = fields[filter.name];
    if (!field) throw invalidParameterValue(`The filter '${filter.name}' is invalid`);
    return (item) => anyMatches(field(item));
  });
  return (item) => tests.every((test) => test(item));
}

/** Resolve requested ids against a store: unknown ids fail with the resource's NotFound code (all of them named). */
export function lookupIds<T>(
  ids: string[],
  store: Map<string, T>,
  notFound: (missing: string[]) => LabError,
  visible: (item: T) => boolean = () => true,
): T[] {
  const missing: string[] = [];
  const found: T[] = [];
  for (const id of ids) {
    const item = store.get(id);
    if (item === undefined || !visible(item)) missing.push(id);
    else found.push(item);
  }
  if (missing.length > 0) throw notFound(missing);
  return found;
}

export const quoteIds = (ids: string[]): string => ids.map((id) => `'${id}'`).join(', ');
