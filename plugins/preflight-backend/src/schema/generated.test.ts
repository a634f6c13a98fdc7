import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

// The generated files (the spec as a const here, the API types in -common) are committed; this
// fails CI when openapi.yaml changed without `yarn generate:openapi`.
describe('the files generated from openapi.yaml', () => {
  it('are up to date', async () => {
    const script = resolve(__dirname, '../../scripts/generate-openapi.js');
    await expect(
      promisify(execFile)(process.execPath, [script, '--check']),
    ).resolves.toEqual(expect.objectContaining({ stderr: '' }));
  }, 60_000);
});
