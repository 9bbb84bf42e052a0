// Minimal XML writing shared by the EC2 and awsQuery serializers.

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

// Characters XML 1.0 cannot carry at all, even escaped; a client-supplied string may contain them.
// eslint-disable-next-line no-control-regex
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

export function element(name: string, inner: string): string {
  return inner === '' ? `<${name}/>` : `<${name}>${inner}</${name}>`;
}

/** Scalar -> text: Dates as ISO-8601, everything else as its string form. */
export function scalarText(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string') return escapeXml(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value);
  return undefined;
}

/**
 * Serializes an output object: each key an element, undefined/null omitted, arrays as
 * `<key><${listItem}>…</${listItem}></key>` (EC2 uses `item`, awsQuery `member`), nested objects recursively.
 */
export function objectToXml(data: unknown, listItem: string): string {
  if (typeof data !== 'object' || data === null) return '';
  let xml = '';
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (value === undefined || value === null) continue;
    xml += element(key, valueToXml(value, listItem));
  }
  return xml;
}

function valueToXml(value: unknown, listItem: string): string {
  if (Array.isArray(value)) {
    return value
      .filter((entry) => entry !== undefined && entry !== null)
      .map((entry) => element(listItem, valueToXml(entry, listItem)))
      .join('');
  }
  const text = scalarText(value);
  if (text !== undefined) return text;
  return objectToXml(value, listItem);
}
