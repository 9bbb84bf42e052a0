// Preloaded into every CLI child process a test spawns (NODE_OPTIONS=--require …): the same loopback-only
// guard as test/setup.ts, so a child that forgets its endpoint fails loudly instead of looking up an AWS
// host or the instance metadata address.
'use strict';
const net = require('node:net');

function isLoopback(host) {
  if (host === undefined || host === '' || host === 'localhost') return true;
  if (host === '::1' || host === '[::1]') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = args[0];
  let host;
  if (typeof first === 'object' && first !== null && !Array.isArray(first)) {
    if (first.path === undefined) host = first.host ?? 'localhost';
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    host = typeof args[1] === 'string' ? args[1] : 'localhost';
  }
  if (host !== undefined && !isLoopback(host)) {
    throw new Error(`test network guard: refused a connection to ${host}; tests may only reach 127.0.0.0/8`);
  }
  return originalConnect.apply(this, args);
};
