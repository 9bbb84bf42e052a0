import { describe, expect, it } from 'vitest';
import { controls } from './index.js';
import { controlDocument, renderControlsMarkdown } from './describe.js';

describe('docs/controls.md', () => {
  it('is generated from the registry (update with: npx vitest run src/controls/describe.test.ts -u)', async () => {
    await expect(renderControlsMarkdown(controls)).toMatchFileSnapshot('../../docs/controls.md');
  });

  it('control documents carry every metadata field and no function', () => {
    for (const control of controls) {
      const doc = controlDocument(control);
      expect(Object.values(doc).some((v) => typeof v === 'function')).toBe(false);
      expect(doc.remediation.cli).toContain('aws ');
      expect(doc.title.length).toBeGreaterThan(10);
    }
  });
});
