// The registry: service name (the SigV4 scope name) -> its operations.
import { cloudwatchService } from './cloudwatch.js';
import { ec2Service } from './ec2/index.js';
import { logsService } from './logs.js';
import { organizationsService } from './organizations.js';
import { securityhubService } from './securityhub.js';
import { snsService } from './sns.js';
import { stsService } from './sts.js';
import type { ServiceDefinition, ServiceName } from './types.js';

export const services: Readonly<Record<ServiceName, ServiceDefinition>> = {
  ec2: ec2Service,
  sts: stsService,
  organizations: organizationsService,
  logs: logsService,
  monitoring: cloudwatchService,
  sns: snsService,
  securityhub: securityhubService,
};
