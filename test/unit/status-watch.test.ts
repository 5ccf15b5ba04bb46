import { formatStatus, watch, type NodeStatus } from '../../cli/status-command';

describe('status --watch', () => {
  it('refreshes the view every interval, --count times, clearing the screen on a terminal', async () => {
    const sleeps: number[] = [];
    const written: string[] = [];
    let round = 0;
    await watch(async () => `view ${++round}\n`, { intervalMs: 2000, count: 3, clear: true, write: (t) => written.push(t), sleep: async (ms) => { sleeps.push(ms); } });
    expect(written).toHaveLength(3);
    expect(written.map((w) => w.split('\n').slice(-2, -1)[0])).toEqual(['view 1', 'view 2', 'view 3']);
    expect(written[0].startsWith('\x1b[2J\x1b[H')).toBe(true);
    expect(sleeps).toEqual([2000, 2000]);
  });

  it('refuses an interval that is not a positive number of seconds', async () => {
    await expect(watch(async () => '', { intervalMs: Number('abc') * 1000 })).rejects.toThrow(/--interval must be a number of seconds > 0/);
  });
});

describe('status table', () => {
  it('says so when there are no nodes', () => {
    expect(formatStatus([] as NodeStatus[])).toBe('No LynqNodes found.\n');
  });
});
