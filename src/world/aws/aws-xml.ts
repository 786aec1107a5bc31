import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';

export const escapeXml = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

export function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  const body = Buffer.from(xml, 'utf8');
  res.writeHead(status, { 'content-type': 'text/xml', 'content-length': body.length, 'x-amzn-requestid': randomUUID(), ...headers });
  res.end(body);
}

/**
 * The Query API's error document, as STS sends it
 * (https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html; example in
 * https://github.com/aws/aws-sdk-js/issues/198).
 */
export function stsErrorXml(code: string, message: string): string {
  const type = code === 'ServiceUnavailable' ? 'Receiver' : 'Sender';
  return `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n  <Error>\n    <Type>${type}</Type>\n    <Code>${escapeXml(code)}</Code>\n    <Message>${escapeXml(message)}</Message>\n  </Error>\n  <RequestId>${randomUUID()}</RequestId>\n</ErrorResponse>\n`;
}

/** S3's REST error document (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html). */
export function s3ErrorXml(code: string, message: string, resource: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${escapeXml(code)}</Code><Message>${escapeXml(message)}</Message><Resource>${escapeXml(resource)}</Resource><RequestId>${randomUUID().replace(/-/g, '').slice(0, 16).toUpperCase()}</RequestId></Error>`;
}
