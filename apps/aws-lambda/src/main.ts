import { createLambda } from './lambda';

/** The deployed entry (bundled to dist/main.mjs): `main.http` and `main.sqs` in template.yaml. */
export const { http, sqs } = createLambda(process.env);
