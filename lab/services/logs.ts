// CloudWatch Logs (JSON 1.1, lowerCamel members): log groups (create, delete, retention, describe) and
// the stream/event calls the tool uses to read tunnel logs. Other lab code writes tunnel logs through
// appendLogEvent, as AWS's vended-log delivery would.
import type { LogEvent, LogGroup, RegionState } from '../world/types.js';
import type { World } from '../world/world.js';
import { compileFilterPattern, FilterPatternError, type LogMatcher } from './logs-filter.js';
import { compareStrings, paginate, readParams, type ParamReader } from './params.js';
import { LabError, type LabCall, type ServiceDefinition } from './types.js';

export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const LOG_GROUP_NAME = /^[.\-_/#A-Za-z0-9]{1,512}$/;
const LOG_STREAM_NAME = /^[^:*]{1,512}$/;
const DAY_MS = 86_400_000;

const invalid = (message: string): LabError => new LabError('InvalidParameterException', message);
const groupNotFound = (): LabError =>
  new LabError('ResourceNotFoundException', 'The specified log group does not exist.');
const streamNotFound = (): LabError =>
  new LabError('ResourceNotFoundException', 'The specified log stream does not exist.');
const badToken = (): LabError => invalid('The specified nextToken is invalid.');

let eventSequence = 0n;

/** 56 digits like AWS's event ids; ordering them as strings orders by timestamp, then arrival. */
function nextEventId(timestamp: number): string {
  eventSequence += 1n;
  return `${String(Math.max(0, Math.trunc(timestamp))).padStart(16, '0')}${eventSequence.toString().padStart(40, '0')}`;
}

/** Inserts keeping the stream time-ordered (vended logs may arrive slightly out of order). */
function insertEvent(events: LogEvent[], event: LogEvent): void {
  let low = 0;
  let high = events.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (events[middle]!.timestamp <= event.timestamp) low = middle + 1;
    else high = middle;
  }
  events.splice(low, 0, event);
}

/**
 * Writes one event to `group`/`stream` of this account-region, creating the stream when needed (as AWS's
 * log delivery does). Returns the event, or undefined when the log group does not exist (nothing is
 * delivered to a missing group, as in AWS).
 */
export function appendLogEvent(
  region: RegionState,
  group: string,
  stream: string,
  timestamp: number,
  message: string,
  ingestionTime = timestamp,
): LogEvent | undefined {
  const logGroup = region.logGroups.get(group);
  if (!logGroup) return undefined;
  let events = logGroup.streams.get(stream);
  if (!events) {
    events = [];
    logGroup.streams.set(stream, events);
    (logGroup.streamCreationTimes ??= new Map()).set(stream, ingestionTime);
  }
  const event: LogEvent = { timestamp, ingestionTime, message, eventId: nextEventId(timestamp) };
  insertEvent(events, event);
  return event;
}

function groupArn(region: RegionState, name: string): string {
  return `arn:aws:logs:${region.region}:${region.accountId}:log-group:${name}`;
}

/** logGroupName, or logGroupIdentifier (a name or an ARN, with or without `:*`); exactly one of them. */
function resolveGroup(region: RegionState, params: ParamReader): LogGroup {
  const name = params.string('logGroupName');
  const identifier = params.string('logGroupIdentifier');
  if (name !== undefined && identifier !== undefined) {
    throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
  }
  let groupName = name ?? identifier;
  if (groupName === undefined) throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
  const arnMatch = /^arn:aws:logs:([^:]+):(\d{12}):log-group:(.+?)(?::\*)?$/.exec(groupName);
  if (name === undefined && arnMatch) {
    if (arnMatch[1] !== region.region || arnMatch[2] !== region.accountId) throw groupNotFound();
    groupName = arnMatch[3]!;
  }
  const group = region.logGroups.get(groupName);
  if (!group) throw groupNotFound();
  return group;
}

function requireGroupName(params: ParamReader): string {
  const name = params.requiredString('logGroupName');
  if (!LOG_GROUP_NAME.test(name)) {
    throw invalid(
      `1 validation error detected: Value '${name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+`,
    );
  }
  return name;
}

function regionOf(world: World, call: LabCall): RegionState {
  return world.region(call.accountId, call.region);
}

function reader(call: LabCall): ParamReader {
  return readParams(call.params, invalid);
}

