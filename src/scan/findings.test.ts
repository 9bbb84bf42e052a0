import { describe, expect, it } from 'vitest';
import { evaluateInventory, scanSummary } from '../controls/index.js';
import { diagnoseInventory, diagnosisForFinding } from '../diagnose/attach.js';
import { fixtureInventory } from '../../test/fixtures/scan-result.js';
import { NOW } from '../../test/fixtures/builders.js';
import { FindingTable, resultOf } from './findings.js';

describe('FindingTable', () => {
  const table = new FindingTable();
  // Resources arrive in any order (regions finish in any order); the findings come out in the documented order.
  for (const resource of [...fixtureInventory.clientVpnEndpoints, ...fixtureInventory.connections].reverse()) table.add(resource, NOW);

  it('makes the findings the whole-inventory evaluation makes, in the same order, with their diagnoses', () => {
    const diagnoses = diagnoseInventory(fixtureInventory, NOW);
    const expected = evaluateInventory(fixtureInventory, NOW).map((f) => {
      const diagnosis = diagnosisForFinding(f, diagnoses);
      return diagnosis ? { ...f, diagnosis } : f;
    });
    expect(table.size).toBe(expected.length);
    expect([...table]).toEqual(expected);
    expect(JSON.stringify([...table])).toBe(JSON.stringify(expected));
  });

  it('counts without making the findings', () => {
    expect(scanSummary(fixtureInventory, table.keys())).toEqual(scanSummary(fixtureInventory, [...table]));
  });

  it('resultOf makes them once, into an array', () => {
    const source = { findings: table } as unknown as Parameters<typeof resultOf>[0];
    const result = resultOf(source);
    expect(Array.isArray(result.findings)).toBe(true);
    expect(resultOf(result)).toBe(result);
  });
});
