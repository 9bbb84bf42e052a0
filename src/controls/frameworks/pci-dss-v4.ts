import type { Framework } from './types.js';

export const pciDssV4: Framework = {
  id: 'pci-dss-v4.0.1',
  name: 'PCI DSS v4.0.1',
  url: 'https://docs-prv.pcisecuritystandards.org/PCI%20DSS/Standard/PCI-DSS-v4_0_1.pdf',
  mappings: [
    {
      requirement: '10.2.1',
      title: 'Audit logs are enabled and active for all system components and cardholder data',
      control: 'EC2.51',
      source: 'aws',
    },
    {
      requirement: '10.4.2',
      title: 'Logs of all other system components are reviewed periodically',
      control: 'EC2.171',
      source: 'aws',
    },
    {
      requirement: '4.2.1',
      title:
        'Strong cryptography and security protocols safeguard PAN during transmission over open, public networks',
      control: 'EC2.183',
      source: 'vpnguard',
      note: "AWS lists no PCI DSS mapping for EC2.183; this one is vpnguard's own.",
    },
  ],
};