function createLogGroup(world: World, call: LabCall): unknown {
  const params = reader(call);
  const name = requireGroupName(params);
  const tags = params.object('tags') ?? {};
  const region = regionOf(world, call);
  if (region.logGroups.has(name)) {
    throw new LabError('ResourceAlreadyExistsException', 'The specified log group already exists');
  }
  const stringTags: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') throw invalid(`Value at 'tags.${key}' must be a string.`);
    stringTags[key] = value;
  }
  region.logGroups.set(name, {
    logGroupName: name,
    creationTime: call.now,
    tags: stringTags,
    streams: new Map(),
  });
  return undefined;
}

function deleteLogGroup(world: World, call: LabCall): unknown {
  const name = requireGroupName(reader(call));
  const region = regionOf(world, call);
  if (!region.logGroups.delete(name)) throw groupNotFound();
  return undefined;
}

function putRetentionPolicy(world: World, call: LabCall): unknown {
  const params = reader(call);
  const name = requireGroupName(params);
  const days = params.requiredInt('retentionInDays');
  if (!(RETENTION_DAYS as readonly number[]).includes(days)) {
    throw invalid(
      `1 validation error detected: Value '${days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [${RETENTION_DAYS.join(', ')}]`,
    );
  }
  const group = regionOf(world, call).logGroups.get(name);
  if (!group) throw groupNotFound();
  group.retentionInDays = days;
  return undefined;
}

function deleteRetentionPolicy(world: World, call: LabCall): unknown {
  const group = regionOf(world, call).logGroups.get(requireGroupName(reader(call)));
  if (!group) throw groupNotFound();
  delete group.retentionInDays;
  return undefined;
}

function storedBytes(group: LogGroup): number {
  let bytes = 0;
  for (const events of group.streams.values())
    for (const event of events) bytes += Buffer.byteLength(event.message);
  return bytes;
}

function describeLogGroups(world: World, call: LabCall): unknown {
  const params = reader(call);
  const prefix = params.string('logGroupNamePrefix');
  const pattern = params.string('logGroupNamePattern');
  const identifiers = params.stringList('logGroupIdentifiers');
  if ([prefix, pattern, identifiers].filter((value) => value !== undefined).length > 1) {
    throw invalid('logGroupNamePrefix, logGroupNamePattern and logGroupIdentifiers are mutually exclusive.');
  }
  const limit = params.int('limit', { min: 1, max: 50 }) ?? 50;
  const region = regionOf(world, call);
  const wanted =
    identifiers &&
    new Set(
      identifiers.map((id) => id.replace(/^arn:aws:logs:[^:]+:\d{12}:log-group:/, '').replace(/:\*$/, '')),
    );
  const groups = [...region.logGroups.values()]
    .filter((group) => prefix === undefined || group.logGroupName.startsWith(prefix))
    .filter(
      (group) => pattern === undefined || group.logGroupName.toLowerCase().includes(pattern.toLowerCase()),
    )
    .filter((group) => !wanted || wanted.has(group.logGroupName))
    .sort((a, b) => compareStrings(a.logGroupName, b.logGroupName));
  const { page, nextToken } = paginate(
    groups,
    (group) => group.logGroupName,
    limit,
    params.string('nextToken'),
    badToken,
  );
  return {
    logGroups: page.map((group) => ({
      logGroupName: group.logGroupName,
      creationTime: group.creationTime,
      retentionInDays: group.retentionInDays,
      metricFilterCount: 0,
      arn: `${groupArn(region, group.logGroupName)}:*`,
      storedBytes: storedBytes(group),
      logGroupClass: 'STANDARD',
      logGroupArn: groupArn(region, group.logGroupName),
    })),
    nextToken,
  };
}

function createLogStream(world: World, call: LabCall): unknown {
  const params = reader(call);
  const group = regionOf(world, call).logGroups.get(requireGroupName(params));
  const streamName = params.requiredString('logStreamName');
  if (!LOG_STREAM_NAME.test(streamName)) throw invalid(`Invalid log stream name '${streamName}'.`);
  if (!group) throw groupNotFound();
  if (group.streams.has(streamName)) {
    throw new LabError('ResourceAlreadyExistsException', 'The specified log stream already exists');
  }
  group.streams.set(streamName, []);
  (group.streamCreationTimes ??= new Map()).set(streamName, call.now);
  return undefined;
}

