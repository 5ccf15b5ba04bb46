// The Go-template engine (Lynq's syntax), function by function, against the outputs Lynq's own
// tests and docs give (lynq-behaviour.md §3 and Lynq's e2e suite).
import { compileGoTemplate, GoTemplateExecError, GoTemplateMissingKeyError, GoTemplateSyntaxError } from '../../lambdas/core/template/go-template/go-template';

const NOW = new Date('2026-11-24T12:34:56Z');
const DATA = {
  uid: 'acme-corp', planType: 'pro', dbStorageGb: 50, dbMultiAz: false, empty: '', nothing: null,
  config: '{"apiKey":"sk-abc","nested":{"port":5432}}', items: ['a', 'b', 'c'], longUID: 'long-uid-for-trunc',
};

function run(source: string, data: Record<string, unknown> = DATA) {
  return compileGoTemplate(source).execute(data, { now: NOW });
}
const text = (source: string, data?: Record<string, unknown>) => run(source, data).text;

function error(source: string, data?: Record<string, unknown>): Error {
  try {
    run(source, data);
  } catch (e) {
    return e as Error;
  }
  throw new Error(`expected ${source} to fail`);
}

describe('actions and data', () => {
  test('{{ .var }}, {{ index . "var" }} and {{ $ }}', () => {
    expect(text('{{ .uid }}-app')).toBe('acme-corp-app');
    expect(text('{{ index . "uid" }}')).toBe('acme-corp');
    expect(text('{{ $.uid }}')).toBe('acme-corp');
    expect(text('{{ with $ }}{{ .planType }}{{ end }}')).toBe('pro');
  });

  test('missingkey=error: an unknown variable fails with its name and position', () => {
    const e = error('name-{{ .dbInstanceClas }}');
    expect(e).toBeInstanceOf(GoTemplateMissingKeyError);
    expect(e.message).toBe('go template error at line 1, column 9: map has no entry for key "dbInstanceClas"');
    expect((e as GoTemplateMissingKeyError).topLevel).toBe(true);
  });

  test('index of a missing key gives nil, so `index . "x" | default` works (Lynq\'s documented workaround)', () => {
    expect(text('{{ index . "region" | default "us" }}')).toBe('us');
    expect(() => run('{{ .region | default "us" }}')).toThrow(GoTemplateMissingKeyError);
  });

  test('nil prints nothing (Go prints "<no value>"); SQL types print as Go prints them', () => {
    expect(text('[{{ .nothing }}]')).toBe('[]');
    expect(text('{{ .dbStorageGb }} {{ .dbMultiAz }} {{ 1.5 }} {{ 0.00001 }}')).toBe('50 false 1.5 1e-05');
    expect(text('{{ .items }} {{ dict "b" 2 "a" 1 }}')).toBe('[a b c] map[a:1 b:2]');
  });

  test('inherited object names are never fields', () => {
    expect(() => run('{{ .constructor }}')).toThrow(GoTemplateMissingKeyError);
    expect(() => run('{{ .uid.length }}')).toThrow("can't evaluate field length in type string");
    expect(text('{{ index . "__proto__" | default "none" }}')).toBe('none');
  });

  test('a row value holding {{ }} or <%= %> is data, never parsed', () => {
    const data = { uid: '{{ env "AWS_SECRET_ACCESS_KEY" }}', other: '<%= process.env.HOME %>' };
    expect(text('{{ .uid }}|{{ .other }}', data)).toBe('{{ env "AWS_SECRET_ACCESS_KEY" }}|<%= process.env.HOME %>');
  });
});

