// Request throttling. EC2 uses token buckets per account, per region, per action category with AWS's sizes
// (reference/aws-vpn-facts.md §6.1); a request takes one token or gets RequestLimitExceeded (HTTP 503).
// The other services are not rate-limited by default, but their throttling errors live here so faults can
// inject exactly what AWS sends.
import { LabError, type ServiceName } from '../services/types.js';

export type Ec2Category = 'non-mutating' | 'mutating' | 'tags' | 'client-vpn-uncategorized';

export interface BucketSize {
  /** burst: tokens when full */
  capacity: number;
  refillPerSecond: number;
}

export const AWS_EC2_BUCKETS: Readonly<Record<Ec2Category, BucketSize>> = {
  'non-mutating': { capacity: 100, refillPerSecond: 20 },
  mutating: { capacity: 50, refillPerSecond: 5 },
  tags: { capacity: 100, refillPerSecond: 10 },
  'client-vpn-uncategorized': { capacity: 5, refillPerSecond: 2 },
};

export interface ThrottleOptions {
  /** default true */
  enabled?: boolean;
  /** multiplies every bucket's capacity and refill rate (0.1 = a tenth of AWS's sizes); default 1 */
  scale?: number;
  /** per-category overrides, applied after scaling */
  buckets?: Partial<Record<Ec2Category, BucketSize>>;
  /** time source in ms; throttling is real time (the SDK backs off in real time), not the lab clock */
  now?: () => number;
}

const UNCATEGORIZED_CLIENT_VPN = new Set([
  'AuthorizeClientVpnIngress',
  'CreateClientVpnRoute',
  'DeleteClientVpnRoute',
  'RevokeClientVpnIngress',
]);

export function ec2Category(operation: string): Ec2Category {
  if (operation === 'CreateTags' || operation === 'DeleteTags') return 'tags';
  if (UNCATEGORIZED_CLIENT_VPN.has(operation)) return 'client-vpn-uncategorized';
  if (/^(Describe|List|Get|Search)/.test(operation)) return 'non-mutating';
  return 'mutating';
}

interface Bucket {
  tokens: number;
  updatedAt: number;
}

export class Throttle {
  enabled: boolean;
  private readonly sizes: Record<Ec2Category, BucketSize>;
  private readonly buckets = new Map<string, Bucket>();
  private readonly now: () => number;

  constructor(options: ThrottleOptions = {}) {
    this.enabled = options.enabled ?? true;
    const scale = options.scale ?? 1;
    if (!(scale > 0)) throw new RangeError('throttling scale must be a positive number');
    const scaled = (size: BucketSize): BucketSize => ({
      capacity: Math.max(1, Math.round(size.capacity * scale)),
      refillPerSecond: size.refillPerSecond * scale,
    });
    this.sizes = {
      'non-mutating': options.buckets?.['non-mutating'] ?? scaled(AWS_EC2_BUCKETS['non-mutating']),
      mutating: options.buckets?.mutating ?? scaled(AWS_EC2_BUCKETS.mutating),
      tags: options.buckets?.tags ?? scaled(AWS_EC2_BUCKETS.tags),
      'client-vpn-uncategorized':
        options.buckets?.['client-vpn-uncategorized'] ?? scaled(AWS_EC2_BUCKETS['client-vpn-uncategorized']),
    };
    this.now = options.now ?? Date.now;
  }

  /** Takes a token for this call; returns the error to send when the bucket is empty. */
  admit(service: ServiceName, operation: string, accountId: string, region: string): LabError | undefined {
    if (!this.enabled || service !== 'ec2') return undefined;
    const category = ec2Category(operation);
    const size = this.sizes[category];
    const key = `${accountId}/${region}/${category}`;
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: size.capacity, updatedAt: now };
    bucket.tokens = Math.min(
      size.capacity,
      bucket.tokens + ((now - bucket.updatedAt) / 1000) * size.refillPerSecond,
    );
    bucket.updatedAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return throttlingError('ec2');
    bucket.tokens -= 1;
    return undefined;
  }

  /** Refills every bucket (tests, and a world reset). */
  reset(): void {
    this.buckets.clear();
  }
}

/** The error each service sends when it throttles a caller. */
export function throttlingError(service: ServiceName): LabError {
  switch (service) {
    case 'ec2':
      return new LabError('RequestLimitExceeded', 'Request limit exceeded.', 503);
    case 'monitoring':
      return new LabError('Throttling', 'Rate exceeded', 400);
    case 'logs':
      return new LabError('ThrottlingException', 'Rate exceeded', 400);
    case 'organizations':
      return new LabError(
        'TooManyRequestsException',
        'You have sent too many requests in too short a period of time.',
        400,
      );
    case 'sts':
    case 'sns':
      return new LabError('Throttling', 'Rate exceeded', 400);
    case 'securityhub':
      return new LabError('TooManyRequestsException', 'Rate exceeded', 429);
  }
}
