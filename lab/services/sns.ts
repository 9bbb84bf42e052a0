// Amazon SNS (awsQuery, Version 2010-03-31): topics and Publish. The lab delivers nowhere; every accepted
// message is recorded in world.deliveries so tests (and alarm actions, later) can read what was sent.
import { randomUUID } from 'node:crypto';
import type { SnsTopic } from '../world/types.js';
import type { World } from '../world/world.js';
import { compareStrings, paginate, readParams, type ParamReader } from './params.js';
import { LabError, type LabCall, type ServiceDefinition } from './types.js';

const TOPIC_NAME = /^[A-Za-z0-9_-]{1,256}$/;
const FIFO_TOPIC_NAME = /^[A-Za-z0-9_-]{1,251}\.fifo$/;
const TOPICS_PER_PAGE = 100;
const MAX_MESSAGE_BYTES = 256 * 1024;

const invalidParameter = (message: string): LabError => new LabError('InvalidParameter', message);

function reader(call: LabCall): ParamReader {
  return readParams(call.params, invalidParameter);
}

/** Query maps arrive as `Attributes.entry.N.key/value`; JSON-style objects are accepted as they are. */
function attributeMap(params: ParamReader, name: string): Record<string, string> {
  const raw = params.object(name);
  if (!raw) return {};
  const entries = Array.isArray(raw.entry) ? (raw.entry as unknown[]) : undefined;
  const map: Record<string, string> = {};
  if (entries) {
    for (const entry of entries) {
      const { key, value } = (entry ?? {}) as { key?: unknown; value?: unknown };
      if (typeof key !== 'string' || typeof value !== 'string')
        throw invalidParameter(`Invalid parameter: ${name}`);
      map[key] = value;
    }
    return map;
  }
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value !== 'string') throw invalidParameter(`Invalid parameter: ${name}`);
    map[key] = value;
  }
  return map;
}

function createTopic(world: World, call: LabCall): unknown {
  const params = reader(call);
  const name = params.string('Name');
  if (name === undefined)
    throw new LabError(
      'ValidationError',
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null",
    );
  const attributes = attributeMap(params, 'Attributes');
  const fifo = attributes.FifoTopic === 'true';
  if (!(fifo ? FIFO_TOPIC_NAME : TOPIC_NAME).test(name))
    throw invalidParameter('Invalid parameter: Topic Name');
  const region = world.region(call.accountId, call.region);
  const topicArn = `arn:aws:sns:${call.region}:${call.accountId}:${name}`;
  const existing = region.topics.get(topicArn);
  if (existing) {
    // CreateTopic is idempotent, unless the attributes asked for differ from the topic's.
    const conflicting = Object.entries(attributes).some(([key, value]) => existing.attributes[key] !== value);
    if (conflicting)
      throw invalidParameter(
        'Invalid parameter: Attributes Reason: Topic already exists with different attributes',
      );
    return { TopicArn: topicArn };
  }
  const tags: Record<string, string> = {};
  for (const tag of params.objectList('Tags') ?? []) {
    if (typeof tag.Key !== 'string' || typeof tag.Value !== 'string')
      throw invalidParameter('Invalid parameter: Tags');
    tags[tag.Key] = tag.Value;
  }
  const topic: SnsTopic = { topicArn, name, attributes, tags };
  region.topics.set(topicArn, topic);
  return { TopicArn: topicArn };
}

function listTopics(world: World, call: LabCall): unknown {
  const params = reader(call);
  const topics = [...world.region(call.accountId, call.region).topics.values()].sort((a, b) =>
    compareStrings(a.topicArn, b.topicArn),
  );
  const { page, nextToken } = paginate(
    topics,
    (topic) => topic.topicArn,
    TOPICS_PER_PAGE,
    params.string('NextToken'),
    () => invalidParameter('Invalid parameter: NextToken'),
  );
  return { Topics: page.map((topic) => ({ TopicArn: topic.topicArn })), NextToken: nextToken };
}

function topicFor(world: World, call: LabCall, topicArn: string): SnsTopic {
  const match = /^arn:aws:sns:([^:]+):(\d{12}):([^:]+)$/.exec(topicArn);
  if (!match) throw invalidParameter('Invalid parameter: TopicArn');
  const topic =
    match[1] === call.region && match[2] === call.accountId
      ? world.region(call.accountId, call.region).topics.get(topicArn)
      : undefined;
  if (!topic) throw new LabError('NotFound', 'Topic does not exist', 404);
  return topic;
}

function publish(world: World, call: LabCall): unknown {
  const params = reader(call);
  const topicArn = params.string('TopicArn') ?? params.string('TargetArn');
  if (topicArn === undefined) {
    if (params.string('PhoneNumber') !== undefined)
      throw invalidParameter('Invalid parameter: the lab does not send SMS');
    throw invalidParameter(
      'Invalid parameter: TopicArn or TargetArn Reason: no value for required parameter',
    );
  }
  const message = params.string('Message');
  if (message === undefined) {
    throw new LabError(
      'ValidationError',
      "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null",
    );
  }
  if (message === '') throw invalidParameter('Invalid parameter: Empty message');
  if (Buffer.byteLength(message) > MAX_MESSAGE_BYTES)
    throw invalidParameter('Invalid parameter: Message too long');
  const subject = params.string('Subject');
  if (subject !== undefined && (subject === '' || subject.length > 100 || /[\r\n]/.test(subject))) {
    throw invalidParameter('Invalid parameter: Subject');
  }
  const topic = topicFor(world, call, topicArn);
  const messageId = randomUUID();
  world.deliveries.push({
    time: call.now,
    accountId: call.accountId,
    region: call.region,
    topicArn: topic.topicArn,
    messageId,
    subject,
    message,
    origin: 'publish',
  });
  return { MessageId: messageId };
}

function deleteTopic(world: World, call: LabCall): unknown {
  const topicArn = reader(call).string('TopicArn');
  if (topicArn === undefined) throw invalidParameter('Invalid parameter: TopicArn');
  // Deleting a topic that does not exist succeeds in AWS.
  world.region(call.accountId, call.region).topics.delete(topicArn);
  return undefined;
}

export const snsService: ServiceDefinition = {
  name: 'sns',
  operations: {
    CreateTopic: createTopic,
    ListTopics: listTopics,
    Publish: publish,
    DeleteTopic: deleteTopic,
  },
  mutating: new Set(['CreateTopic', 'Publish', 'DeleteTopic']),
};
