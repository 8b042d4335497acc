import { telemetryFromEnv } from '@kumo/adapter-otel';
import { createLambda } from './lambda';

/** The deployed entry (bundled to dist/main.mjs): `main.http`, `main.sqs` and `main.presence` in template.yaml. */
export const { http, sqs, presence } = createLambda(process.env, await telemetryFromEnv(process.env));
