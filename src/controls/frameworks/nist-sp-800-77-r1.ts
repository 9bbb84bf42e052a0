import type { Framework } from './types.js';

export const nistSp80077r1: Framework = {
  id: 'nist-sp-800-77-r1',
  name: 'NIST SP 800-77 Rev. 1 (Guide to IPsec VPNs)',
  url: 'https://doi.org/10.6028/NIST.SP.800-77r1',
  note: "AWS publishes no SP 800-77 mapping; every row here is vpnguard's own reading of the guide.",
  mappings: [
    {
      requirement: 'IKEv2',
      title: 'Use IKEv2; IKEv1 is deprecated (also RFC 9395, "Deprecation of IKEv1")',
      control: 'EC2.183',
      source: 'vpnguard',
    },
  ],
};
