import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const eslint = new ESLint({ cwd: root });

/** The import-direction messages ESLint gives `source` as if it were the file at `path`. */
async function directionErrors(path: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: `${root}${path}` });
  return result!.messages.filter((message) => message.ruleId === 'import-x/no-restricted-paths').map((message) => message.message);
}

describe('imports run one way (the lint rule in eslint.config.js)', () => {
  it.each([
    ['core/src/ports/upward.ts', "import { transact } from '../store/transact';\nexport const x = transact;", 'ports import no other part of core'],
    ['core/src/store/upward.ts', "import { SERVICES } from '../services/tokens';\nexport const x = SERVICES;", 'store helpers import only ports'],
    ['core/src/http/upward.ts', "import { FEATURES } from '../features';\nexport const x = FEATURES;", 'the HTTP kit knows no service'],
    ['core/src/services/wallet/upward.ts', "import { createApp } from '../../app';\nexport const x = createApp;", 'features do not import the app'],
    ['adapters/aws/src/upward.ts', "import { gcpModule } from '../../gcp/src/index';\nexport const x = gcpModule;", 'adapters do not import each other'],
  ])('refuses an upward import in %s', async (path, source, reason) => {
    expect(await directionErrors(path, source)).toEqual([expect.stringContaining(reason)]);
  });

  it('allows the imports that run the right way', async () => {
    expect(await directionErrors('core/src/services/wallet/downward.ts', "import { transact } from '../../store/transact';\nimport { problems } from '../../http/schemas';\nexport const x = [transact, problems];")).toEqual([]);
    expect(await directionErrors('core/src/http/downward.ts', "import { Conflict } from '../ports/errors';\nexport const x = Conflict;")).toEqual([]);
  });
});
