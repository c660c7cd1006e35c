import { statementName } from './postgres-ddl';

describe('statementName', () => {
  it('keeps a name PostgreSQL keeps whole', () => {
    expect(statementName('"public".append')).toBe('"public".append');
  });

  it('gives long names that share their first 63 bytes names of their own, each within 63 bytes', () => {
    const schema = `"${'s'.repeat(58)}"`;
    const one = statementName(`${schema}.append`);
    const two = statementName(`${schema}.append+${schema}.audit-enqueue-along`);
    expect(Buffer.byteLength(one)).toBeLessThanOrEqual(63);
    expect(Buffer.byteLength(two)).toBeLessThanOrEqual(63);
    expect(one).not.toBe(two);
    expect(statementName(`${schema}.append`)).toBe(one);
  });
});
