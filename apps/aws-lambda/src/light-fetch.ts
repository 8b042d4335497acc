/**
 * Light stand-ins of the Fetch API's `Headers`, `Request` and `Response` for the Lambda function.
 * Hono and its Lambda adapter build one `Request` per event and one `Response` per answer, and the
 * first `Headers`, `Request` or `Response` a process builds costs about 50 ms on Node 24 (Node's
 * fetch implementation, undici, sets itself up), a third of a cold start, though an event and its
 * answer are only a status, some headers and a body already in memory. These classes hold just
 * that. Whatever they do not cover (a streamed or form body, a request made from a foreign one)
 * is built by the real class, so the cost moves to the rare request that needs it. `instanceof`
 * checks by the brand (`Object.prototype.toString`), so a real object passes as one of these too.
 */

/** The global classes as Node defines them, taken before `installLightFetch` replaces them. */
type FetchGlobals = { Headers: typeof Headers; Request: typeof Request; Response: typeof Response };
type FetchName = keyof FetchGlobals;

const NAMES: readonly FetchName[] = ['Headers', 'Request', 'Response'];

/** Node's own descriptors of the globals (on Node 20 and 22 lazy getters, on Node 24 values). */
const nodeDescriptors = new Map<FetchName, PropertyDescriptor>();
const realClasses: Partial<FetchGlobals> = {};

/** Node's own class `name`; set up on first use. A lazy getter of Node redefines the global when called, so the light class is put back. */
function real<K extends FetchName>(name: K): FetchGlobals[K] {
  const known = realClasses[name];
  if (known) return known;
  const descriptor = nodeDescriptors.get(name) ?? Object.getOwnPropertyDescriptor(globalThis, name)!;
  const installed = Object.getOwnPropertyDescriptor(globalThis, name)!;
  const found = (descriptor.get ? descriptor.get.call(globalThis) : descriptor.value) as FetchGlobals[K];
  Object.defineProperty(globalThis, name, installed);
  realClasses[name] = found;
  return found;
}

const brandOf = (value: unknown) => Object.prototype.toString.call(value);

