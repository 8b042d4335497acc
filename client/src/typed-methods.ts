import type { Client, FetchResponse, MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, MediaType, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import type { paths } from './generated/openapi';

/** openapi-fetch's rule for the optional init argument (required when the operation has required parameters or body). */
type InitParam<Init> = RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];

/** The success body of an operation (what the call resolves to; `void` when it answers without a body). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SuccessData<Operation, Init> = Operation extends Record<string | number, any> ? OrVoid<NonNullable<FetchResponse<Operation, Init, MediaType>['data']>> : never;

/** `void` for `never` (an answer without a body). */
type OrVoid<T> = [T] extends [never] ? void : T;

/** A typed call of one HTTP method: resolves to the success body, throws `KumoApiError` otherwise. */
export type KumoMethod<M extends HttpMethod> = <Path extends PathsWithMethod<paths, M>, Init extends MaybeOptionalInit<paths[Path], M>>(
  path: Path,
  ...init: InitParam<Init>
) => Promise<SuccessData<paths[Path][M], Init>>;

/** The typed calls of the Kumo API, one per HTTP method. */
export interface KumoMethods {
  GET: KumoMethod<'get'>;
  PUT: KumoMethod<'put'>;
  POST: KumoMethod<'post'>;
  DELETE: KumoMethod<'delete'>;
  PATCH: KumoMethod<'patch'>;
}

/** The methods of an openapi-fetch client whose error answers throw (see `problemErrors`), resolving to `data`. */
export function typedMethods(client: Client<paths>): KumoMethods {
  const unwrap =
    (method: (...args: never[]) => Promise<{ data?: unknown }>) =>
    async (...args: never[]) =>
      (await method(...args)).data;
  return { GET: unwrap(client.GET), PUT: unwrap(client.PUT), POST: unwrap(client.POST), DELETE: unwrap(client.DELETE), PATCH: unwrap(client.PATCH) } as unknown as KumoMethods;
}
