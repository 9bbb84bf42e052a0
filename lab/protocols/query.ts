// awsQuery (STS, SNS, CloudWatch's query dialect): form in, XML out with an `<OpResult>` wrapper that the
// SDK requires, `<member>` lists and `<ErrorResponse>` errors (reference/aws-wire.md §1.3, §1.4 STS).
import type { LabError } from '../services/types.js';
import { element, escapeXml, objectToXml } from './xml.js';
import type { HttpReply } from './reply.js';

export const QUERY_CONTENT_TYPE = 'text/xml';

/** `output === undefined` means a unit output: AWS sends only ResponseMetadata. */
export function querySuccess(
  operation: string,
  output: unknown,
  requestId: string,
  xmlns: string,
): HttpReply {
  const result = output === undefined ? '' : element(`${operation}Result`, objectToXml(output, 'member'));
  const body =
    `<${operation}Response xmlns="${xmlns}">` +
    result +
    `<ResponseMetadata>${element('RequestId', escapeXml(requestId))}</ResponseMetadata>` +
    `</${operation}Response>`;
  return {
    status: 200,
    headers: { 'content-type': QUERY_CONTENT_TYPE, 'x-amzn-RequestId': requestId },
    body,
  };
}

export function queryError(error: LabError, requestId: string, xmlns: string): HttpReply {
  const body =
    `<ErrorResponse xmlns="${xmlns}"><Error>` +
    element('Type', error.type) +
    element('Code', escapeXml(error.code)) +
    element('Message', escapeXml(error.message)) +
    '</Error>' +
    element('RequestId', escapeXml(requestId)) +
    '</ErrorResponse>';
  return {
    status: error.httpStatus,
    headers: { 'content-type': QUERY_CONTENT_TYPE, 'x-amzn-RequestId': requestId },
    body,
  };
}