/** A header name as the Fetch standard accepts it (an HTTP token). */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** A header value normalized as `Headers` does: surrounding whitespace removed, line breaks and NUL refused. */
function headerValue(value: unknown): string {
  const text = String(value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
  if (/[\0\r\n]/.test(text)) throw new TypeError(`invalid header value: ${JSON.stringify(text)}`);
  return text;
}

function headerName(name: string): string {
  if (!TOKEN.test(name)) throw new TypeError(`invalid header name: ${JSON.stringify(name)}`);
  return name.toLowerCase();
}

type HeaderPairs = Iterable<readonly [string, string]> | Record<string, string | readonly string[] | undefined>;

/** The Fetch API's `Headers` over a map of lower-case names to their values, in the same order and with the same joining. */
export class LightHeaders {
  readonly #values = new Map<string, string[]>();

  constructor(init?: HeaderPairs | null) {
    if (init === undefined || init === null) return;
    if (typeof (init as Iterable<unknown>)[Symbol.iterator] === 'function') {
      for (const pair of init as Iterable<readonly [string, string]>) {
        if (pair.length !== 2) throw new TypeError('a header pair must have a name and a value');
        this.append(pair[0], pair[1]);
      }
      return;
    }
    for (const [name, value] of Object.entries(init)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const each of value) this.append(name, each);
      else this.append(name, value as string);
    }
  }

  static [Symbol.hasInstance](value: unknown): boolean {
    return brandOf(value) === '[object Headers]';
  }

  get [Symbol.toStringTag](): string {
    return 'Headers';
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const values = this.#values.get(key);
    if (values) values.push(headerValue(value));
    else this.#values.set(key, [headerValue(value)]);
  }

  set(name: string, value: string): void {
    this.#values.set(headerName(name), [headerValue(value)]);
  }

  get(name: string): string | null {
    return this.#values.get(name.toLowerCase())?.join(', ') ?? null;
  }

  has(name: string): boolean {
    return this.#values.has(name.toLowerCase());
  }

  delete(name: string): void {
    this.#values.delete(name.toLowerCase());
  }

  getSetCookie(): string[] {
    return [...(this.#values.get('set-cookie') ?? [])];
  }

  /** Names in order, each once with its values joined, except `set-cookie`, once per value (as `Headers` iterates). */
  *entries(): IterableIterator<[string, string]> {
    for (const name of [...this.#values.keys()].sort()) {
      const values = this.#values.get(name)!;
      if (name === 'set-cookie') for (const value of values) yield [name, value];
      else yield [name, values.join(', ')];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  forEach(each: (value: string, name: string, headers: LightHeaders) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) each.call(thisArg, value, name, this);
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** A body these classes hold themselves: none, text or bytes. */
type PlainBody = string | Uint8Array | ArrayBuffer | null | undefined;

const isPlainBody = (body: unknown): body is PlainBody => body === null || body === undefined || typeof body === 'string' || body instanceof Uint8Array || body instanceof ArrayBuffer;

/** The bytes behind each stream a light body handed out, so a `Response` made from that stream (as Hono does when it replaces one) keeps the bytes. */
const streamBytes = new WeakMap<ReadableStream, Uint8Array>();

const toBytes = (body: PlainBody): Uint8Array | null => (body === null || body === undefined ? null : typeof body === 'string' ? new TextEncoder().encode(body) : body instanceof ArrayBuffer ? new Uint8Array(body) : body);

/** A body read at most once, as text, JSON, bytes or a stream, as the Fetch API's `Body` mixin reads it. */
class Body {
  #bytes: Uint8Array | null;
  #used = false;
  #stream: ReadableStream<Uint8Array> | null = null;

  constructor(
    bytes: Uint8Array | null,
    private readonly contentType: () => string | null,
  ) {
    this.#bytes = bytes;
  }

  get stream(): ReadableStream<Uint8Array> | null {
    if (this.#bytes === null) return null;
    if (!this.#stream) {
      const bytes = this.#bytes;
      this.#stream = new ReadableStream<Uint8Array>({
        start: (controller) => {
          controller.enqueue(bytes);
          controller.close();
        },
      });
      streamBytes.set(this.#stream, bytes);
    }
    return this.#stream;
  }

  get used(): boolean {
    return this.#used || (this.#stream?.locked ?? false);
  }

  /** The bytes, once: a second read throws as the Fetch API's does. */
  take(): Uint8Array {
    if (this.used) throw new TypeError('body has already been read');
    this.#used = true;
    return this.#bytes ?? new Uint8Array(0);
  }

  peek(): Uint8Array | null {
    return this.#bytes;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    const bytes = this.take();
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(this.take());
  }

  async text(): Promise<string> {
    return new TextDecoder().decode(this.take());
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  /** Blob and form bodies go through the real `Response`. */
  viaReal(kind: 'blob' | 'formData'): Promise<unknown> {
    const type = this.contentType();
    const response = new (real('Response'))(this.take() as ConstructorParameters<typeof Response>[0], { headers: type ? { 'content-type': type } : {} });
    return kind === 'blob' ? response.blob() : response.formData();
  }
}

/**
 * What `Request` and `Response` share: the body and the ways to read it, once. A subclass sets
 * `content` in its constructor (after `super()`; a constructor that hands over to Node's class
 * returns that object without it).
 */
abstract class WithBody {
  protected content!: Body;

  get body(): ReadableStream<Uint8Array> | null {
    return this.content.stream;
  }

  get bodyUsed(): boolean {
    return this.content.used;
  }

  arrayBuffer(): Promise<ArrayBuffer> {
    return this.content.arrayBuffer();
  }

  bytes(): Promise<Uint8Array> {
    return this.content.bytes();
  }

  text(): Promise<string> {
    return this.content.text();
  }

  json(): Promise<unknown> {
    return this.content.json();
  }

  blob(): Promise<unknown> {
    return this.content.viaReal('blob');
  }

  formData(): Promise<unknown> {
    return this.content.viaReal('formData');
  }
}

/** Methods the Fetch standard upper-cases. */
const NORMALIZED_METHODS = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT']);

type LightRequestInit = { method?: string; headers?: HeaderPairs | LightHeaders | null; body?: unknown; signal?: AbortSignal | null };

/** The Fetch API's `Request` for an in-memory event: URL, method, headers and bytes. */
export class LightRequest extends WithBody {
  readonly url!: string;
  readonly method!: string;
  readonly headers!: LightHeaders;
  #signal!: AbortSignal | null;

  constructor(input: string | URL | LightRequest, init: LightRequestInit = {}) {
    const from = typeof input === 'object' && !(input instanceof URL) ? input : undefined;
    if ((from && Object.getPrototypeOf(from) !== LightRequest.prototype) || !isPlainBody(init.body)) return new (real('Request'))(...([input, init] as ConstructorParameters<typeof Request>)) as unknown as LightRequest;
    super();
    this.url = from ? from.url : new URL(String(input)).href;
    const method = init.method ?? from?.method ?? 'GET';
    this.method = NORMALIZED_METHODS.has(method.toUpperCase()) ? method.toUpperCase() : method;
    this.headers = new LightHeaders(init.headers ?? from?.headers ?? null);
    const bytes = init.body !== undefined ? toBytes(init.body) : from ? from.content.peek() : null;
    if (bytes !== null && (this.method === 'GET' || this.method === 'HEAD')) throw new TypeError('a GET or HEAD request cannot have a body');
    this.content = new Body(bytes, () => this.headers.get('content-type'));
    this.#signal = init.signal ?? null;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return brandOf(value) === '[object Request]';
  }

  get [Symbol.toStringTag](): string {
    return 'Request';
  }

  get signal(): AbortSignal {
    return (this.#signal ??= new AbortController().signal);
  }

  clone(): LightRequest {
    if (this.bodyUsed) throw new TypeError('body has already been read');
    return new LightRequest(this);
  }
}

/** Statuses whose response has no body. */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

type LightResponseInit = { status?: number; statusText?: string; headers?: HeaderPairs | LightHeaders | null };

/** The Fetch API's `Response` for an answer held in memory: status, headers and text or bytes. */
export class LightResponse extends WithBody {
  readonly status!: number;
  readonly statusText!: string;
  readonly headers!: LightHeaders;
  readonly type = 'default';
  readonly url = '';
  readonly redirected = false;

  constructor(body?: unknown, init: LightResponseInit = {}) {
    const bytes = body instanceof ReadableStream && streamBytes.has(body) && !body.locked ? streamBytes.get(body)! : body;
    if (!isPlainBody(bytes)) return new (real('Response'))(...([body, init] as ConstructorParameters<typeof Response>)) as unknown as LightResponse;
    const status = init.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) throw new RangeError(`status ${status} is not in 200–599`);
    if (bytes !== null && bytes !== undefined && NULL_BODY_STATUSES.has(status)) throw new TypeError(`a ${status} response cannot have a body`);
    super();
    this.status = status;
    this.statusText = init.statusText ?? '';
    this.headers = new LightHeaders(init.headers ?? null);
    if (typeof bytes === 'string' && !this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
    this.content = new Body(toBytes(bytes), () => this.headers.get('content-type'));
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return brandOf(value) === '[object Response]';
  }

  static json(data: unknown, init: LightResponseInit = {}): LightResponse {
    const headers = new LightHeaders(init.headers ?? null);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
    return new LightResponse(JSON.stringify(data), { ...init, headers });
  }

  static redirect(url: string | URL, status = 302): LightResponse {
    return new LightResponse(null, { status, headers: { location: new URL(String(url)).href } });
  }

  static error(): Response {
    return real('Response').error();
  }

  get [Symbol.toStringTag](): string {
    return 'Response';
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  clone(): LightResponse {
    if (this.bodyUsed) throw new TypeError('body has already been read');
    return new LightResponse(this.content.peek(), { status: this.status, statusText: this.statusText, headers: this.headers });
  }
}

const LIGHT: Record<FetchName, unknown> = { Headers: LightHeaders, Request: LightRequest, Response: LightResponse };

/**
 * Makes `Headers`, `Request` and `Response` the light classes for the whole process (idempotent).
 * Node's own classes stay reachable for what the light ones hand over, and `fetch` is untouched.
 */
export function installLightFetch(): void {
  for (const name of NAMES) {
    if (nodeDescriptors.has(name)) continue;
    nodeDescriptors.set(name, Object.getOwnPropertyDescriptor(globalThis, name)!);
    Object.defineProperty(globalThis, name, { value: LIGHT[name], writable: true, configurable: true, enumerable: false });
  }
}