describe('syntax', () => {
  test('pipelines, parentheses and field chains on their result', () => {
    expect(text('{{ .uid | upper | trunc 4 }}')).toBe('ACME');
    expect(text('{{ (.config | fromJson).apiKey }}')).toBe('sk-abc');
    expect(text('{{ (.config | fromJson).nested.port }}')).toBe('5432');
  });

  test('if / else if / else / end with the comparison functions', () => {
    const tier = '{{ if eq .planType "enterprise" }}1000m{{ else if eq .planType "pro" }}750m{{ else }}500m{{ end }}';
    expect(text(tier)).toBe('750m');
    expect(text(tier, { planType: 'enterprise' })).toBe('1000m');
    expect(text(tier, { planType: 'basic' })).toBe('500m');
    expect(text('{{ if ne .uid "x" }}y{{ end }}')).toBe('y');
    expect(text('{{ if lt .dbStorageGb 100 }}small{{ end }}{{ if le 50 .dbStorageGb }}-le{{ end }}')).toBe('small-le');
    expect(text('{{ if gt .dbStorageGb 10 }}big{{ end }}{{ if ge .dbStorageGb 51 }}-ge{{ end }}')).toBe('big');
    expect(text('{{ if eq .planType "basic" "pro" }}paid-or-basic{{ end }}')).toBe('paid-or-basic');
  });

  test('eq compares a number with its text (row values keep SQL types; Lynq saw strings)', () => {
    expect(text('{{ if eq .dbStorageGb "50" }}yes{{ end }}')).toBe('yes');
    expect(() => run('{{ lt .dbStorageGb "60" }}')).toThrow('incompatible types for comparison');
  });

  test('and, or, not, len, print, printf', () => {
    expect(text('{{ and .uid .empty }}|{{ or .empty .uid }}|{{ not .empty }}')).toBe('|acme-corp|true');
    expect(text('{{ if and .uid (not .empty) }}ok{{ end }}')).toBe('ok');
    expect(text('{{ len .uid }} {{ len .items }} {{ len (dict "a" 1) }}')).toBe('9 3 1');
    expect(text('{{ print .uid "-" 42 }}|{{ print 1 2 }}')).toBe('acme-corp-42|1 2');
    expect(text('{{ printf "%s-%s-deployment" .uid .planType }}')).toBe('acme-corp-pro-deployment');
    expect(text('{{ printf "%05d|%x|%q|%t|%.2f|%v|%%" 42 255 "a" true 1.5 .items }}')).toBe('00042|ff|"a"|true|1.50|[a b c]|%');
    expect(text('{{ printf "%d" .uid }}')).toBe('%!d(string)');
  });

  test('with and range over lists, maps and numbers, with else, break and continue', () => {
    expect(text('{{ with .planType }}plan={{ . }}{{ end }}')).toBe('plan=pro');
    expect(text('{{ with .empty }}x{{ else }}none{{ end }}')).toBe('none');
    expect(text('{{ range .items }}{{ . }};{{ end }}')).toBe('a;b;c;');
    expect(text('{{ range $i, $v := .items }}{{ $i }}={{ $v }} {{ end }}')).toBe('0=a 1=b 2=c ');
    expect(text('{{ range $k, $v := dict "b" 2 "a" 1 }}{{ $k }}:{{ $v }} {{ end }}')).toBe('a:1 b:2 ');
    expect(text('{{ range list }}x{{ else }}empty{{ end }}')).toBe('empty');
    expect(text('{{ range 3 }}{{ . }}{{ end }}')).toBe('012');
    expect(text('{{ range .items }}{{ if eq . "b" }}{{ continue }}{{ end }}{{ if eq . "c" }}{{ break }}{{ end }}{{ . }}{{ end }}')).toBe('a');
  });

  test('variables: declare, assign, scope', () => {
    expect(text('{{ $n := .uid }}{{ $n }}')).toBe('acme-corp');
    expect(text('{{ $x := 1 }}{{ if true }}{{ $x = 2 }}{{ end }}{{ $x }}')).toBe('2');
    expect(() => compileGoTemplate('{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}')).toThrow('undefined variable "$y"');
  });

  test('trim markers and comments', () => {
    expect(text('a  {{- .planType -}}  b')).toBe('aprob');
    expect(text('a {{/* a comment */}}b')).toBe('a b');
    expect(text('a {{- /* trimmed */ -}} b')).toBe('ab');
  });

  test('literals: strings with escapes, raw strings, numbers, characters, booleans, nil', () => {
    expect(text('{{ "a\\tb\\u00e9" }}|{{ `raw\\n` }}|{{ 0x1F }}|{{ 1_000 }}|{{ \'a\' }}|{{ true }}|{{ nil }}')).toBe('a\tbé|raw\\n|31|1000|97|true|');
  });

  test('syntax errors name the line and column', () => {
    const cases: Array<[string, string]> = [
      ['{{ .uid | | trim }}', 'line 1, column 11'],
      ['{{ .uid ', 'unclosed action'],
      ['{{ if .uid }}x', 'has no {{end}}'],
      ['x\n  {{ end }}', 'line 2, column 6: unexpected {{end}}'],
      ['{{ "unterminated }}', 'unterminated quoted string'],
      ['{{ invalidFunc .uid }}', 'line 1, column 4: function "invalidFunc" not defined'],
      ['{{ .uid | trunc }}', 'wrong number of arguments for trunc: want 2, got 1'],
      ['{{ define "x" }}{{ end }}', '"define" is not supported'],
      ['{{ .uid 1 }}', "can't give arguments"],
    ];
    for (const [source, expected] of cases) {
      const e = (() => {
        try {
          compileGoTemplate(source);
        } catch (err) {
          return err as Error;
        }
        return null;
      })();
      expect(e).toBeInstanceOf(GoTemplateSyntaxError);
      expect(e!.message).toContain(expected);
    }
  });
});

