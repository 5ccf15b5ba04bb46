import { ListItemStream } from '../../lambdas/adapters/kube-list-stream';

// A list whose strings hold everything that could fool a scanner: quotes, backslashes, braces,
// brackets, an "items" key inside an item, non-ASCII text; metadata after the items as well.
const list = {
  kind: 'LynqNodeList',
  apiVersion: 'lynq.sh/v1',
  metadata: { resourceVersion: '42' },
  items: [
    { metadata: { name: 'a', annotations: { note: 'say "hi" \\ {not: [an, object]}', 'items': '[' } }, spec: { items: [1, { x: '}' }] } },
    { metadata: { name: 'b' }, spec: { text: 'ends with a backslash \\', emoji: 'héllo ☃ \u2028' } },
    { metadata: { name: 'c' }, spec: {} },
  ],
  trailing: { continue: 'tok"en' },
};

function run(chunks: string[]): { items: unknown[]; envelope: unknown } {
  const items: unknown[] = [];
  const stream = new ListItemStream((item) => items.push(item));
  for (const chunk of chunks) stream.push(chunk);
  return { items, envelope: stream.finish() };
}

describe('ListItemStream', () => {
  const text = JSON.stringify(list, null, 1);
  const { items: expectedItems, ...rest } = list;
  const expectedEnvelope = { ...rest, items: [] };

  it('hands over each item and keeps the envelope, however the text is cut into chunks', () => {
    for (let cut = 0; cut <= text.length; cut++) {
      const result = run([text.slice(0, cut), text.slice(cut)]);
      expect(result.items).toEqual(expectedItems);
      expect(result.envelope).toEqual(expectedEnvelope);
    }
  });

  it('reads a response delivered one character at a time', () => {
    expect(run([...text])).toEqual({ items: expectedItems, envelope: expectedEnvelope });
  });

  it('hands items over as they complete, before the rest has arrived', () => {
    const seen: string[] = [];
    const stream = new ListItemStream((item) => seen.push((item as { metadata: { name: string } }).metadata.name));
    const compact = JSON.stringify(list);
    stream.push(compact.slice(0, compact.indexOf('"name":"b"')));
    expect(seen).toEqual(['a']);
    stream.push(compact.slice(compact.indexOf('"name":"b"')));
    expect(seen).toEqual(['a', 'b', 'c']);
  });

  it('reads the continue token of a page', () => {
    const page = { kind: 'List', metadata: { continue: 'next', remainingItemCount: 3 }, items: [{ metadata: { name: 'x' } }] };
    expect(run([JSON.stringify(page)]).envelope).toEqual({ ...page, items: [] });
  });

  it('an empty list, and one without items, has no items', () => {
    expect(run(['{"kind":"List","metadata":{},"items":[]}']).items).toEqual([]);
    expect(run(['{"kind":"List","metadata":{}}']).items).toEqual([]);
  });

  it('a response cut short is an error, not a shorter list', () => {
    const stream = new ListItemStream(() => undefined);
    stream.push(text.slice(0, text.indexOf('"name": "b"')));
    expect(() => stream.finish()).toThrow(/ended early/);
  });
});
