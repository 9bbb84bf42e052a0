// Security Hub in the lab through the real SDK (REST-JSON): BatchImportFindings answers per finding, and
// GetFindings filters and pages what was imported.
import {
  BatchImportFindingsCommand,
  GetFindingsCommand,
  SecurityHubClient,
  type AwsSecurityFinding,
} from '@aws-sdk/client-securityhub';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type LabHandle } from '../index.js';
import { addSingleAccount, addTestAccount, sdkClientConfig } from '../testing.js';

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';

function finding(n: number, overrides: Partial<AwsSecurityFinding> = {}): AwsSecurityFinding {
  return {
    SchemaVersion: '2018-10-08',
    Id: `vpnguard/${ACCOUNT}/${REGION}/vpn-${String(n).padStart(17, '0')}/EC2.20`,
    ProductArn: `arn:aws:securityhub:${REGION}:${ACCOUNT}:product/${ACCOUNT}/default`,
    GeneratorId: 'vpnguard/EC2.20',
    AwsAccountId: ACCOUNT,
    Types: ['Software and Configuration Checks/AWS Security Best Practices'],
    CreatedAt: '2026-04-01T00:00:00.000Z',
    UpdatedAt: '2026-04-01T00:00:00.000Z',
    Severity: { Label: 'MEDIUM' },
    Title: 'Both VPN tunnels for an AWS Site-to-Site VPN connection should be up',
    Description: 'Tunnel 203.0.113.20 DOWN for 91 days.',
    Resources: [{ Type: 'AwsEc2VpnConnection', Id: `arn:aws:ec2:${REGION}:${ACCOUNT}:vpn-connection/vpn-${n}` }],
    Compliance: { Status: n % 2 === 0 ? 'FAILED' : 'PASSED', SecurityControlId: 'EC2.20' },
    ...overrides,
  };
}

describe('lab Security Hub (REST-JSON) through @aws-sdk/client-securityhub', () => {
  let lab: LabHandle;
  let hub: SecurityHubClient;

  beforeAll(async () => {
    lab = await startLab({
      setup: (world) => {
        addSingleAccount(world);
        addTestAccount(world, { accountId: '210987654321' });
      },
    });
    hub = new SecurityHubClient(sdkClientConfig(lab, { accountId: ACCOUNT, region: REGION }));
  });
  afterAll(async () => {
    hub?.destroy();
    await lab?.stop();
  });

  it('imports valid findings and reports each invalid one in FailedFindings', async () => {
    const out = await hub.send(
      new BatchImportFindingsCommand({
        Findings: [
          finding(1),
          finding(2),
          finding(3, { Title: 'x'.repeat(257) }),
          finding(4, { Description: '   ' }),
          finding(5, { AwsAccountId: '210987654321' }),
          finding(6, { Severity: { Label: 'SEVERE' as 'HIGH' } }),
          finding(7, { Resources: [] }),
          finding(8, { ProductArn: 'arn:aws:securityhub:us-east-1::product/vpnguard/vpnguard' }),
        ],
      }),
    );
    expect(out.SuccessCount).toBe(2);
    expect(out.FailedCount).toBe(6);
    expect(out.FailedFindings!.map((f) => [f.Id!.split('/')[3], f.ErrorCode, f.ErrorMessage])).toEqual([
      ['vpn-00000000000000003', 'InvalidInput', 'Finding does not adhere to Amazon Finding Format. data.Title should NOT be longer than 256 characters.'],
      ['vpn-00000000000000004', 'InvalidInput', 'Finding does not adhere to Amazon Finding Format. data.Description should be a non-empty string.'],
      ['vpn-00000000000000005', 'AccessDeniedException', `Account ${ACCOUNT} cannot import findings for account 210987654321.`],
      ['vpn-00000000000000006', 'InvalidInput', 'Finding does not adhere to Amazon Finding Format. data.Severity.Label should be equal to one of the allowed values.'],
      ['vpn-00000000000000007', 'InvalidInput', 'Finding does not adhere to Amazon Finding Format. data.Resources should NOT have fewer than 1 items.'],
      ['vpn-00000000000000008', 'InvalidInput', expect.stringContaining('data.ProductArn should be arn:aws:securityhub:eu-west-1:123456789012:product/123456789012/default')],
    ]);
  });

  it('refuses more than 100 findings in one call as a whole', async () => {
    const many = Array.from({ length: 101 }, (_, i) => finding(100 + i));
    await expect(hub.send(new BatchImportFindingsCommand({ Findings: many }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: expect.stringContaining('at most 100'),
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('GetFindings filters, pages, and re-import updates in place', async () => {
    await hub.send(new BatchImportFindingsCommand({ Findings: Array.from({ length: 30 }, (_, i) => finding(200 + i)) }));
    await hub.send(new BatchImportFindingsCommand({ Findings: [finding(200, { Description: 'updated' })] }));
    const failed: AwsSecurityFinding[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await hub.send(
        new GetFindingsCommand({
          Filters: { ComplianceStatus: [{ Value: 'FAILED', Comparison: 'EQUALS' }], GeneratorId: [{ Value: 'vpnguard/', Comparison: 'PREFIX' }] },
          MaxResults: 7,
          NextToken: token,
        }),
      );
      failed.push(...(page.Findings ?? []));
      token = page.NextToken;
      pages += 1;
    } while (token !== undefined);
    expect(failed).toHaveLength(16); // finding(2) and the 15 even ones of 200..229
    expect(pages).toBe(3);
    expect(failed.find((f) => f.Id!.includes('vpn-00000000000000200'))!.Description).toBe('updated');
    expect(failed.every((f) => f.Compliance?.Status === 'FAILED' && f.RecordState === 'ACTIVE')).toBe(true);
  });

  it('keeps each account-region apart and verifies signatures', async () => {
    const other = new SecurityHubClient(sdkClientConfig(lab, { accountId: ACCOUNT, region: 'us-east-1' }));
    expect((await other.send(new GetFindingsCommand({}))).Findings).toEqual([]);
    other.destroy();
    const forged = new SecurityHubClient({ ...sdkClientConfig(lab, { accountId: ACCOUNT, region: REGION }), credentials: { accessKeyId: 'AKIAFORGEDFORGED0000', secretAccessKey: 'nope' } });
    await expect(forged.send(new GetFindingsCommand({}))).rejects.toMatchObject({ name: 'UnrecognizedClientException' });
    forged.destroy();
  });
});
