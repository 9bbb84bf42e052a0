import type { Framework } from './types.js';

export const fsbp: Framework = {
  id: 'fsbp',
  name: 'AWS Foundational Security Best Practices',
  url: 'https://docs.aws.amazon.com/securityhub/latest/userguide/fsbp-standard.html',
  note:
    'EC2.183 is not listed: a third party reports it joined FSBP on 2026-04-07, which is unverified against ' +
    'the AWS release notes.',
  mappings: [
    { requirement: 'EC2.20', title: 'Both VPN tunnels should be up', control: 'EC2.20', source: 'aws' },
    {
      requirement: 'EC2.171',
      title: 'EC2 VPN connections should have logging enabled',
      control: 'EC2.171',
      source: 'aws',
    },
    {
      requirement: 'EC2.51',
      title: 'Client VPN endpoints should have client connection logging enabled',
      control: 'EC2.51',
      source: 'aws',
    },
  ],
};
