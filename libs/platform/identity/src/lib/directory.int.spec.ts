import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAgencyDirectory } from './directory';

describe('loadAgencyDirectory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'identity-directory-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const file = (name: string, content: string): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('loads the agencies of a JSON file', () => {
    const path = file(
      'ok.json',
      JSON.stringify({ agencies: [{ id: 'drv-sued', name: 'DRV Süd', type: 'pension_insurance' }] }),
    );
    const directory = loadAgencyDirectory(path);
    expect(directory.agency('drv-sued')).toEqual({ id: 'drv-sued', name: 'DRV Süd', type: 'pension_insurance' });
    expect(directory.actorFor('anyone')).toBeUndefined();
  });

  it('names the file when it is not JSON', () => {
    const path = file('broken.json', '{ agencies: ');
    expect(() => loadAgencyDirectory(path)).toThrow(`agency directory ${path}: cannot read JSON`);
  });

  it('names the file when it does not exist', () => {
    const path = join(dir, 'missing.json');
    expect(() => loadAgencyDirectory(path)).toThrow(`agency directory ${path}: cannot read JSON (ENOENT`);
  });

  it('names the file and the entry when a type is wrong', () => {
    const path = file('bad.json', JSON.stringify({ agencies: [{ id: 'a', name: 'A', type: 'bank' }] }));
    expect(() => loadAgencyDirectory(path)).toThrow(`agency directory ${path}: agencies[0].type must be one of`);
  });

  it('names the file when an id repeats', () => {
    const agency = { id: 'a', name: 'A', type: 'jobcenter' };
    const path = file('dupe.json', JSON.stringify({ agencies: [agency, agency] }));
    expect(() => loadAgencyDirectory(path)).toThrow(`agency directory ${path}: Directory: duplicate agency id "a"`);
  });
});
