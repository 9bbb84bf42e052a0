// EC2's own protocol: form in, XML out. Output members use the model's wire (locationName) names, lists are
// `<item>` lists, there is no `<OpResult>` wrapper, and errors use the `<Response><Errors>` shape
// (reference/aws-wire.md §1.3, §1.6).
import type { LabError } from '../services/types.js';
import { element, escapeXml, objectToXml } from './xml.js';
import type { HttpReply } from './reply.js';

const EC2_XMLNS = 'http://ec2.amazonaws.com/doc/2016-11-15/';
const XML_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
export const EC2_CONTENT_TYPE = 'text/xml;charset=UTF-8';

export function ec2Success(operation: string, output: unknown, requestId: string): HttpReply {
  const body =
    XML_DECLARATION +
    `<${operation}Response xmlns="${EC2_XMLNS}">` +
    element('requestId', escapeXml(requestId)) +
    objectToXml(output, 'item') +
    `</${operation}Response>`;
  return { status: 200, headers: { 'content-type': EC2_CONTENT_TYPE, 'x-amzn-RequestId': requestId }, body };
}

export function ec2Error(error: LabError, requestId: string): HttpReply {
  const body =
    XML_DECLARATION +
    '<Response><Errors><Error>' +
    element('Code', escapeXml(error.code)) +
    element('Message', escapeXml(error.message)) +
    '</Error></Errors>' +
    element('RequestID', escapeXml(requestId)) +
    '</Response>';
  return {
    status: error.httpStatus,
    headers: { 'content-type': EC2_CONTENT_TYPE, 'x-amzn-RequestId': requestId },
    body,
  };
}
