import { describe, expect, it } from 'vitest';
import { lastTestedRepoParams, parseParams, promotionsParams, reportResultParams } from './dlrn-params.js';

const fails = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return { status: (err as { status: number }).status, message: (err as Error).message };
  }
  throw new Error('expected a refusal');
};

describe('DLRN API parameters', () => {
  it.each([
    ['True', true],
    ['false', false],
    ['YES', true],
    ['0', false],
    [true, true],
    [1, true],
    [' off ', false],
  ])('success %j reads as %j (strtobool)', (success, expected) => {
    expect(parseParams(lastTestedRepoParams, { max_age: '0', success }).success).toBe(expected);
  });

  it('integers come as JSON numbers or as digits in a string', () => {
    expect(parseParams(lastTestedRepoParams, { max_age: 24 }).max_age).toBe(24);
    expect(parseParams(lastTestedRepoParams, { max_age: ' 24 ' }).max_age).toBe(24);
    expect(fails(() => parseParams(lastTestedRepoParams, { max_age: 1.5 }))).toEqual({ status: 400, message: 'max_age must be an integer' });
    expect(fails(() => parseParams(promotionsParams, { limit: '1e3' }))).toEqual({ status: 400, message: 'limit must be an integer' });
  });

  it('null counts as absent; unknown fields are ignored', () => {
    expect(parseParams(lastTestedRepoParams, { max_age: 0, job_id: null, success: null, extra: 'x' })).toEqual({ max_age: 0 });
  });

  it('every missing field is named at once, then what is wrong', () => {
    expect(fails(() => parseParams(reportResultParams, { commit_hash: 'a', distro_hash: 'b', success: 'nah' }))).toEqual({
      status: 400,
      message: 'Missing parameters: job_id, url, timestamp; success must be true or false',
    });
  });

  it('a report timestamp may carry a fraction of a second (dropped)', () => {
    expect(parseParams(reportResultParams, { aggregate_hash: 'h', job_id: 'j', url: '', timestamp: '1700000000.75', success: 'true' }).timestamp).toBe(
      1700000000,
    );
  });
});
