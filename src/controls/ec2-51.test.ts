import { describe, expect, it } from 'vitest';
import { clientVpn, NOW } from '../../test/fixtures/builders.js';
import { ec2_51 } from './ec2-51.js';

const evaluate = (resource: Parameters<typeof ec2_51.evaluate>[0]) => ec2_51.evaluate(resource, { now: NOW });
const logging = (enabled: boolean | undefined) => ({
  enabled,
  cloudwatchLogGroup: undefined,
  cloudwatchLogStream: undefined,
});

describe('EC2.51 Client VPN connection logging', () => {
  it('compliance: logging enabled', () => {
    const [finding] = evaluate(clientVpn('cvpn-endpoint-1'));
    expect(finding).toMatchObject({
      control: 'EC2.51',
      checkId: 'client-vpn-connection-logging',
      status: 'PASS',
      severity: 'LOW',
      resourceType: 'AWS::EC2::ClientVpnEndpoint',
      resourceArn: 'arn:aws:ec2:us-east-1:111122223333:client-vpn-endpoint/cvpn-endpoint-1',
    });
    expect(finding?.reason).toContain('/aws/clientvpn/prod');
  });

  it('non-compliance 1: logging disabled', () => {
    const [finding] = evaluate(clientVpn('cvpn-endpoint-1', { connectionLogging: logging(false) }));
    expect(finding?.status).toBe('FAIL');
  });

  it.each(['pending-associate', 'pending', 'deleting', 'deleted'])(
    'not applicable: %s endpoint',
    (status) => {
      const [finding] = evaluate(clientVpn('cvpn-endpoint-1', { status, connectionLogging: logging(false) }));
      expect(finding?.status).toBe('NOT_APPLICABLE');
      expect(finding?.reason).toContain(status);
    },
  );

  it('error: AWS did not say whether logging is enabled', () => {
    const [finding] = evaluate(clientVpn('cvpn-endpoint-1', { connectionLogging: logging(undefined) }));
    expect(finding?.status).toBe('ERROR');
  });
});
