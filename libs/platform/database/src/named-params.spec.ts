import { namedParams } from './named-params.js';

describe('namedParams', () => {
  it('turns positional placeholders into named parameters with their values', () => {
    const { sql, parameters } = namedParams(
      'c.clinic_id = ANY($1::uuid[]) AND c.status = $2 OR $1 IS NULL',
      [['a'], 'OPEN'],
      'd1',
    );
    expect(sql).toBe('c.clinic_id = ANY(:d1_1::uuid[]) AND c.status = :d1_2 OR :d1_1 IS NULL');
    expect(parameters).toEqual({ d1_1: ['a'], d1_2: 'OPEN' });
  });
  it('does not take $10 for $1', () => {
    const params = Array.from({ length: 10 }, (_, i) => i);
    expect(namedParams('x = $10 AND y = $1', params, 'p').sql).toBe('x = :p_10 AND y = :p_1');
  });
  it('refuses a placeholder without a value and an unsafe prefix', () => {
    expect(() => namedParams('x = $2', [1], 'p')).toThrow('$2 has no parameter');
    expect(() => namedParams('x = $1', [1], 'p;--')).toThrow('invalid prefix');
  });
});