describe('refused functions are named in the error', () => {
  test.each([
    ['env "HOME"', 'env', 'environment'],
    ['expandenv "$HOME"', 'expandenv', 'environment'],
    ['getHostByName "example.com"', 'getHostByName', 'network'],
    ['randAlphaNum 8', 'randAlphaNum', 'random'],
    ['uuidv4', 'uuidv4', 'random'],
    ['genPrivateKey "rsa"', 'genPrivateKey', 'randomness'],
  ])('{{ %s }}', (call, name, why) => {
    expect(() => compileGoTemplate(`x-{{ ${call} }}`)).toThrow(new RegExp(`line 1, column 6: function "${name}" is refused: .*${why}`));
  });
});

describe("Lynq's functions", () => {
  test('trunc63: Lynq e2e: print .uid with a suffix | trunc63 is the 61-character name, unchanged', () => {
    const name = text('{{ print .longUID "-this-is-a-very-long-suffix-to-exceed-limit" | trunc63 }}');
    expect(name).toBe('long-uid-for-trunc-this-is-a-very-long-suffix-to-exceed-limit');
    expect(name).toHaveLength(61);
    // Lynq's unit test: a long name is cut to its first 63 bytes.
    expect(text('{{ .n | trunc63 }}', { n: 'this-is-a-very-long-name-that-exceeds-kubernetes-label-limit-of-sixtythree-characters' }))
      .toBe('this-is-a-very-long-name-that-exceeds-kubernetes-label-limit-of');
  });

  test('sha1sum: 40 hex characters; "test" is a94a8fe5…', () => {
    expect(text('{{ "test" | sha1sum }}')).toBe('a94a8fe5ccb19ba61c4c0873d391e987982fbbd3');
    expect(text('{{ .uid | sha1sum }}')).toHaveLength(40);
    expect(text('app-{{ .uid | sha1sum | trunc 8 }}')).toMatch(/^app-[0-9a-f]{8}$/);
  });

  test('toHost', () => {
    expect(text('{{ "https://acme.example.com:8080/path" | toHost }}')).toBe('acme.example.com');
    expect(text('{{ "a.com:8080" | toHost }}')).toBe('a.com');
  });

  test('fromJson: invalid JSON gives an empty map', () => {
    expect(text('{{ (.config | fromJson).apiKey }}')).toBe('sk-abc');
    expect(text('{{ len ("not json" | fromJson) }}')).toBe('0');
  });

  test('int: "not-a-number" and "" give 0; floats truncate; typed result', () => {
    expect(run('{{ "not-a-number" | int }}')).toEqual({ text: '0', native: 0 });
    expect(run('{{ "" | int }}')).toEqual({ text: '0', native: 0 });
    expect(run('{{ "42" | int }}')).toEqual({ text: '42', native: 42 });
    expect(run('{{ "3.9" | int }}')).toEqual({ text: '3', native: 3 });
    expect(run('{{ true | int }}')).toEqual({ text: '1', native: 1 });
  });

  test('float: "1.5" → 1.5, "42" → 42, unparseable → 0', () => {
    expect(run('{{ "1.5" | float }}').native).toBe(1.5);
    expect(run('{{ "0.75" | float }}').native).toBe(0.75);
    expect(run('{{ "42" | float }}').native).toBe(42);
    expect(run('{{ "x" | float }}').native).toBe(0);
  });

  test('bool: the truthy set is true, 1, yes, on, t, y (any case) and non-zero numbers', () => {
    for (const yes of ['true', 'TRUE', '1', 'yes', 'Yes', 'on', 't', 'y']) expect(run(`{{ "${yes}" | bool }}`).native).toBe(true);
    for (const no of ['false', '0', '', 'no', 'off', 'enabled', '2']) expect(run(`{{ "${no}" | bool }}`).native).toBe(false);
    expect(run('{{ 2 | bool }}').native).toBe(true);
    expect(run('{{ 0 | bool }}').native).toBe(false);
  });

  test('a typed result is native only when it is the whole output (else it is text, never a marker)', () => {
    expect(run('{{ .dbStorageGb | int }}Mi')).toEqual({ text: '50Mi' });
    expect(run(' {{ .dbStorageGb | int }}')).toEqual({ text: ' 50' });
    expect(run('{{ if true }}{{ "7" | int }}{{ end }}')).toEqual({ text: '7', native: 7 });
    expect(run('{{ .dbStorageGb }}')).toEqual({ text: '50' });
    // Arithmetic-style uses see the number, where Lynq's marker string misbehaved.
    expect(text('{{ if gt ("7" | int) 5 }}more{{ end }}')).toBe('more');
  });
});

