/**
 * The one error presenter of both front ends (issue 12 item 7): the same plain words for the same problem on every
 * page — a rate limit is never called a network failure, a network failure never a rate limit.
 */
import test from 'ava';
import { ApiError, PROBLEM_WORDS, problemWords } from '@cc/shared';

const problem = (status: number, code: string, title: string) =>
  new ApiError({ type: 'about:blank', status, code, title } as ConstructorParameters<typeof ApiError>[0]);

test('each kind of failure has its own words', (t) => {
  t.is(problemWords(problem(429, 'rate_limited', '请求太频繁，请稍后再试')), PROBLEM_WORDS.rate_limited);
  t.is(problemWords(new TypeError('Failed to fetch')), PROBLEM_WORDS.network);
  t.is(problemWords({ errMsg: 'request:fail timeout' }), PROBLEM_WORDS.network);
  t.is(problemWords(problem(401, 'session_invalid', '请先登录')), PROBLEM_WORDS.unauthenticated);
  // A wrong PIN is a 401 that explains itself.
  t.is(problemWords(problem(401, 'pin_incorrect', '密码错误，还可以再试 4 次')), '密码错误，还可以再试 4 次');
  t.is(problemWords(problem(503, 'unavailable', 'Service Unavailable')), PROBLEM_WORDS.server);
  t.is(problemWords(problem(500, 'internal', 'Internal Server Error')), PROBLEM_WORDS.server);
});

test('a problem the API explains keeps its own words, including a 429 of its own', (t) => {
  t.is(problemWords(problem(409, 'out_of_stock', '库存不足')), '库存不足');
  t.is(
    problemWords(problem(429, 'too_many_calls', '呼叫太频繁，请稍后再试；紧急情况请拨打社区热线')),
    '呼叫太频繁，请稍后再试；紧急情况请拨打社区热线',
  );
  t.not(PROBLEM_WORDS.rate_limited, PROBLEM_WORDS.network);
});
