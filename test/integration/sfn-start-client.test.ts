// The StartExecution path at the SDK edge: the real SFNClient (adaptive retry, capped rate limiter)
// and the real starter, over HTTP to a loopback endpoint that speaks the Step Functions protocol
// and throttles on purpose. Throttling is decided per call (the `throttle` hook), not by time.
import type { RateLimiter } from '@smithy/util-retry';
import { SfnExecutionStarter } from '../../lambdas/adapters/execution-starter';
import { createStartExecutionClient, DEFAULT_START_ATTEMPTS } from '../../lambdas/adapters/sfn-start-client';
import { CappedRateLimiter, TokenBucket } from '../../lambdas/adapters/start-rate-limiter';
import { restartExecutionName } from '../../lambdas/core/sync/execution-name';
import { StepFunctionsQuotaEndpoint, type QuotaEndpointOptions } from '../../local/step-functions-quota-endpoint';

const ARN = 'arn:aws:states:us-east-1:000000000000:stateMachine:reconcile-node';

describe('StartExecution through the SDK against a throttling endpoint', () => {
  const endpoints: StepFunctionsQuotaEndpoint[] = [];
  afterEach(async () => {
    await Promise.all(endpoints.splice(0).map((e) => e.stop()));
  });

  /** A fresh endpoint and client (the retry quota and adaptive rate are per client). */
  async function setup(endpointOptions: QuotaEndpointOptions = {}, requestTimeoutMs?: number) {
    const endpoint = new StepFunctionsQuotaEndpoint(endpointOptions);
    endpoints.push(endpoint);
    const url = await endpoint.start();
    let tokens = 0;
    const capped = new CappedRateLimiter(new TokenBucket(1000));
    const rateLimiter: RateLimiter = {
      getSendToken: () => { tokens++; return capped.getSendToken(); },
      updateClientSendingRate: (response: unknown) => { capped.updateClientSendingRate(response); },
    };
    const client = createStartExecutionClient({
      maxStartsPerSecond: 1000, endpoint: url, region: 'us-east-1', credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, rateLimiter, requestTimeoutMs,
    });
    // The starter compares start dates with the service's clock.
    const starter = new SfnExecutionStarter({ client, stateMachineArn: ARN, serviceNowMs: endpointOptions.nowMs });
    return { endpoint, starter, tokens: () => tokens };
  }

  it('a throttled start is retried by the SDK, through the rate limiter, and starts once', async () => {
    const { endpoint, starter, tokens } = await setup({ throttle: (name, attempt) => name === 'b' && attempt === 1 });
    await expect(starter.start('a', { uid: 'a' })).resolves.toBe('started');
    await expect(starter.start('b', { uid: 'b' })).resolves.toBe('started');
    expect(Object.fromEntries(endpoint.callsByName)).toEqual({ a: 1, b: 2 });
    expect(endpoint.counts).toMatchObject({ throttled: 1, started: 2 });
    // Retries take a token too: nothing bypasses the limiter.
    expect(tokens()).toBe(3);
  });

  it('a start throttled every time fails after the SDK attempts, not attempts times a second layer', async () => {
    const { endpoint, starter } = await setup({ throttle: () => true });
    const error = await starter.start('acme-db-abc', { uid: 'acme' }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toBe(`StartExecution acme-db-abc failed after ${DEFAULT_START_ATTEMPTS} attempt(s): ThrottlingException: Rate exceeded`);
    expect(endpoint.counts.startCalls).toBe(DEFAULT_START_ATTEMPTS);
    expect(endpoint.executions.size).toBe(0);
  });

  it('the bucket of the quota answers ThrottlingException when empty (a clock that stands still: no refill)', async () => {
    const { endpoint, starter } = await setup({ burst: 2, refillPerSecond: 300, nowMs: () => 1_000_000 });
    await expect(starter.start('a', { uid: 'a' })).resolves.toBe('started');
    await expect(starter.start('b', { uid: 'b' })).resolves.toBe('started');
    await expect(starter.start('c', { uid: 'c' })).rejects.toThrow(/^StartExecution c failed after 3 attempt\(s\): ThrottlingException/);
    expect(endpoint.counts).toMatchObject({ started: 2, throttled: 3 });
  });

  it('an attempt that times out after it started the execution is retried by the SDK, and the retry finds the same execution', async () => {
    // The first call's answer comes long after the client's request timeout.
    const { endpoint, starter } = await setup({ answerDelayMs: (_name, attempt) => (attempt === 1 ? 2000 : 0) }, 200);
    await expect(starter.start('slow', { uid: 'slow' })).resolves.toBe('started');
    expect(endpoint.executions.size).toBe(1);
    expect(endpoint.callsByName.get('slow')).toBeGreaterThanOrEqual(2);
    expect(endpoint.counts.started).toBe(1);
  });

  it('ExecutionAlreadyExists is the one answer the starter maps: a running name starts nothing, a failed one restarts, a succeeded one is done', async () => {
    const { endpoint, starter } = await setup();
    await expect(starter.start('run', { uid: 'run' })).resolves.toBe('started');
    await expect(starter.start('failed', { uid: 'failed' })).resolves.toBe('started');
    await expect(starter.start('done', { uid: 'done' })).resolves.toBe('started');
    endpoint.close('failed', 'FAILED');
    endpoint.close('done', 'SUCCEEDED');

    await starter.start('run', { uid: 'run' }); // the idempotent 200: same execution
    await expect(starter.start('failed', { uid: 'failed' })).resolves.toBe('restarted');
    await expect(starter.start('done', { uid: 'done' })).resolves.toBe('already-exists');

    expect([...endpoint.executions.keys()].sort()).toEqual(['done', 'failed', restartExecutionName('failed'), 'run'].sort());
    expect(endpoint.counts).toMatchObject({ idempotent: 1, alreadyExists: 2, describeCalls: 2, throttled: 0 });
  });
});
