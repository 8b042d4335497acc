import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { validateWorkflow } from '@action-validator/core';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8');

describe('the public CI workflow and the deploy runtimes', () => {
  const workflow = read('.github/workflows/ci.yml');

  it('validates against the GitHub Actions workflow schema', () => {
    expect(validateWorkflow(workflow).errors).toEqual([]);
  });

  it('the validator refuses a broken workflow (the check can fail)', () => {
    expect(validateWorkflow(workflow.replace('runs-on: ubuntu-24.04', 'runs-onn: ubuntu-24.04')).errors).not.toEqual([]);
  });

  it('tests on Node 20, 22 and 24, and runs the adapter suites on the official images', () => {
    expect(workflow).toContain('node: [20, 22, 24]');
    expect(workflow).toContain('KUMO_EMULATORS: containers');
    expect(workflow).toMatch(/npx vitest run --project mqtt --project aws --project gcp --project azure/);
  });

  it('deploys on supported LTS runtimes only (no Node 20)', () => {
    expect(read('apps/aws-lambda/template.yaml')).toMatch(/Runtime: nodejs24\.x/);
    expect(read('apps/gcp-functions/README.md')).not.toMatch(/nodejs20/);
    expect(read('apps/gcp-functions/README.md')).toMatch(/--runtime=nodejs22/);
    expect(read('apps/azure-functions/README.md')).toMatch(/--runtime-version 22/);
    expect(read('scripts/bundle-options.mjs')).toContain("target = 'node22'");
    for (const bundle of ['apps/aws-lambda/scripts/bundle.mjs', 'apps/gcp-functions/bundle.ts', 'apps/azure-functions/scripts/bundle.mjs']) {
      expect(read(bundle)).toContain('bundleOptions(');
      expect(read(bundle)).not.toMatch(/target: '(?!node22)/);
    }
  });
});
