import type { Framework } from './types.js';

const NO_AWS_MAPPING = "AWS lists no NIST 800-171 mapping for this control; this one is vpnguard's own.";

export const nist800171r2: Framework = {
  id: 'nist-800-171-r2',
  name: 'NIST SP 800-171 Rev. 2',
  url: 'https://csrc.nist.gov/pubs/sp/800/171/r2/upd1/final',
  mappings: [
    {
      requirement: '3.1.13',
      title: 'Employ cryptographic mechanisms to protect the confidentiality of remote access sessions',
      control: 'EC2.20',
      source: 'aws',
    },
    {
      requirement: '3.1.20',
      title: 'Verify and control/limit connections to and use of external systems',
      control: 'EC2.20',
      source: 'aws',
    },
    {
      requirement: '3.1.12',
      title: 'Monitor and control remote access sessions',
      control: 'EC2.51',
      source: 'aws',
    },
    {
      requirement: '3.1.20',
      title: 'Verify and control/limit connections to and use of external systems',
      control: 'EC2.51',
      source: 'aws',
    },
    {
      requirement: '3.1.13',
      title: 'Employ cryptographic mechanisms to protect the confidentiality of remote access sessions',
      control: 'EC2.183',
      source: 'vpnguard',
      note: NO_AWS_MAPPING,
    },
    {
      requirement: '3.13.8',
      title:
        'Implement cryptographic mechanisms to prevent unauthorized disclosure of CUI during transmission',
      control: 'EC2.183',
      source: 'vpnguard',
      note: NO_AWS_MAPPING,
    },
    {
      requirement: '3.1.12',
      title: 'Monitor and control remote access sessions',
      control: 'EC2.171',
      source: 'vpnguard',
      note: NO_AWS_MAPPING,
    },
    {
      requirement: '3.3.1',
      title: 'Create and retain system audit logs and records',
      control: 'EC2.171',
      source: 'vpnguard',
      note: NO_AWS_MAPPING,
    },
  ],
};