function describeLogStreams(world: World, call: LabCall): unknown {
  const params = reader(call);
  const region = regionOf(world, call);
  const group = resolveGroup(region, params);
  const prefix = params.string('logStreamNamePrefix');
  const orderBy = params.string('orderBy') ?? 'LogStreamName';
  if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
    throw invalid(
      `1 validation error detected: Value '${orderBy}' at 'orderBy' failed to satisfy constraint: Member must satisfy enum value set: [LogStreamName, LastEventTime]`,
    );
  }
  if (orderBy === 'LastEventTime' && prefix !== undefined) {
    throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
  }
  const descending = params.bool('descending') ?? false;
  const limit = params.int('limit', { min: 1, max: 50 }) ?? 50;
  const streams = [...group.streams.entries()]
    .filter(([name]) => prefix === undefined || name.startsWith(prefix))
    .map(([name, events]) => describeStream(region, group, name, events));
  // Positions in the sorted list make the token: names for name order, a padded time+name otherwise.
  const sortKey = (stream: { logStreamName: string; lastEventTimestamp?: number }): string =>
    orderBy === 'LogStreamName'
      ? stream.logStreamName
      : `${String(stream.lastEventTimestamp ?? 0).padStart(16, '0')}/${stream.logStreamName}`;
  streams.sort((a, b) => compareStrings(sortKey(a), sortKey(b)));
  if (descending) streams.reverse();
  const ordered = descending
    ? streams.map((stream, index) => ({ stream, key: String(index).padStart(10, '0') }))
    : streams.map((stream) => ({ stream, key: sortKey(stream) }));
  const { page, nextToken } = paginate(
    ordered,
    (entry) => entry.key,
    limit,
    params.string('nextToken'),
    badToken,
  );
  return { logStreams: page.map((entry) => entry.stream), nextToken };
}

function describeStream(region: RegionState, group: LogGroup, name: string, events: LogEvent[]) {
  const first = events[0];
  const last = events.at(-1);
  return {
    logStreamName: name,
    creationTime: group.streamCreationTimes?.get(name) ?? group.creationTime,
    firstEventTimestamp: first?.timestamp,
    lastEventTimestamp: last?.timestamp,
    lastIngestionTime: events.reduce<number | undefined>(
      (latest, event) => Math.max(latest ?? 0, event.ingestionTime),
      undefined,
    ),
    arn: `${groupArn(region, group.logGroupName)}:log-stream:${name}`,
    storedBytes: 0,
  };
}

function putLogEvents(world: World, call: LabCall): unknown {
  const params = reader(call);
  const region = regionOf(world, call);
  const groupName = requireGroupName(params);
  const streamName = params.requiredString('logStreamName');
  const events = params.objectList('logEvents');
  if (!events || events.length === 0 || events.length > 10_000) {
    throw invalid(
      "1 validation error detected: Value at 'logEvents' failed to satisfy constraint: Member must have length between 1 and 10000",
    );
  }
  const group = region.logGroups.get(groupName);
  if (!group) throw groupNotFound();
  if (!group.streams.has(streamName)) throw streamNotFound();
  const parsed = events.map((event, index) => {
    const eventParams = readParams(event, invalid);
    const timestamp = eventParams.int('timestamp');
    const message = eventParams.string('message');
    if (timestamp === undefined || message === undefined || message === '') {
      throw invalid(`Log event ${index} must have a timestamp and a non-empty message.`);
    }
    return { timestamp, message };
  });
  for (let i = 1; i < parsed.length; i++) {
    if (parsed[i]!.timestamp < parsed[i - 1]!.timestamp) {
      throw invalid('Log events in a single PutLogEvents request must be in chronological order.');
    }
  }
  // AWS rejects events older than 14 days (or the retention period) and more than 2 hours in the future.
  const oldest = call.now - Math.min(14, group.retentionInDays ?? 14) * DAY_MS;
  const newest = call.now + 2 * 3_600_000;
  let tooOldEnd: number | undefined;
  let tooNewStart: number | undefined;
  parsed.forEach((event, index) => {
    if (event.timestamp < oldest) tooOldEnd = index + 1;
    else if (event.timestamp > newest) tooNewStart ??= index;
    else appendLogEvent(region, groupName, streamName, event.timestamp, event.message, call.now);
  });
  const rejected =
    tooOldEnd === undefined && tooNewStart === undefined
      ? undefined
      : { tooOldLogEventEndIndex: tooOldEnd, tooNewLogEventStartIndex: tooNewStart };
  return { nextSequenceToken: String(eventSequence).padStart(56, '0'), rejectedLogEventsInfo: rejected };
}

function timeWindow(params: ParamReader): (event: LogEvent) => boolean {
  const startTime = params.int('startTime', { min: 0 });
  const endTime = params.int('endTime', { min: 0 });
  return (event) =>
    (startTime === undefined || event.timestamp >= startTime) &&
    (endTime === undefined || event.timestamp <= endTime);
}

