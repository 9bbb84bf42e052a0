// Loaded before every test file (vitest setupFiles). Two jobs:
// 1. No test may talk to AWS: fake static credentials, no instance metadata, a loopback endpoint.
// 2. A guard that makes any attempt to open a socket outside 127.0.0.0/8 (or ::1) fail loudly.
import net from 'node:net';

process.env.AWS_EC2_METADATA_DISABLED = 'true';
process.env.AWS_ACCESS_KEY_ID = 'AKIAVPNGUARDTESTONLY';
process.env.AWS_SECRET_ACCESS_KEY = 'vpnguard-test-secret-not-real';
process.env.AWS_REGION = 'us-east-1';
process.env.AWS_ENDPOINT_URL = 'http://127.0.0.1:9';
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
process.env.AWS_CONFIG_FILE = '/dev/null';
process.env.AWS_SHARED_CREDENTIALS_FILE = '/dev/null';
delete process.env.AWS_PROFILE;
delete process.env.AWS_SESSION_TOKEN;
process.env.NO_COLOR = '1';

export function isLoopback(host: string | undefined): boolean {
  if (host === undefined || host === '' || host === 'localhost') return true;
  if (host === '::1' || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

// eslint-disable-next-line @typescript-eslint/unbound-method -- re-applied below with the socket as `this`
const originalConnect = net.Socket.prototype.connect;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
net.Socket.prototype.connect = function guardedConnect(this: net.Socket, ...args: any[]): net.Socket {
  const first: unknown = args[0];
  let host: string | undefined;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    const opts = first as { host?: string; path?: string };
    if (opts.path === undefined) host = opts.host ?? 'localhost';
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  if (host !== undefined && !isLoopback(host)) {
    throw new Error(`test network guard: refused a connection to ${host}; tests may only reach 127.0.0.0/8`);
  }
  return originalConnect.apply(this, args as Parameters<typeof originalConnect>);
};
