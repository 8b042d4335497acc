/**
 * Lambda events shaped like AWS's documented samples (API Gateway HTTP API payload format 2.0,
 * REST API proxy integration format 1.0, function URL request payload, SQS event, IoT Core
 * connect/disconnect lifecycle event), with the
 * method, path, headers and body of the request under test.
 */
export interface HttpRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: unknown;
}

const baseHeaders = (headers: Record<string, string> = {}) => ({
  accept: 'application/json',
  'content-type': 'application/json',
  host: 'r3pmxmplak.execute-api.us-east-2.amazonaws.com',
  'user-agent': 'curl/7.64.1',
  'x-amzn-trace-id': 'Root=1-5e6722a7-cc56xmpl46db7ae02d4da47e',
  'x-forwarded-for': '205.255.255.176',
  'x-forwarded-port': '443',
  'x-forwarded-proto': 'https',
  ...headers,
});

const bodyOf = (request: HttpRequest) => (request.body === undefined ? undefined : JSON.stringify(request.body));

/** API Gateway HTTP API, payload format version 2.0. */
export function httpApiV2Event(request: HttpRequest) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: request.path,
    rawQueryString: '',
    headers: baseHeaders(request.headers),
    requestContext: {
      accountId: '123456789012',
      apiId: 'r3pmxmplak',
      domainName: 'r3pmxmplak.execute-api.us-east-2.amazonaws.com',
      domainPrefix: 'r3pmxmplak',
      http: { method: request.method, path: request.path, protocol: 'HTTP/1.1', sourceIp: '205.255.255.176', userAgent: 'curl/7.64.1' },
      requestId: 'JKJaXmPLvHcESHA=',
      routeKey: '$default',
      stage: '$default',
      time: '10/Mar/2020:05:16:23 +0000',
      timeEpoch: 1583817383220,
    },
    body: bodyOf(request),
    isBase64Encoded: false,
  };
}

/** A Lambda function URL request (payload format 2.0 with a lambda-url domain). */
export function functionUrlEvent(request: HttpRequest) {
  const event = httpApiV2Event(request);
  const domainName = 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6.lambda-url.us-west-2.on.aws';
  return {
    ...event,
    headers: { ...event.headers, host: domainName },
    requestContext: { ...event.requestContext, apiId: 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6', domainName, domainPrefix: 'a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6' },
  };
}

/** API Gateway REST API, Lambda proxy integration (payload format 1.0), stage `prod`. */
export function restApiV1Event(request: HttpRequest) {
  const headers = baseHeaders(request.headers);
  return {
    resource: '/{proxy+}',
    path: request.path,
    httpMethod: request.method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: { proxy: request.path.slice(1) },
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: '1234567890',
      domainName: '1234567890.execute-api.us-east-1.amazonaws.com',
      extendedRequestId: 'BBBBBBBBBBBBBBB=',
      httpMethod: request.method,
      identity: { sourceIp: '205.255.255.176', userAgent: 'curl/7.64.1' },
      path: `/prod${request.path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '09/Apr/2015:12:34:56 +0000',
      requestTimeEpoch: 1428582896000,
      resourceId: '123456',
      resourcePath: '/{proxy+}',
      stage: 'prod',
    },
    body: bodyOf(request) ?? null,
    isBase64Encoded: false,
  };
}

/** An SQS event with one record per `[queue name, body text]`. */
export function sqsEvent(records: Array<[queue: string, body: string]>) {
  return {
    Records: records.map(([queue, body], i) => ({
      messageId: `059f36b4-87a3-44ab-83d2-66197${String(i).padStart(7, '0')}`,
      receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
      body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: '1545082649183',
        SenderId: 'AIDAIENQZJOLO23YVJ4VO',
        ApproximateFirstReceiveTimestamp: '1545082649185',
      },
      messageAttributes: {},
      md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
      eventSource: 'aws:sqs',
      eventSourceARN: `arn:aws:sqs:us-east-2:123456789012:${queue}`,
      awsRegion: 'us-east-2',
    })),
  };
}

/**
 * An IoT Core lifecycle event as a topic rule on `$aws/events/presence/+/+` hands it to Lambda
 * (the payload, shaped like the documented connect and disconnect samples).
 */
export function lifecycleEvent(eventType: 'connected' | 'disconnected', clientId: string, timestamp: number, sessionIdentifier = 'a4666d2a7d844ae4ac5d7b38c9cb7967') {
  const common = { clientId, timestamp, eventType, sessionIdentifier, principalIdentifier: '12345678901234567890123456789012', versionNumber: 0 };
  return eventType === 'connected'
    ? { ...common, ipAddress: '192.0.2.0' }
    : { ...common, clientInitiatedDisconnect: true, disconnectReason: 'CLIENT_INITIATED_DISCONNECT' };
}