function matcherFor(pattern: string | undefined): LogMatcher {
  try {
    return compileFilterPattern(pattern);
  } catch (error) {
    if (error instanceof FilterPatternError) throw invalid(`Invalid filter pattern: ${error.message}`);
    throw error;
  }
}

function filterLogEvents(world: World, call: LabCall): unknown {
  const params = reader(call);
  const region = regionOf(world, call);
  const group = resolveGroup(region, params);
  const streamNames = params.stringList('logStreamNames');
  const streamPrefix = params.string('logStreamNamePrefix');
  if (streamNames !== undefined && streamPrefix !== undefined) {
    throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive.');
  }
  const limit = params.int('limit', { min: 1, max: 10_000 }) ?? 10_000;
  const inWindow = timeWindow(params);
  const matches = matcherFor(params.string('filterPattern'));
  const found: { logStreamName: string; event: LogEvent }[] = [];
  for (const [streamName, events] of group.streams) {
    if (streamNames && !streamNames.includes(streamName)) continue;
    if (streamPrefix !== undefined && !streamName.startsWith(streamPrefix)) continue;
    for (const event of events) {
      if (inWindow(event) && matches(event.message)) found.push({ logStreamName: streamName, event });
    }
  }
  // Event ids may come from other lab writers in any form, so order (and page) by time first, then id.
  const keyOf = (entry: { event: LogEvent }): string =>
    `${String(Math.max(0, entry.event.timestamp)).padStart(16, '0')}/${entry.event.eventId}`;
  found.sort((a, b) => compareStrings(keyOf(a), keyOf(b)));
  const { page, nextToken } = paginate(found, keyOf, limit, params.string('nextToken'), badToken);
  return {
    events: page.map(({ logStreamName, event }) => ({
      logStreamName,
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
      eventId: event.eventId,
    })),
    searchedLogStreams: [],
    nextToken,
  };
}

/** GetLogEvents tokens: `f/<index>` reads forward from index, `b/<index>` reads backward to index. */
function positionToken(direction: 'f' | 'b', index: number): string {
  return `${direction}/${String(index).padStart(56, '0')}/s`;
}

function parsePositionToken(token: string): { direction: 'f' | 'b'; index: number } {
  const match = /^([fb])\/(\d{1,56})\/s$/.exec(token);
  if (!match) throw badToken();
  return { direction: match[1] as 'f' | 'b', index: Number(match[2]) };
}

function getLogEvents(world: World, call: LabCall): unknown {
  const params = reader(call);
  const region = regionOf(world, call);
  const group = resolveGroup(region, params);
  const streamName = params.requiredString('logStreamName');
  const stream = group.streams.get(streamName);
  if (!stream) throw streamNotFound();
  const limit = params.int('limit', { min: 1, max: 10_000 }) ?? 10_000;
  const events = stream.filter(timeWindow(params));
  const token = params.string('nextToken');
  let start: number;
  let end: number;
  if (token !== undefined) {
    const position = parsePositionToken(token);
    const index = Math.min(position.index, events.length);
    if (position.direction === 'f') {
      start = index;
      end = Math.min(events.length, index + limit);
    } else {
      end = index;
      start = Math.max(0, index - limit);
    }
  } else if (params.bool('startFromHead') === true) {
    start = 0;
    end = Math.min(events.length, limit);
  } else {
    end = events.length;
    start = Math.max(0, end - limit);
  }
  // At either end of the stream the token handed back is the one passed in, which is how AWS says "no more".
  return {
    events: events.slice(start, end).map((event) => ({
      timestamp: event.timestamp,
      message: event.message,
      ingestionTime: event.ingestionTime,
    })),
    nextForwardToken: positionToken('f', end),
    nextBackwardToken: positionToken('b', start),
  };
}

export const logsService: ServiceDefinition = {
  name: 'logs',
  operations: {
    CreateLogGroup: createLogGroup,
    DeleteLogGroup: deleteLogGroup,
    PutRetentionPolicy: putRetentionPolicy,
    DeleteRetentionPolicy: deleteRetentionPolicy,
    DescribeLogGroups: describeLogGroups,
    CreateLogStream: createLogStream,
    DescribeLogStreams: describeLogStreams,
    PutLogEvents: putLogEvents,
    FilterLogEvents: filterLogEvents,
    GetLogEvents: getLogEvents,
  },
  mutating: new Set([
    'CreateLogGroup',
    'DeleteLogGroup',
    'PutRetentionPolicy',
    'DeleteRetentionPolicy',
    'CreateLogStream',
    'PutLogEvents',
  ]),
};
