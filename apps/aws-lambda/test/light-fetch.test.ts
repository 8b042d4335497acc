import { describe, expect, it } from 'vitest';
import { installLightFetch, LightHeaders, LightRequest, LightResponse } from '../src/light-fetch';

/** Node's own classes, taken before the light ones are installed: each case is checked against them. */
const NodeHeaders = globalThis.Headers;
const NodeRequest = globalThis.Request;
const NodeResponse = globalThis.Response;

const headerCases: Array<[string, [string, string][]]> = [
  ['names in any case, sorted, repeated names joined', [['X-B', '1'], ['x-a', '2'], ['x-b', '3']]],
  ['set-cookie once per value', [['Set-Cookie', 'a=1'], ['set-cookie', 'b=2'], ['vary', 'origin']]],
  ['values trimmed of surrounding whitespace', [['x-pad', ' \t padded \t ']]],
];

const entries = (headers: Iterable<[string, string]>) => [...headers];

describe('light Fetch classes, side by side with Node’s', () => {
  for (const [name, pairs] of headerCases) {
    it(`Headers: ${name}`, () => {
      const light = new LightHeaders(pairs);
      const node = new NodeHeaders(pairs);
      expect(entries(light)).toEqual(entries(node));
      expect(light.get('X-B')).toBe(node.get('X-B'));
      expect(light.getSetCookie()).toEqual(node.getSetCookie());
    });
  }

  it('Headers refuses what Node refuses: a bad name, a line break in a value', () => {
    expect(() => new NodeHeaders([['bad name', 'x']])).toThrow(TypeError);
    expect(() => new LightHeaders([['bad name', 'x']])).toThrow(TypeError);
    expect(() => new NodeHeaders([['x', 'a\nb']])).toThrow(TypeError);
    expect(() => new LightHeaders([['x', 'a\nb']])).toThrow(TypeError);
  });

  it('Response: a text body gets the same default content type; JSON and status as Node’s', async () => {
    for (const [Light, Node] of [[LightResponse, NodeResponse]] as const) {
      const light = new Light('hello', { status: 201 });
      const node = new Node('hello', { status: 201 });
      expect([light.status, light.ok, light.headers.get('content-type')]).toEqual([node.status, node.ok, node.headers.get('content-type')]);
      expect(await light.text()).toBe(await node.text());
      const lightJson = Light.json({ a: 1 });
      const nodeJson = Node.json({ a: 1 });
      expect([lightJson.headers.get('content-type'), await lightJson.json()]).toEqual([nodeJson.headers.get('content-type'), await nodeJson.json()]);
    }
  });

  it('Response: a body is read once, a clone reads its own copy, bytes round-trip', async () => {
    const response = new LightResponse(new Uint8Array([1, 2, 3]));
    const copy = response.clone();
    expect([...new Uint8Array(await response.arrayBuffer())]).toEqual([1, 2, 3]);
    expect(response.bodyUsed).toBe(true);
    await expect(response.text()).rejects.toThrow(TypeError);
    expect([...(await copy.bytes())]).toEqual([1, 2, 3]);
  });

  it('Response refuses what Node refuses: a body on 204, a status out of range', () => {
    expect(() => new NodeResponse('x', { status: 204 })).toThrow(TypeError);
    expect(() => new LightResponse('x', { status: 204 })).toThrow(TypeError);
    expect(() => new NodeResponse(null, { status: 99 })).toThrow(RangeError);
    expect(() => new LightResponse(null, { status: 99 })).toThrow(RangeError);
  });

  it('Request: URL, upper-cased method, headers and body as Node’s; a GET with a body is refused', async () => {
    const init = { method: 'post', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' };
    const light = new LightRequest('https://example.com/a/../b?q=1', init);
    const node = new NodeRequest('https://example.com/a/../b?q=1', init);
    expect([light.url, light.method, light.headers.get('content-type')]).toEqual([node.url, node.method, node.headers.get('content-type')]);
    expect(await light.json()).toEqual(await node.json());
    expect(() => new NodeRequest('https://example.com/', { body: 'x' })).toThrow(TypeError);
    expect(() => new LightRequest('https://example.com/', { body: 'x' })).toThrow(TypeError);
  });

  it('Request: the body streams the same bytes, and a request made from another keeps its body', async () => {
    const request = new LightRequest('https://example.com/', { method: 'PUT', body: 'payload' });
    const copy = new LightRequest(request, { headers: { 'x-copy': '1' } });
    expect(await new NodeResponse(request.body).text()).toBe('payload');
    expect([await copy.text(), copy.headers.get('x-copy'), copy.method]).toEqual(['payload', '1', 'PUT']);
  });
});

describe('installLightFetch', () => {
  installLightFetch();
  installLightFetch();

  it('makes the globals the light classes, and hands what they do not hold to Node’s', async () => {
    expect(new Response('x')).toBeInstanceOf(LightResponse);
    expect(new Request('https://example.com/')).toBeInstanceOf(LightRequest);
    const streamed = new Response(new ReadableStream({ start: (controller) => (controller.enqueue(new TextEncoder().encode('streamed')), controller.close()) }));
    expect(Object.getPrototypeOf(streamed)).toBe(NodeResponse.prototype);
    expect(await streamed.text()).toBe('streamed');
    expect(streamed).toBeInstanceOf(Response);
  });

  it('keeps the bytes when a Response is made from the stream of a light one (as Hono replaces a response)', async () => {
    const first = new Response('kept', { headers: { 'x-a': '1' } });
    const second = new Response(first.body, first);
    expect(second).toBeInstanceOf(LightResponse);
    expect([await second.text(), second.headers.get('x-a')]).toEqual(['kept', '1']);
  });

  it('leaves fetch and what it returns to Node: a real Response passes instanceof the global', async () => {
    const data = await fetch('data:text/plain,hi');
    expect(data).toBeInstanceOf(Response);
    expect(await data.text()).toBe('hi');
  });
});
