/** `unwrapReply`: how the pages and the content script read the background's answers. */
import { describe, expect, it } from 'vitest';
import { CallError, unwrapReply } from '../../../src/core/reply.ts';

function thrown(fn: () => unknown): CallError {
  try {
    fn();
  } catch (err) {
    if (err instanceof CallError) return err;
    throw err;
  }
  throw new Error('did not throw');
}

describe('unwrapReply', () => {
  it('answers the value of an ok reply, null included', () => {
    expect(unwrapReply({ ok: true, value: { n: 1 } }, 'none')).toEqual({ n: 1 });
    expect(unwrapReply({ ok: true, value: null }, 'none')).toBeNull();
  });

  it("throws the background's failure with its code and parameters", () => {
    const err = thrown(() =>
      unwrapReply(
        { ok: false, error: { code: 'pending', message: '2 left', params: { total: 2 } } },
        'none',
      ),
    );
    expect([err.code, err.message, err.params]).toEqual(['pending', '2 left', { total: 2 }]);
  });

  it.each([undefined, null, 'pong', { value: 1 }, { ok: 'yes' }])(
    'throws no-answer for %j, which is no reply',
    (reply) => {
      const err = thrown(() => unwrapReply(reply, 'The background did not answer.'));
      expect([err.code, err.message]).toEqual(['no-answer', 'The background did not answer.']);
    },
  );
});
