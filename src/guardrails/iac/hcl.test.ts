import { describe, expect, it } from 'vitest';
import { HclSyntaxError, findAttribute, findBlocks, parseHcl } from './hcl.js';

describe('HCL reader', () => {
  it('reads blocks, labels, attributes and their lines through all comment styles', () => {
    const body = parseHcl(`# comment
// another
/* a
   block comment */
resource "aws_vpn_connection" "main" {
  type = "ipsec.1" # trailing
  tunnel1_log_options {
    cloudwatch_log_options { log_enabled = true }
  }
}
`);
    const [resource] = findBlocks(body, 'resource');
    expect(resource).toMatchObject({ labels: ['aws_vpn_connection', 'main'], line: 5 });
    expect(findAttribute(resource!.body, 'type')).toMatchObject({
      line: 6,
      expr: { type: 'template', parts: ['ipsec.1'] },
    });
    const inner = findBlocks(
      findBlocks(resource!.body, 'tunnel1_log_options')[0]!.body,
      'cloudwatch_log_options',
    )[0]!;
    expect(findAttribute(inner.body, 'log_enabled')).toMatchObject({
      line: 8,
      expr: { type: 'literal', value: true },
    });
  });

  it('reads lists, objects, numbers, null, references, calls and conditionals', () => {
    const body = parseHcl(`a = ["ikev1", "ikev2",]
b = { x = 1, "y" = -2.5
  z = null }
c = var.ike_versions[0]
d = toset(["ikev2"])
e = var.on ? ["ikev2"] : ["ikev1"]
f = [for v in var.list : v]
g = a + 1
h = provider::aws::arn_parse("x")
`);
    const expr = (name: string) => findAttribute(body, name)!.expr;
    expect(expr('a')).toMatchObject({ type: 'tuple', items: [{ parts: ['ikev1'] }, { parts: ['ikev2'] }] });
    expect(expr('b')).toMatchObject({
      type: 'object',
      items: [{ key: 'x' }, { key: 'y', value: { value: -2.5 } }, { key: 'z', value: { value: null } }],
    });
    expect(expr('c')).toMatchObject({
      type: 'traversal',
      root: 'var',
      steps: [{ attr: 'ike_versions' }, { index: { value: 0 } }],
    });
    expect(expr('d')).toMatchObject({ type: 'call', name: 'toset' });
    expect(expr('e')).toMatchObject({ type: 'conditional' });
    expect(expr('f')).toMatchObject({ type: 'computed', what: 'a for expression' });
    expect(expr('g')).toMatchObject({ type: 'computed' });
    expect(expr('h')).toMatchObject({ type: 'call', name: 'provider::aws::arn_parse' });
  });

  it('reads string templates with escapes and interpolations, and heredocs', () => {
    const body = parseHcl(`a = "tab\\there \\"q\\" $\${literal}"
b = "\${var.name}-vpn"
c = <<-EOT
  line \${var.x}
  EOT
d = "%{ if var.x }on%{ endif }"
after = 1
`);
    expect(findAttribute(body, 'a')!.expr).toMatchObject({
      type: 'template',
      parts: ['tab\there "q" ${literal}'],
    });
    expect(findAttribute(body, 'b')!.expr).toMatchObject({
      type: 'template',
      parts: [{ type: 'traversal', root: 'var' }, '-vpn'],
    });
    expect(findAttribute(body, 'c')!.expr).toMatchObject({
      type: 'template',
      parts: ['  line ', { type: 'traversal' }, '\n'],
    });
    expect(findAttribute(body, 'd')!.expr).toMatchObject({ type: 'template', directive: true });
    expect(findAttribute(body, 'after')!.line).toBe(7);
  });

  it.each([
    ['a = [1, 2\nb = 3\n', 2],
    ['resource "x" "y" {\n  a = 1\n', 3],
    ['a = "unterminated\n', 1],
    ['a = 1 b = 2\n', 1],
    ['a = @\n', 1],
    ['x = <<EOT\nnever closed\n', 1],
  ])('rejects invalid syntax with the line: %j', (source, line) => {
    try {
      parseHcl(source);
      expect.fail('parsed invalid HCL');
    } catch (err) {
      expect(err).toBeInstanceOf(HclSyntaxError);
      expect((err as HclSyntaxError).line).toBe(line);
    }
  });
});
