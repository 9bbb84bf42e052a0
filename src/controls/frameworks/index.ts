// The framework catalogue: pure data, no file read at run time.
import { cisAwsV3 } from './cis-aws-v3.js';
import { fsbp } from './fsbp.js';
import { nist800171r2 } from './nist-800-171-r2.js';
import { nist80053r5 } from './nist-800-53-r5.js';
import { nistSp80077r1 } from './nist-sp-800-77-r1.js';
import { pciDssV4 } from './pci-dss-v4.js';
import type { Framework, FrameworkMapping } from './types.js';

export type { Framework, FrameworkMapping, MappingSource } from './types.js';

export const frameworks: readonly Framework[] = [
  fsbp,
  nist80053r5,
  nist800171r2,
  pciDssV4,
  nistSp80077r1,
  cisAwsV3,
];

export function findFramework(id: string): Framework | undefined {
  const wanted = id.trim().toLowerCase();
  return frameworks.find((framework) => framework.id === wanted);
}

export interface ControlMapping extends FrameworkMapping {
  framework: string;
  frameworkName: string;
}

/** Every requirement a control maps to, across frameworks, in catalogue order. */
export function mappingsForControl(controlId: string): ControlMapping[] {
  return frameworks.flatMap((framework) =>
    framework.mappings
      .filter((mapping) => mapping.control === controlId)
      .map((mapping) => ({ ...mapping, framework: framework.id, frameworkName: framework.name })),
  );
}
