// The contract between the protocol layer (lab/protocols, lab/server.ts) and the services.
import type { World } from '../world/world.js';

export type ServiceName = 'ec2' | 'sts' | 'organizations' | 'logs' | 'monitoring' | 'sns' | 'securityhub';
export type Protocol = 'ec2' | 'query' | 'json1.0' | 'json1.1' | 'rest-json';

/**
 * Parsed input of one call.
 * - query protocols (EC2, STS, CloudWatch query dialect, SNS): the form decoded into a nested object:
 *   `Filter.1.Name=a&Filter.1.Value.1=b` -> `{ Filter: [{ Name: 'a', Value: ['b'] }] }`, `member` segments
 *   (`Dimensions.member.1.Name`) dropped, every leaf a string.
 * - JSON protocols: the parsed JSON body as sent (numbers stay numbers).
 */
export type Params = Record<string, unknown>;

export interface LabCall {
  service: ServiceName;
  operation: string;
  protocol: Protocol;
  params: Params;
  /** Account bound to the access key that signed the request. */
  accountId: string;
  /** Region from the SigV4 credential scope. */
  region: string;
  accessKeyId: string;
  /** arn:aws:iam::ACCOUNT:user/lab or arn:aws:sts::ACCOUNT:assumed-role/NAME/SESSION */
  callerArn: string;
  requestId: string;
  /** lab clock, epoch ms */
  now: number;
  /**
   * Set by a handler to name what it acted on (e.g. `vpn-0abc/52.2.144.13` for ModifyVpnTunnelOptions);
   * the server copies it into the request log's `target`.
   */
  target?: string;
}

/**
 * A service operation. Returns the output data:
 * - EC2: an object keyed by wire (locationName) names; arrays become `<item>` lists, Dates/epoch-ms become
 *   ISO-8601 via `isoTime()`, undefined members are omitted.
 * - query (STS, CloudWatch, SNS): keyed by member names; the serializer adds `<OpResult>` and `<member>` lists.
 * - JSON: keyed by member names; Date values become epoch seconds.
 * Throw `LabError` for AWS errors.
 */
export type Handler = (world: World, call: LabCall) => unknown;

export interface ServiceDefinition {
  name: ServiceName;
  operations: Record<string, Handler>;
  /** Operations that change state (the request log marks them; EC2 throttling uses the mutating bucket). */
  mutating: ReadonlySet<string>;
}

/** EC2 XML timestamps: epoch ms (or a Date) -> ISO-8601 with milliseconds, as EC2 sends them. */
export function isoTime(time: number | Date): string {
  return (typeof time === 'number' ? new Date(time) : time).toISOString();
}

/** An AWS error. The protocol layer renders it in the service's error shape. */
export class LabError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus = 400,
    /** 'Sender' | 'Receiver' for query protocols */
    readonly type: 'Sender' | 'Receiver' = httpStatus >= 500 ? 'Receiver' : 'Sender',
  ) {
    super(message);
    this.name = code;
  }
}
