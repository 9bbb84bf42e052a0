// CloudFormation intrinsic functions as plain JSON-form objects ({"Ref": ...}, {"Fn::GetAtt": ...}),
// and the yaml custom tags that read and write their short forms (!Ref, !GetAtt, !Sub, ...).
import { Document, Scalar, YAMLSeq, isMap, isScalar, visit } from 'yaml';
import type { CollectionTag, ScalarTag } from 'yaml';

export type CfnValue = string | number | boolean | CfnValue[] | { [key: string]: CfnValue };

export const ref = (name: string): CfnValue => ({ Ref: name });
export const getAtt = (resource: string, attribute: string): CfnValue => ({
  'Fn::GetAtt': [resource, attribute],
});
export const sub = (template: string): CfnValue => ({ 'Fn::Sub': template });
export const ifThen = (condition: string, whenTrue: CfnValue, whenFalse: CfnValue): CfnValue => ({
  'Fn::If': [condition, whenTrue, whenFalse],
});
export const equals = (a: CfnValue, b: CfnValue): CfnValue => ({ 'Fn::Equals': [a, b] });
export const not = (condition: CfnValue): CfnValue => ({ 'Fn::Not': [condition] });
export const NO_VALUE = ref('AWS::NoValue');

/** Short-form tag name -> long-form key. `!Ref` and `!Condition` have no `Fn::` prefix. */
export const INTRINSIC_TAGS: Record<string, string> = {
  Ref: 'Ref',
  Condition: 'Condition',
  GetAtt: 'Fn::GetAtt',
  Sub: 'Fn::Sub',
  If: 'Fn::If',
  Join: 'Fn::Join',
  Select: 'Fn::Select',
  Split: 'Fn::Split',
  FindInMap: 'Fn::FindInMap',
  GetAZs: 'Fn::GetAZs',
  ImportValue: 'Fn::ImportValue',
  Base64: 'Fn::Base64',
  Cidr: 'Fn::Cidr',
  Equals: 'Fn::Equals',
  And: 'Fn::And',
  Or: 'Fn::Or',
  Not: 'Fn::Not',
  Transform: 'Fn::Transform',
  ToJsonString: 'Fn::ToJsonString',
  Length: 'Fn::Length',
};

/**
 * Custom tags so the yaml parser accepts every intrinsic in scalar, sequence and mapping form.
 * They keep the node as parsed; readers look at `node.tag` to recognise the function.
 */
export const CFN_YAML_TAGS: (ScalarTag | CollectionTag)[] = Object.keys(INTRINSIC_TAGS).flatMap(
  (name): (ScalarTag | CollectionTag)[] => [
    { tag: `!${name}`, resolve: (value: string) => value },
    { tag: `!${name}`, collection: 'seq', resolve: (value) => value },
    { tag: `!${name}`, collection: 'map', resolve: (value) => value },
  ],
);

const LONG_TO_SHORT = new Map(Object.entries(INTRINSIC_TAGS).map(([short, long]) => [long, short]));

/** Renders a JSON-form template as YAML with short-form intrinsic tags (`!Ref X`, `!GetAtt A.B`). */
export function toCfnYaml(template: CfnValue, header: string): string {
  const doc = new Document(template, { customTags: CFN_YAML_TAGS, aliasDuplicateObjects: false });
  visit(doc, {
    Map(_key, node) {
      const only = node.items.length === 1 ? node.items[0] : undefined;
      if (!only || !isScalar(only.key) || typeof only.key.value !== 'string') return undefined;
      const short = LONG_TO_SHORT.get(only.key.value);
      if (short === undefined) return undefined;
      let value = only.value;
      // !GetAtt Resource.Attribute reads better than the two-element list form.
      if (short === 'GetAtt' && value instanceof YAMLSeq && value.items.every(isScalar)) {
        value = new Scalar(value.items.map((item) => String(item.value)).join('.'));
      }
      if (!(isScalar(value) || value instanceof YAMLSeq || isMap(value))) return undefined;
      value.tag = `!${short}`;
      if (value instanceof YAMLSeq) value.flow = value.items.every((item) => isScalar(item) || isMap(item));
      return value;
    },
  });
  // Unquoted, a YAML 1.1 reader would take 2010-09-09 for a date.
  const version = doc.get('AWSTemplateFormatVersion', true);
  if (isScalar(version)) version.type = Scalar.QUOTE_SINGLE;
  const body = doc.toString({ lineWidth: 0 });
  return `${header}${body}`;
}
