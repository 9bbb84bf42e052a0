import type { Tag } from '@aws-sdk/client-ec2';

/** AWS tag list -> record. Tags without a key are dropped; a missing value becomes ''. */
export function tagsToRecord(tags: readonly Tag[] | undefined): Record<string, string> {
  const record: Record<string, string> = {};
  for (const tag of tags ?? []) {
    if (tag.Key === undefined) continue;
    record[tag.Key] = tag.Value ?? '';
  }
  return record;
}
