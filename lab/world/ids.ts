// Generated identifiers and secrets for the lab: resource ids shaped like AWS's, tunnel outside IPs from
// ranges that can never route to anyone, account keys, and per-tunnel pre-shared keys derived from the
// lab's secret seed (so no two connections share a key and no key is a fixed string).
import { createHmac, randomBytes } from 'node:crypto';
import type { World } from './world.js';

export type ResourcePrefix = 'vpn' | 'cgw' | 'vgw' | 'tgw' | 'cvpn-endpoint' | 'vpc' | 'sg' | 'subnet';

// Random bytes are drawn from a pool: one randomBytes() call per id is the slow part of loading a large estate.
const POOL_SIZE = 64 * 1024;
let pool = randomBytes(POOL_SIZE);
let poolOffset = 0;

function takeRandom(length: number): Buffer {
  if (poolOffset + length > POOL_SIZE) {
    pool = randomBytes(POOL_SIZE);
    poolOffset = 0;
  }
  const slice = pool.subarray(poolOffset, poolOffset + length);
  poolOffset += length;
  return slice;
}

/** `vpn-0` + 16 hex digits: the 17-hex-digit id format AWS has used since 2016 (it starts with 0). */
export function resourceId(prefix: ResourcePrefix): string {
  return `${prefix}-0${takeRandom(8).toString('hex')}`;
}

export const RESOURCE_ID_PATTERN = /^(vpn|cgw|vgw|tgw|cvpn-endpoint|vpc|sg|subnet)-[0-9a-f]{8}([0-9a-f]{9})?$/;

const UPPER_BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function randomString(alphabet: string, length: number): string {
  const bytes = takeRandom(length);
  let out = '';
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}

/** AKIA + 16 characters, as IAM long-term access keys look. */
export function accessKeyId(): string {
  return `AKIA${randomString(UPPER_BASE32, 16)}`;
}

export function secretAccessKey(): string {
  return randomString(SECRET_ALPHABET, 40);
}

// AWS accepts alphanumerics, '.' and '_' in pre-shared keys: exactly 64 symbols, so one symbol per 6 bits.
const PSK_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._';
export const PSK_LENGTH = 32;

/**
 * The pre-shared key AWS would generate for one tunnel: HMAC of the lab's secret seed, the connection and
 * the tunnel, so it is unique per tunnel, stable for the life of the lab and unguessable across labs.
 */
export function derivePreSharedKey(secretSeed: Buffer, vpnConnectionId: string, outsideIpAddress: string): string {
  const digest = createHmac('sha256', secretSeed).update(`${vpnConnectionId}/${outsideIpAddress}`).digest();
  let key = '';
  for (let i = 0; i < PSK_LENGTH; i++) {
    // 32 symbols x 6 bits = 192 bits: read the digest as a bit stream.
    const bit = i * 6;
    const byte = bit >> 3;
    const word = (digest[byte]! << 8) | (digest[byte + 1] ?? 0);
    key += PSK_ALPHABET[(word >> (10 - (bit & 7))) & 63];
  }
  // AWS rejects keys that start with 0.
  return key.startsWith('0') ? `Z${key.slice(1)}` : key;
}

export const PSK_PATTERN = /^[A-Za-z0-9._]{8,64}$/;

export function isValidPreSharedKey(value: string): boolean {
  return PSK_PATTERN.test(value) && !value.startsWith('0');
}

// ---------------------------------------------------------------------------------------------------------
// Outside IP addresses. Tunnel endpoints come from the documentation ranges first (RFC 5737: what the
// runbooks show), then the benchmarking range (RFC 2544) and the shared range (RFC 6598) when a large estate
// needs more than the 762 documentation addresses. None of them is routable on the internet.

interface Range {
  base: number;
  /** usable hosts (network and broadcast skipped for /24s) */
  size: number;
  /** multiplier coprime with size, so addresses look scattered rather than .1, .2, .3 */
  stride: number;
  firstHost: number;
}

