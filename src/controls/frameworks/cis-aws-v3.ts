import type { Framework } from './types.js';

export const cisAwsV3: Framework = {
  id: 'cis-aws-v3.0.0',
  name: 'CIS AWS Foundations Benchmark v3.0.0',
  url: 'https://www.cisecurity.org/benchmark/amazon_web_services',
  mappings: [
    {
      requirement: '5.3',
      title: 'As listed by AWS for EC2.171',
      control: 'EC2.171',
      source: 'aws',
      note: 'AWS lists it on the EC2.171 page, but CIS 5.3 is a security-group recommendation: likely an AWS documentation anomaly.',
    },
  ],
};
