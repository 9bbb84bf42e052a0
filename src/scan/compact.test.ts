import { describe, expect, it } from 'vitest';
import { evaluateInventory } from '../controls/index.js';
import { fixtureInventory } from '../../test/fixtures/scan-result.js';
import { NOW } from '../../test/fixtures/builders.js';
import { Compactor } from './compact.js';

describe('Compactor', () => {
  it('copies every resource without changing a value', () => {
    const c = new Compactor().batch();
    const connections = fixtureInventory.connections.map((x) => c.connection(x));
    const endpoints = fixtureInventory.clientVpnEndpoints.map((x) => c.clientVpnEndpoint(x));
    expect(connections).toEqual(fixtureInventory.connections);
    expect(endpoints).toEqual(fixtureInventory.clientVpnEndpoints);
    expect(JSON.stringify(connections)).toBe(JSON.stringify(fixtureInventory.connections));
  });

  it('leaves findings equal, with shared frozen tags and tunnel details', () => {
    const c = new Compactor().batch();
    const original = evaluateInventory(fixtureInventory, NOW);
    const compacted = evaluateInventory(fixtureInventory, NOW).map((f) => c.finding(f));
    expect(compacted).toEqual(original);
    const ofOne = compacted.filter((f) => f.resourceId === fixtureInventory.connections[0]!.vpnConnectionId);
    expect(ofOne.length).toBeGreaterThan(1);
    expect(ofOne[0]!.tags).toBe(ofOne[1]!.tags);
    const details = ofOne.flatMap((f) => f.tunnels ?? []);
    expect(new Set(details).size).toBe(2); // one object per tunnel, shared by every finding of the connection
    expect(Object.isFrozen(ofOne[0]!.tags)).toBe(true);
    expect(() => {
      'use strict';
      (ofOne[0]!.tags).x = 'y';
    }).toThrow();
  });

  it('pools strings by content: one instance per distinct value', () => {
    const c = new Compactor();
    const a = ['us-east-', '1'].join('');
    const b = ['us-east', '-1'].join('');
    expect(c.shared.string(a)).toBe(c.shared.string(b));
    expect(c.shared.string(undefined)).toBeUndefined();
    expect(c.list(['ikev2'])).toBe(c.list(['ikev2']));
  });
});