const ipToNumber = (ip: string): number => ip.split('.').reduce((n, octet) => n * 256 + Number(octet), 0);
const numberToIp = (n: number): string => [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');

const TUNNEL_RANGES: Range[] = [
  { base: ipToNumber('203.0.113.0'), size: 254, stride: 37, firstHost: 1 },
  { base: ipToNumber('192.0.2.0'), size: 254, stride: 37, firstHost: 1 },
  { base: ipToNumber('198.18.0.0'), size: 131_070, stride: 1, firstHost: 1 },
  { base: ipToNumber('100.64.0.0'), size: 2_097_150, stride: 1, firstHost: 1 },
];
const CUSTOMER_GATEWAY_RANGES: Range[] = [
  { base: ipToNumber('198.51.100.0'), size: 254, stride: 41, firstHost: 1 },
  { base: ipToNumber('100.96.0.0'), size: 2_097_150, stride: 1, firstHost: 1 },
];

class AddressPool {
  private cursor = 0;
  /** addresses a scenario named explicitly: never handed out by the generator */
  private readonly claimed = new Set<number>();
  constructor(private readonly ranges: Range[]) {}

  private addressAt(index: number): number | undefined {
    let i = index;
    for (const range of this.ranges) {
      if (i < range.size) return range.base + range.firstHost + ((i * range.stride) % range.size);
      i -= range.size;
    }
    return undefined;
  }

  next(): string {
    for (;;) {
      const address = this.addressAt(this.cursor++);
      if (address === undefined) throw new Error('the lab ran out of outside IP addresses');
      if (!this.claimed.has(address)) return numberToIp(address);
    }
  }

  /** Reserve an explicit address; false when it is already in use in this lab. */
  claim(ip: string): boolean {
    const address = ipToNumber(ip);
    if (this.claimed.has(address)) return false;
    for (let index = 0; index < this.cursor; index++) {
      if (this.addressAt(index) === address) return false;
    }
    this.claimed.add(address);
    return true;
  }
}

interface WorldAddressPools {
  tunnels: AddressPool;
  customerGateways: AddressPool;
}
const pools = new WeakMap<World, WorldAddressPools>();

function poolsOf(world: World): WorldAddressPools {
  let found = pools.get(world);
  if (!found) {
    found = { tunnels: new AddressPool(TUNNEL_RANGES), customerGateways: new AddressPool(CUSTOMER_GATEWAY_RANGES) };
    pools.set(world, found);
  }
  return found;
}

/** A tunnel outside IP unique in this lab. */
export function nextTunnelOutsideIp(world: World): string {
  return poolsOf(world).tunnels.next();
}

/** Reserve a tunnel outside IP named by a scenario; false when another tunnel already has it. */
export function claimTunnelOutsideIp(world: World, ip: string): boolean {
  return poolsOf(world).tunnels.claim(ip);
}

/** A public IP for a customer gateway the scenario or caller did not give one. */
export function nextCustomerGatewayIp(world: World): string {
  return poolsOf(world).customerGateways.next();
}

export const IPV4_PATTERN = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

// Inside tunnel CIDRs: /30s in 169.254.0.0/16 except the ones AWS reserves.
const RESERVED_INSIDE_CIDRS = new Set([
  '169.254.0.0/30',
  '169.254.1.0/30',
  '169.254.2.0/30',
  '169.254.3.0/30',
  '169.254.4.0/30',
  '169.254.5.0/30',
  '169.254.169.252/30',
]);

export function isValidTunnelInsideCidr(cidr: string): boolean {
  const match = /^169\.254\.(\d{1,3})\.(\d{1,3})\/30$/.exec(cidr);
  if (!match) return false;
  const third = Number(match[1]);
  const fourth = Number(match[2]);
  return third <= 255 && fourth <= 252 && fourth % 4 === 0 && !RESERVED_INSIDE_CIDRS.has(cidr);
}

export function randomTunnelInsideCidr(): string {
  for (;;) {
    const [a, b] = takeRandom(2);
    const cidr = `169.254.${a!}.${(b! % 64) * 4}/30`;
    if (isValidTunnelInsideCidr(cidr)) return cidr;
  }
}

/** An opaque id for a CloudWatch Logs event, 56 digits like AWS's. */
export function logEventId(): string {
  let out = '';
  for (const byte of takeRandom(28)) out += String(byte % 100).padStart(2, '0');
  return out;
}

/** A short random suffix (hex), e.g. for generated log stream names. */
export function randomHex(length: number): string {
  return takeRandom(Math.ceil(length / 2))
    .toString('hex')
    .slice(0, length);
}
