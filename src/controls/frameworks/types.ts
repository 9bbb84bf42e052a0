// Compliance frameworks are data that point at control ids. Every mapping says where it comes from:
// 'aws' = AWS publishes it (Security Hub control page / standard membership); 'vpnguard' = the tool's own.
export type MappingSource = 'aws' | 'vpnguard';

export interface FrameworkMapping {
  /** Requirement id within the framework, e.g. CP-10, 3.1.13, 10.2.1 */
  requirement: string;
  title: string;
  /** Security Hub control id, e.g. EC2.20 */
  control: string;
  source: MappingSource;
  note?: string;
}

export interface Framework {
  /** Stable id for --framework, e.g. nist-800-53-r5 */
  id: string;
  name: string;
  url: string;
  note?: string;
  mappings: FrameworkMapping[];
}
