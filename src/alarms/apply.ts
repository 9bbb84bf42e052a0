// Applying an alarm plan: per account-region, in order, ensure the topic (CreateTopic, idempotent), put the
// alarms to create and update (retagging updates, since PutMetricAlarm ignores tags on an existing alarm),
// then delete what is gone. A failed topic stops that region's puts (alarms without a reachable action page
// nobody); every other failure is recorded and the rest goes on. Account-regions run in parallel.
import pLimit from 'p-limit';
import type { Scope } from '../model/types.js';
import type { AlarmsApi } from './api.js';
import type { AlarmPlan, DesiredAlarm } from './types.js';

export type AlarmActionKind = 'create-topic' | 'create' | 'update' | 'tag' | 'delete';

export interface AlarmActionResult {
  kind: AlarmActionKind;
  accountId: string;
  region: string;
  /** alarm name, or the topic name */
  name: string;
  ok: boolean;
  /** error name and message (never credentials or request data) */
  error?: string;
}

export interface AlarmApplyResult {
  actions: AlarmActionResult[];
  failed: number;
}

export interface ApplyDeps {
  apiFor(accountId: string, region: string): AlarmsApi;
  progress?: (line: string) => void;
  concurrency?: number;
}

const key = (s: Scope): string => `${s.accountId}/${s.region}`;

function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}

export async function applyAlarmPlan(plan: AlarmPlan, deps: ApplyDeps): Promise<AlarmApplyResult> {
  const scopes = new Map<string, Scope>();
  for (const s of [...plan.topics, ...plan.create, ...plan.update.map((u) => u.desired), ...plan.delete.map((d) => d.existing)]) {
    scopes.set(key(s), { accountId: s.accountId, region: s.region });
  }
  const actions: AlarmActionResult[] = [];
  const limit = pLimit(Math.max(1, deps.concurrency ?? 8));
  await Promise.all(
    [...scopes.values()].map((scope) =>
      limit(async () => {
        const api = deps.apiFor(scope.accountId, scope.region);
        const record = (result: AlarmActionResult): void => {
          actions.push(result);
          deps.progress?.(`${result.ok ? 'done' : 'FAILED'} ${result.kind} ${result.name} (${key(result)})${result.error ? `: ${result.error}` : ''}`);
        };
        const run = async (kind: AlarmActionKind, name: string, call: () => Promise<void>): Promise<boolean> => {
          try {
            await call();
            record({ kind, ...scope, name, ok: true });
            return true;
          } catch (error) {
            record({ kind, ...scope, name, ok: false, error: describeError(error) });
            return false;
          }
        };
        let topicReady = true;
        for (const topic of plan.topics.filter((t) => key(t) === key(scope))) {
          topicReady = await run('create-topic', topic.name, async () => {
            const arn = await api.createTopic(topic.name);
            if (arn !== topic.arn) throw new Error(`CreateTopic returned ${arn}, expected ${topic.arn}`);
          });
        }
        const puts: { alarm: DesiredAlarm; create: boolean; retag: boolean; arn?: string }[] = [
          ...plan.create.filter((a) => key(a) === key(scope)).map((alarm) => ({ alarm, create: true, retag: false })),
          ...plan.update.filter((u) => key(u.desired) === key(scope)).map((u) => ({ alarm: u.desired, create: false, retag: u.retag, arn: u.existing.alarmArn })),
        ];
        for (const put of puts) {
          if (!topicReady) {
            record({ kind: put.create ? 'create' : 'update', ...scope, name: put.alarm.alarmName, ok: false, error: 'skipped: the SNS topic could not be created' });
            continue;
          }
          const done = await run(put.create ? 'create' : 'update', put.alarm.alarmName, () => api.putAlarm(put.alarm, put.create));
          if (done && put.retag && put.arn) await run('tag', put.alarm.alarmName, () => api.tagAlarm(put.arn!, put.alarm.tags));
        }
        const names = plan.delete.filter((d) => key(d.existing) === key(scope)).map((d) => d.existing.alarmName);
        if (names.length > 0) {
          try {
            await api.deleteAlarms(names);
            for (const name of names) record({ kind: 'delete', ...scope, name, ok: true });
          } catch (error) {
            for (const name of names) record({ kind: 'delete', ...scope, name, ok: false, error: describeError(error) });
          }
        }
      }),
    ),
  );
  actions.sort((a, b) => (key(a) + a.name < key(b) + b.name ? -1 : key(a) + a.name > key(b) + b.name ? 1 : 0));
  return { actions, failed: actions.filter((a) => !a.ok).length };
}