describe('Sprig functions', () => {
  test('default: on an empty value (Lynq e2e: "" | default "fallback")', () => {
    expect(text('{{ "" | default "fallback" }}')).toBe('fallback');
    expect(text('{{ default "nginx:stable" .empty }}')).toBe('nginx:stable');
    expect(text('{{ .nothing | default "d" }}|{{ 0 | default 5 }}|{{ false | default "f" }}|{{ .uid | default "d" }}')).toBe('d|5|f|acme-corp');
  });

  test('quote, upper, lower, trim, trunc, replace', () => {
    expect(text('{{ .uid | quote }}|{{ quote "a\\"b" }}')).toBe('"acme-corp"|"a\\"b"');
    expect(text('{{ .uid | upper }}|{{ "FUNC-Test" | lower }}|{{ "  spaces  " | trim }}')).toBe('ACME-CORP|func-test|spaces');
    expect(text('{{ trunc 4 .uid }}|{{ trunc -4 .uid }}|{{ trunc 99 .uid }}')).toBe('acme|corp|acme-corp');
    expect(text('{{ .uid | replace "-" "_" }}')).toBe('acme_corp');
  });

  test('b64enc, b64dec, sha256sum, toJson, toString', () => {
    expect(text('{{ .uid | b64enc }}')).toBe('YWNtZS1jb3Jw');
    expect(text('{{ "YWNtZS1jb3Jw" | b64dec }}')).toBe('acme-corp');
    expect(text('{{ "test" | sha256sum }}')).toBe('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
    expect(text('{{ dict "b" "<x>" "a" 1 | toJson }}')).toBe('{"a":1,"b":"\\u003cx\\u003e"}');
    expect(text('{{ .dbStorageGb | toString | len }}')).toBe('2');
  });

  test('now and date: Go layouts, pinned to the execution start', () => {
    expect(text('{{ .uid }}-final-snapshot-{{ now | date "20060102150405" }}')).toBe('acme-corp-final-snapshot-20261124123456');
    expect(text('{{ date "2006-01-02" 0 }}')).toBe('1970-01-01'); // Sprig: a number is unix seconds
  });

  test('contains, hasPrefix, hasSuffix, join, split, list, dict', () => {
    expect(text('{{ contains "corp" .uid }} {{ hasPrefix "acme" .uid }} {{ hasSuffix "x" .uid }}')).toBe('true true false');
    expect(text('{{ list "a" 1 .uid | join "," }}')).toBe('a,1,acme-corp');
    expect(text('{{ (split "-" .uid)._1 }}')).toBe('corp');
    expect(text('{{ (dict "k" .planType).k }}')).toBe('pro');
  });

  test('ternary, empty, coalesce, required, atoi', () => {
    expect(text('{{ ternary "yes" "no" (eq .planType "pro") }}')).toBe('yes');
    expect(text('{{ empty .empty }} {{ empty .uid }} {{ empty list }}')).toBe('true false true');
    expect(text('{{ coalesce .empty .nothing .planType }}')).toBe('pro');
    expect(text('{{ required "uid is required" .uid }}')).toBe('acme-corp');
    const e = error('{{ required "planType is required" .empty }}');
    expect(e).toBeInstanceOf(GoTemplateExecError);
    expect(e.message).toBe('go template error at line 1, column 4: error calling required: planType is required');
    expect(text('{{ atoi "42" }} {{ atoi "x" }}')).toBe('42 0');
  });
});

test('errors never quote a row value', () => {
  const secret = 'hunter2-secret-value';
  for (const source of ['{{ .s.x }}', '{{ lt .s 1 }}', '{{ len 5 }}', '{{ printf "%d" .s }}', '{{ ternary 1 2 .s }}']) {
    let message = '';
    try {
      message = run(source, { s: secret }).text;
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).not.toContain(secret);
  }
});
