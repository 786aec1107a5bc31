import { describe, expect, it } from '@jest/globals';
import { RegoError } from '../../src/policy/rego/rego-error.js';
import { RegoPolicy } from '../../src/policy/rego/rego-policy.js';
import { toJS } from '../../src/policy/rego/value.js';

const sign = (req: string, config: string, time: string): unknown => {
  const rows = RegoPolicy.compile([]).query(`x = providers.aws.sign_req(${req}, ${config}, ${time})`, { strict: true });
  return rows.length ? toJS(rows[0]!.get('x')!) : undefined;
};

const CONFIG = '{"aws_access_key": "AKIDEXAMPLE", "aws_secret_access_key": "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "aws_service": "service", "aws_region": "us-east-1"}';

describe('providers.aws.sign_req', () => {
  it("signs as AWS's Signature V4 test suite expects (get-vanilla)", () => {
    // 2015-08-30T12:36:00Z; https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html
    const signed = sign('{"method": "GET", "url": "https://example.amazonaws.com/"}', CONFIG, '1440938160000000000') as { headers: Record<string, string> };
    expect(signed.headers).toEqual({
      Authorization: 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request,SignedHeaders=host;x-amz-date,Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
      host: 'example.amazonaws.com',
      'x-amz-date': '20150830T123600Z',
    });
  });

  it('adds the payload hash for S3 and the session token, and names bad operands', () => {
    const s3 = sign('{"method": "PUT", "url": "https://b.s3.amazonaws.com/k", "raw_body": "hi"}', '{"aws_access_key": "a", "aws_secret_access_key": "s", "aws_service": "s3", "aws_region": "eu-west-1", "aws_session_token": "t"}', '1440938160000000000') as { headers: Record<string, string> };
    expect(s3.headers['x-amz-content-sha256']).toBe('8f434346648f6b96df89dda901c5176b10a6d83961dd3c1ac88b59b2dc327aa4');
    expect(s3.headers['x-amz-security-token']).toBe('t');
    expect(s3.headers.Authorization).toContain('SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token,');
    expect(() => sign('{"method": "GET"}', CONFIG, '0')).toThrow(RegoError);
    expect(() => sign('{"method": "GET"}', CONFIG, '0')).toThrow(/operand 1 missing required request parameters\(s\): \{"url"\}/);
    expect(() => sign('{"method": "GET", "url": "https://x/"}', '{"aws_access_key": 1}', '0')).toThrow(/operand 2 missing required AWS config parameters\(s\): \{"aws_region", "aws_secret_access_key", "aws_service"\}/);
    expect(() => sign('{"method": "GET", "url": "https://x/"}', CONFIG, '-1')).toThrow(/operand 3 could not convert time_ns value into a unix timestamp/);
  });
});
