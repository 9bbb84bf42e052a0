// Runs the real cfn-lint on every template vpnguard generates. cfn-lint is part of the project's
// machine image; when it is missing the test fails in CI (CI=true) and is skipped elsewhere.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCloudFormationJson, renderCloudFormationYaml } from './cloudformation.js';
import { renderConformancePack } from './config-pack.js';
import { DEFAULT_GENERATOR_OPTIONS, parseGeneratorOptions } from './options.js';

const available = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).status === 0;
const required = process.env.CI === 'true';

/** One cfn-lint process for several files: each start costs seconds. */
function cfnLint(files: Record<string, string>): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'vpnguard-cfn-'));
  const paths = Object.entries(files).map(([name, text]) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  });
  const result = spawnSync('cfn-lint', ['--format', 'parseable', '--', ...paths], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe.skipIf(!available && !required)('cfn-lint on generated templates', () => {
  it('cfn-lint is installed', () => {
    expect(available, 'cfn-lint is required in CI (pip install cfn-lint==1.51.0)').toBe(true);
  });

  it('the CloudFormation guardrail (YAML, JSON, custom options) and the conformance pack pass with no errors or warnings', () => {
    const { status, output } = cfnLint({
      'template.yaml': renderCloudFormationYaml(DEFAULT_GENERATOR_OPTIONS),
      'template.json': renderCloudFormationJson(DEFAULT_GENERATOR_OPTIONS),
      'custom.yaml': renderCloudFormationYaml(
        parseGeneratorOptions({ name: 'branch_7', logRetentionDays: '3653' }),
      ),
      'conformance-pack.yaml': renderConformancePack(),
    });
    expect(output).toBe('');
    expect(status).toBe(0);
  });

  it('would catch a broken template (the lint is real)', () => {
    const broken = renderCloudFormationYaml(DEFAULT_GENERATOR_OPTIONS).replace(
      'CloudwatchLogOptions:',
      'CloudWatchLogOptions:',
    );
    const { status, output } = cfnLint({ 'broken.yaml': broken });
    expect(status).not.toBe(0);
    expect(output).toMatch(/CloudWatchLogOptions/);
  });
});
