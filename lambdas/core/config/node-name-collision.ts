// A LynqNode is named `<uid>-<form>` (DESIGN §4), and both parts may hold '-'. Two forms of one
// hub can therefore give two different nodes the same name: forms `app` and `web-app` make
// uid `x-web` with `app` and uid `x` with `web-app` both `x-web-app`. The two nodes would share
// one record, flip it on every sync and never delete the objects of the one that goes.
// The name keeps its documented shape, so such pairs of forms are refused instead.
import { dnsLabelProblem } from '../sync/dns-label';

export interface FormNameCollision {
  /** The shorter name, which the longer one ends with after a '-'. */
  shorter: string;
  longer: string;
  /** One node name both forms can give, e.g. `x-web-app`. */
  example: { name: string; uidWithShorter: string; uidWithLonger: string };
}

/**
 * `<u1>-<shorter>` = `<u2>-<longer>` has a solution exactly when longer = `<t>-<shorter>` and
 * `<u2>-<t>` can be a uid (a DNS label): then u1 = `<u2>-<t>`.
 */
export function formNameCollision(a: string, b: string): FormNameCollision | null {
  if (a === b || a.length === b.length) return null;
  const [shorter, longer] = a.length < b.length ? [a, b] : [b, a];
  if (!longer.endsWith(`-${shorter}`)) return null;
  const middle = longer.slice(0, longer.length - shorter.length - 1);
  const uidWithLonger = 'x';
  const uidWithShorter = `${uidWithLonger}-${middle}`;
  if (dnsLabelProblem(uidWithShorter) !== null) return null; // no uid can hold the middle part
  return { shorter, longer, example: { name: `${uidWithShorter}-${shorter}`, uidWithShorter, uidWithLonger } };
}
