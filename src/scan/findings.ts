// The scan's findings without the findings: a compact record per finding (which resource, which control, and
// the keys it sorts by), and the finding itself re-made from the resource when a formatter reads it.
//
// Evaluation is a pure function of (control, resource, evaluation time), so the finding made again while the
// output is written is the one the scan made: same status, reason, tunnel details and diagnosis. Holding
// 511,700 finding objects of a 170,000-connection estate took about 183 MB; the records take about 6 MB (11 bytes each).
// Order: the documented finding order (src/controls/index.ts), with the resource's rank in
// (accountId, region, resourceId) order standing in for the three text comparisons.
import { controls, controlRank, type Control, evaluateControl, longestDownSeconds, SEVERITY_ORDER, STATUS_ORDER } from '../controls/index.js';
import { resourceIdOf } from '../controls/finding.js';
import { diagnoseFinding } from '../diagnose/attach.js';
import type { Finding, Resource, ResultStatus, ScanResult, ScanSource, Severity } from '../model/types.js';
import { Compactor } from './compact.js';

/** One control on one resource at one time, a failing EC2.20 finding with its diagnosis (as the scan reports it). */
export function evaluateWithDiagnosis(control: Control, resource: Resource, now: Date): Finding[] {
  const findings = evaluateControl(control, resource, { now });
  for (const f of findings) {
    const diagnosis = diagnoseFinding(f, resource, now);
    if (diagnosis) f.diagnosis = diagnosis;
  }
  return findings;
}

export type FindingKey = Pick<Finding, 'control' | 'status' | 'severity'>;

const STATUSES = Object.keys(STATUS_ORDER) as ResultStatus[];
const SEVERITIES = Object.keys(SEVERITY_ORDER) as Severity[];

/** A typed array that grows (11 bytes per finding in all, where plain number arrays take 32 and more). */
class Column<A extends Uint8Array | Uint16Array | Uint32Array | Int32Array> {
  length = 0;
  constructor(private values: A) {}

  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new (this.values.constructor as new (n: number) => A)(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }

  at(i: number): number {
    return this.values[i]!;
  }
}

export class FindingTable implements Iterable<Finding> {
  private readonly resources: Resource[] = [];
  private readonly evaluatedAt: number[] = [];
  // One entry per finding.
  private readonly resource = new Column(new Uint32Array(1024));
  /** control index << 8 | index among the control's findings on the resource */
  private readonly control = new Column(new Uint16Array(1024));
  /** status << 4 | severity (indexes into STATUSES and SEVERITIES) */
  private readonly grade = new Column(new Uint8Array(1024));
  /** longestDownSeconds: -1 when no tunnel is DOWN with a known time */
  private readonly longestDown = new Column(new Int32Array(1024));
  private order: Uint32Array | undefined;

  get size(): number {
    return this.resource.length;
  }

  /** Evaluates every control on the resource now and keeps one record per finding. */
  add(resource: Resource, now: Date): void {
    const slot = this.resources.push(resource) - 1;
    this.evaluatedAt.push(now.getTime());
    controls.forEach((control, c) => {
      evaluateControl(control, resource, { now }).forEach((f, k) => {
        this.resource.push(slot);
        this.control.push((c << 8) | k);
        this.grade.push((STATUSES.indexOf(f.status) << 4) | SEVERITIES.indexOf(f.severity));
        this.longestDown.push(longestDownSeconds(f));
      });
    });
    this.order = undefined;
  }

  private key(i: number): FindingKey {
    const grade = this.grade.at(i);
    return { control: controls[this.control.at(i) >> 8]!.id, status: STATUSES[grade >> 4]!, severity: SEVERITIES[grade & 15]! };
  }

  /** Control, status and severity of each finding, without making the findings (for counts and exit codes). */
  *keys(): Generator<FindingKey> {
    for (let i = 0; i < this.size; i++) yield this.key(i);
  }

  private sorted(): Uint32Array {
    if (this.order) return this.order;
    const rank = new Uint32Array(this.resources.length);
    const id = this.resources.map(resourceIdOf);
    const bySlot = Uint32Array.from(this.resources.keys());
    bySlot.sort((a, b) => {
      const x = this.resources[a]!;
      const y = this.resources[b]!;
      return compareText(x.accountId, y.accountId) || compareText(x.region, y.region) || compareText(id[a]!, id[b]!);
    });
    bySlot.forEach((slot, r) => (rank[slot] = r));
    const primary = (i: number) => {
      const grade = this.grade.at(i);
      const status = STATUS_ORDER[STATUSES[grade >> 4]!];
      const severity = SEVERITY_ORDER[SEVERITIES[grade & 15]!];
      return (status * 8 + severity) * 64 + controlRank(controls[this.control.at(i) >> 8]!.id);
    };
    const first = Uint32Array.from({ length: this.size }, (_, i) => primary(i));
    this.order = Uint32Array.from({ length: this.size }, (_, i) => i).sort(
      (a, b) => first[a]! - first[b]! || this.longestDown.at(b) - this.longestDown.at(a) || rank[this.resource.at(a)]! - rank[this.resource.at(b)]!,
    );
    return this.order;
  }

  /** The findings in the documented order, each made when it is read. */
  *[Symbol.iterator](): Iterator<Finding> {
    for (const i of this.sorted()) {
      const slot = this.resource.at(i);
      const at = new Date(this.evaluatedAt[slot]!);
      yield evaluateWithDiagnosis(controls[this.control.at(i) >> 8]!, this.resources[slot]!, at)[this.control.at(i) & 255]!;
    }
  }
}

/** The source as a ScanResult: lazily produced findings are made once, into one compacted array. */
export function resultOf(source: ScanSource): ScanResult {
  if (Array.isArray(source.findings)) return source as ScanResult;
  const batch = new Compactor().batch();
  return { ...source, findings: Array.from(source.findings, (f) => batch.finding(f)) };
}

function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
