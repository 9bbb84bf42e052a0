import type { Framework, FrameworkMapping } from './types.js';

const aws = (control: string, requirement: string, title: string): FrameworkMapping => ({
  requirement,
  title,
  control,
  source: 'aws',
});
const own = (control: string, requirement: string, title: string, note: string): FrameworkMapping => ({
  requirement,
  title,
  control,
  source: 'vpnguard',
  note,
});

const NO_AWS_MAPPING = "AWS lists no NIST 800-53 mapping for this control; this one is vpnguard's own.";

export const nist80053r5: Framework = {
  id: 'nist-800-53-r5',
  name: 'NIST SP 800-53 Rev. 5',
  url: 'https://csrc.nist.gov/pubs/sp/800/53/r5/upd1/final',
  mappings: [
    aws('EC2.20', 'CP-10', 'System Recovery and Reconstitution'),
    aws('EC2.20', 'CP-6(2)', 'Alternate Storage Site | Recovery Time and Recovery Point Objectives'),
    aws('EC2.20', 'SC-36', 'Distributed Processing and Storage'),
    aws('EC2.20', 'SC-5(2)', 'Denial-of-service Protection | Capacity, Bandwidth, and Redundancy'),
    aws('EC2.20', 'SI-13(5)', 'Predictable Failure Prevention | Failover Capability'),
    aws('EC2.51', 'AC-2(12)', 'Account Management | Account Monitoring for Atypical Usage'),
    aws('EC2.51', 'AC-2(4)', 'Account Management | Automated Audit Actions'),
    aws('EC2.51', 'AC-4(26)', 'Information Flow Enforcement | Audit Filtering Actions'),
    aws('EC2.51', 'AC-6(9)', 'Least Privilege | Log Use of Privileged Functions'),
    aws('EC2.51', 'AU-10', 'Non-repudiation'),
    aws('EC2.51', 'AU-12', 'Audit Record Generation'),
    aws('EC2.51', 'AU-2', 'Event Logging'),
    aws('EC2.51', 'AU-3', 'Content of Audit Records'),
    aws(
      'EC2.51',
      'AU-6(3)',
      'Audit Record Review, Analysis, and Reporting | Correlate Audit Record Repositories',
    ),
    aws('EC2.51', 'AU-6(4)', 'Audit Record Review, Analysis, and Reporting | Central Review and Analysis'),
    aws(
      'EC2.51',
      'AU-9(7)',
      'Protection of Audit Information | Store on Component with Different Operating System',
    ),
    aws('EC2.51', 'CA-7', 'Continuous Monitoring'),
    aws('EC2.51', 'SC-7(9)', 'Boundary Protection | Restrict Threatening Outgoing Communications Traffic'),
    aws('EC2.51', 'SI-3(8)', 'Malicious Code Protection | Detect Unauthorized Commands'),
    aws('EC2.51', 'SI-4', 'System Monitoring'),
    aws('EC2.51', 'SI-4(20)', 'System Monitoring | Privileged Users'),
    aws(
      'EC2.51',
      'SI-7(8)',
      'Software, Firmware, and Information Integrity | Auditing Capability for Significant Events',
    ),
    own('EC2.183', 'SC-8', 'Transmission Confidentiality and Integrity', NO_AWS_MAPPING),
    own(
      'EC2.183',
      'SC-8(1)',
      'Transmission Confidentiality and Integrity | Cryptographic Protection',
      NO_AWS_MAPPING,
    ),
    own('EC2.183', 'SC-13', 'Cryptographic Protection', NO_AWS_MAPPING),
    own('EC2.171', 'AU-2', 'Event Logging', NO_AWS_MAPPING),
    own('EC2.171', 'AU-3', 'Content of Audit Records', NO_AWS_MAPPING),
    own('EC2.171', 'AU-12', 'Audit Record Generation', NO_AWS_MAPPING),
  ],
};
