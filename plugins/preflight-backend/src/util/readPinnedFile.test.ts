import fs from 'fs';
import os from 'os';
import path from 'path';
import { readPinnedFile } from './readPinnedFile';

describe('readPinnedFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pinned-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const refuse = (why: string) => new Error(`refused: ${why}`);

  it('reads the file that was checked, up to the bound', async () => {
    const file = path.join(dir, 'runbook.md');
    fs.writeFileSync(file, 'hello');
    const stat = fs.statSync(file);
    expect((await readPinnedFile(file, stat, 5, refuse)).toString('utf8')).toBe(
      'hello',
    );
    await expect(readPinnedFile(file, stat, 4, refuse)).rejects.toThrow(
      'refused: too-large',
    );
  });

  it('refuses a file swapped for another since it was checked', async () => {
    const file = path.join(dir, 'a.yaml');
    fs.writeFileSync(file, 'a: 1');
    const checked = fs.statSync(file);
    fs.renameSync(file, path.join(dir, 'old.yaml'));
    fs.writeFileSync(file, 'a: 2');
    await expect(readPinnedFile(file, checked, 100, refuse)).rejects.toThrow(
      'refused: changed',
    );
  });

  it('does not follow a symbolic link put in its place', async () => {
    const target = path.join(dir, 'secret');
    fs.writeFileSync(target, 'x');
    const link = path.join(dir, 'link.yaml');
    fs.symlinkSync(target, link);
    await expect(
      readPinnedFile(link, fs.statSync(target), 100, refuse),
    ).rejects.toMatchObject({ code: 'ELOOP' });
  });
});
