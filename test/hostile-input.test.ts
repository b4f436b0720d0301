/**
 * Hostile input (issue 10, DESIGN.md §6): a template or cdk.out from a pull request must not
 * hang the tool, read files outside its assembly, overflow the stack or print fake lines.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { capture } from './cli-helpers';
import { baseline } from './rules/fixtures';
import { main } from '../src/cli/main';
import { buildModel } from '../src/private/model/build';
import { loadPaths, loadPathsWithReport, parseTemplateText } from '../src/private/model/load';
import { isUnknown } from '../src/private/model/types';

let tmp: string;
beforeEach(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hostile-')));
});
afterEach(() => {
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function run(...argv: string[]) {
  const io = capture();
  const t0 = Date.now();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr, ms: Date.now() - t0 };
}

function write(name: string, content: unknown): string {
  const f = path.join(tmp, name);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, typeof content === 'string' ? content : JSON.stringify(content));
  return f;
}

/** A cloud assembly with one stack artifact whose manifest entry is `props`. */
function assembly(dir: string, artifacts: Record<string, unknown>): string {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ version: '36.0.0', artifacts }));
  return dir;
}

describe('files: only regular files, with a size cap', () => {
  test('/dev/zero: exit 2 at once, without reading it', async () => {
    const r = await run('check', '/dev/zero');
    expect(r).toMatchObject({ code: 2, stdout: '', stderr: 'cognito-scopes check: /dev/zero: not a regular file (a character device)\n' });
    expect(r.ms).toBeLessThan(2000);
  });

  test('a FIFO: exit 2 at once, never blocks on open', async () => {
    const fifo = path.join(tmp, 'pipe.json');
    execFileSync('mkfifo', [fifo]);
    for (const cmd of [['check', fifo], ['matrix', fifo], ['explain', '--template', fifo, '--method', 'GET', '--path', '/']]) {
      const r = await run(...cmd);
      expect(r).toMatchObject({ code: 2, stderr: `cognito-scopes ${cmd[0]}: ${fifo}: not a regular file (a FIFO)\n` });
      expect(r.ms).toBeLessThan(2000);
    }
  });

  test('explain --jwks and --token-file: a FIFO or /dev/zero is refused without reading it', async () => {
    const f = write('small.json', baseline());
    const fifo = path.join(tmp, 'jwks-pipe');
    execFileSync('mkfifo', [fifo]);
    for (const [flag, file, kind] of [['--jwks', fifo, 'a FIFO'], ['--jwks', '/dev/zero', 'a character device'], ['--token-file', fifo, 'a FIFO']]) {
      const r = await run('explain', '--template', f, '--method', 'GET', '--path', '/items', flag, file);
      expect(r).toMatchObject({ code: 2, stdout: '', stderr: `cognito-scopes explain: ${flag} ${file}: not a regular file (${kind})\n` });
    }
  });

  test('a directory where a template file is expected (manifest templateFile): exit 2', async () => {
    const dir = assembly(path.join(tmp, 'cdk.out'), { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'sub' } } });
    fs.mkdirSync(path.join(dir, 'sub'));
    const r = await run('check', dir);
    expect(r).toMatchObject({ code: 2, stderr: `cognito-scopes check: ${path.join(dir, 'sub')}: not a regular file (a directory)\n` });
  });

  test('a file over the size cap: exit 2 naming the flag; --max-file-size raises it', async () => {
    const f = write('big.json', { ...baseline(), Description: 'x'.repeat(2000) });
    const size = fs.statSync(f).size;
    const r = await run('check', f, '--max-file-size', '1000');
    expect(r).toMatchObject({
      code: 2,
      stderr: `cognito-scopes check: ${f}: ${size} bytes, over the 1000-byte limit (raise it with --max-file-size)\n`,
    });
    expect((await run('check', f, '--max-file-size=1MiB', '--format', 'json')).code).toBe(0);
    expect((await run('matrix', f, '--max-file-size', '1000')).code).toBe(2);
    expect((await run('matrix', '--max-file-size', '1MiB', f)).code).toBe(0);
    expect((await run('explain', '--template', f, '--method', 'GET', '--path', '/items', '--max-file-size', '1000')).stderr).toContain('over the 1000-byte limit');
  });

  test.each([
    ['lots', "cognito-scopes check: --max-file-size must be a number of bytes or a size such as 512KiB, 50MiB, 1GiB: got 'lots'\n"],
    ['0', 'cognito-scopes check: --max-file-size must be between 1 byte and 1GiB: got 0\n'],
    ['2GiB', 'cognito-scopes check: --max-file-size must be between 1 byte and 1GiB: got 2147483648\n'],
  ])('--max-file-size %s is refused', async (value, message) => {
    const r = await run('check', write('t.json', baseline()), '--max-file-size', value);
    expect(r).toMatchObject({ code: 2, stderr: message });
  });

  test('--max-file-size given twice is refused', async () => {
    const r = await run('check', write('t.json', baseline()), '--max-file-size', '1', '--max-file-size=2');
    expect(r).toMatchObject({ code: 2, stderr: "cognito-scopes check: option --max-file-size given more than once: got '1', '2' (give it once)\n" });
  });
});

describe('cloud assembly paths stay inside the assembly', () => {
  const outside = () => write('outside.template.json', baseline());

  test.each([
    ['an absolute templateFile', () => '/etc/passwd'],
    ['a .. templateFile', () => (outside(), '../outside.template.json')],
  ])('%s is refused', async (_, templateFile) => {
    const dir = assembly(path.join(tmp, 'cdk.out'), { S: { type: 'aws:cloudformation:stack', properties: { templateFile: templateFile() } } });
    const r = await run('check', dir);
    expect(r).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `cognito-scopes check: ${path.join(dir, 'manifest.json')}: artifact S: templateFile '${templateFile()}' is outside the cloud assembly (refused)\n`,
    });
  });

  test('a templateFile that is a symlink to a file outside is refused', async () => {
    const dir = assembly(path.join(tmp, 'cdk.out'), { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } });
    fs.symlinkSync(outside(), path.join(dir, 'S.template.json'));
    const r = await run('check', dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`cognito-scopes check: ${path.join(dir, 'manifest.json')}: artifact S: templateFile 'S.template.json' is outside the cloud assembly (refused)\n`);
  });

  test('a nested stack whose aws:asset:path leaves the assembly is refused', async () => {
    const dir = assembly(path.join(tmp, 'cdk.out'), { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } });
    outside();
    const t = baseline();
    t.Resources.Nested = { Type: 'AWS::CloudFormation::Stack', Metadata: { 'aws:asset:path': '../outside.template.json' }, Properties: { TemplateURL: 'x' } };
    fs.writeFileSync(path.join(dir, 'S.template.json'), JSON.stringify(t));
    const r = await run('check', dir);
    expect(r.stderr).toBe(
      `cognito-scopes check: ${path.join(dir, 'S.template.json')}: nested stack Nested: asset path '../outside.template.json' is outside the cloud assembly (refused)\n`,
    );
    expect(r.code).toBe(2);
  });

  test('a nested stack found through an assets manifest pointing at /etc/passwd is refused', async () => {
    const dir = assembly(path.join(tmp, 'cdk.out'), { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } });
    const hash = 'a'.repeat(64);
    fs.writeFileSync(path.join(dir, 'S.assets.json'), JSON.stringify({ files: { [hash]: { source: { path: '/etc/passwd' } } } }));
    const t = baseline();
    t.Resources.Nested = { Type: 'AWS::CloudFormation::Stack', Properties: { TemplateURL: `https://s3/bucket/${hash}.json` } };
    fs.writeFileSync(path.join(dir, 'S.template.json'), JSON.stringify(t));
    const r = await run('check', dir);
    expect(r.stderr).toBe(`cognito-scopes check: ${path.join(dir, 'S.template.json')}: nested stack Nested: asset path '/etc/passwd' is outside the cloud assembly (refused)\n`);
  });

  test('a nested cloud assembly outside the assembly, or nesting itself, is refused', async () => {
    const dir = assembly(path.join(tmp, 'cdk.out'), { Up: { type: 'cdk:cloud-assembly', properties: { directoryName: '..' } } });
    expect((await run('check', dir)).stderr).toBe(
      `cognito-scopes check: ${path.join(dir, 'manifest.json')}: artifact Up: directoryName '..' is outside the cloud assembly (refused)\n`,
    );
    assembly(dir, { Self: { type: 'cdk:cloud-assembly', properties: { directoryName: '.' } } });
    const r = await run('check', dir);
    expect(r).toMatchObject({
      code: 2,
      stderr: `cognito-scopes check: ${path.join(dir, 'manifest.json')}: artifact Self: directoryName '.' is a cloud assembly already being read (a cycle; refused)\n`,
    });
    assembly(path.join(dir, 'a'), { B: { type: 'cdk:cloud-assembly', properties: { directoryName: '..' } } });
    assembly(dir, { A: { type: 'cdk:cloud-assembly', properties: { directoryName: 'a' } } });
    expect((await run('check', dir)).stderr).toBe(
      `cognito-scopes check: ${path.join(dir, 'a', 'manifest.json')}: artifact B: directoryName '..' is a cloud assembly already being read (a cycle; refused)\n`,
    );
  });

  test('a manifest.json that links outside the assembly is refused (a parse error would show its first characters)', async () => {
    const dir = path.join(tmp, 'cdk.out');
    fs.mkdirSync(dir);
    fs.symlinkSync('/etc/passwd', path.join(dir, 'manifest.json'));
    expect(await run('check', dir)).toMatchObject({
      code: 2,
      stderr: `cognito-scopes check: ${path.join(dir, 'manifest.json')}: a link to a file outside the cloud assembly (refused)\n`,
    });
  });

  test('a nested stack whose logical id is __proto__ is loaded and its outputs resolve', () => {
    const dir = assembly(path.join(tmp, 'cdk.out'), { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } });
    const child = { Resources: { Pool: { Type: 'AWS::Cognito::UserPool' } }, Outputs: { Arn: { Value: 'arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_Abc' } } };
    fs.writeFileSync(path.join(dir, 'child.nested.template.json'), JSON.stringify(child));
    const t = baseline();
    t.Resources.Authz.Properties.ProviderARNs = [{ 'Fn::GetAtt': ['__proto__', 'Outputs.Arn'] }];
    fs.writeFileSync(
      path.join(dir, 'S.template.json'),
      JSON.stringify(t).replace('"Resources":{', '"Resources":{"__proto__":{"Type":"AWS::CloudFormation::Stack","Metadata":{"aws:asset:path":"child.nested.template.json"}},'),
    );
    const { inputs, files } = loadPathsWithReport([dir]);
    expect(Object.keys(inputs[0].nested!)).toEqual(['__proto__']);
    expect(files.map((f) => f.reason)).toEqual(['stack S of the cloud assembly', 'nested stack __proto__ of S']);
    const model = buildModel(inputs);
    expect(model.authorizers[0].providerPools).toEqual(['external:us-east-1_Abc']);
    expect(model.userPools.map((p) => p.key).sort()).toEqual(['S#Pool', 'S/__proto__#Pool', 'external:us-east-1_Abc']);
  });

  test('names from a manifest are escaped in messages', async () => {
    const dir = assembly(path.join(tmp, 'cdk.out'), { 'S\nfake: line': { type: 'aws:cloudformation:stack', properties: { templateFile: '/etc/\u001b[31mpasswd' } } });
    const r = await run('check', dir);
    expect(r.stderr).toBe(
      `cognito-scopes check: ${path.join(dir, 'manifest.json')}: artifact S\\nfake: line: templateFile '/etc/\\u001b[31mpasswd' is outside the cloud assembly (refused)\n`,
    );
  });
});

describe('no recursion a template can overflow', () => {
  function deep(levels: number, leaf: unknown = 'x'): unknown {
    let v: unknown = leaf;
    for (let i = 0; i < levels; i++) v = i % 2 ? [v] : { k: v };
    return v;
  }

  test('a property nested 5,000 levels deep (JSON and YAML): exit 2 with a message', async () => {
    // Built as text: JSON.stringify itself overflows on such a value.
    const f = write('deep.json', JSON.stringify(baseline()).replace('"Properties":{}', `"Properties":{"Deep":${'{"k":['.repeat(2500)}"x"${']}'.repeat(2500)}}`));
    const r = await run('check', f, '--format', 'json');
    expect(r).toMatchObject({ code: 2, stderr: `cognito-scopes check: ${f}: nested more than 512 levels deep (refused)\n` });
    const y = write('deep.yaml', `Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      Deep: ${'['.repeat(5000)}${']'.repeat(5000)}\n`);
    const ry = await run('check', y);
    expect(ry.code).toBe(2);
    expect(ry.stderr).toMatch(new RegExp(`^cognito-scopes check: ${y}: (nested more than 512 levels deep \\(refused\\)|not valid YAML \\(nested too deep to read\\))\n$`));
  });

  test('nesting just under the limit is read by check, matrix and explain, wherever it is', async () => {
    const t = baseline();
    t.Resources.Pool.Properties = { Deep: deep(500) };
    t.Resources.Api.Properties.Body = deep(505);
    t.Resources.GetItems.Properties.Integration.RequestTemplates = deep(500);
    t.Resources.GetItems.Properties.AuthorizationScopes = deep(500, { Ref: 'Rs' });
    t.Resources.Web.Properties.AllowedOAuthScopes = deep(500, { 'Fn::Join': ['', [{ Ref: 'Rs' }, '/read']] });
    t.Resources.Authz.Properties.ProviderARNs = deep(500, { 'Fn::GetAtt': ['Pool', 'Arn'] });
    t.Outputs = { Deep: { Value: deep(500, { Ref: 'Pool' }), Export: { Name: deep(500) } } };
    const f = write('ok.json', t);
    for (const argv of [['check', f, '--format', 'json'], ['matrix', f, '--format', 'json'], ['explain', '--template', f, '--method', 'GET', '--path', '/items', '--format', 'json']]) {
      const r = await run(...argv);
      // matrix exits 1, with one stderr line, when some answers are undecided.
      if (argv[0] === 'matrix' && r.code === 1) expect(r.stderr).toMatch(/^cognito-scopes matrix: \d+ of \d+ answers could not be decided/);
      else expect(r.stderr).toBe('');
      expect([0, 1]).toContain(r.code);
      expect(JSON.parse(r.stdout)).toBeDefined();
    }
  });

  test('a DependsOn chain of 5,000 resources gives a result', async () => {
    const t = baseline();
    for (let i = 0; i < 5000; i++) t.Resources[`R${i}`] = { Type: 'AWS::SNS::Topic', ...(i ? { DependsOn: `R${i - 1}` } : {}) };
    t.Resources.Machine.DependsOn = ['Rs', 'R4999'];
    const f = write('chain.json', t);
    const r = await run('check', f, '--format', 'json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const model = buildModel(loadPaths([f]));
    const machine = model.clients.find((c) => c.logicalId === 'Machine')!;
    expect(machine.createdAfter.size).toBe(5000 + 2);
    expect(machine.createdAfter.has('chain.json#R0')).toBe(true);
    expect(machine.createdAfter.has('chain.json#Pool')).toBe(true);
  });

  test('an export whose name imports an export (found by the fuzz: findExport recursed without end)', async () => {
    const t = baseline();
    (t as any).Outputs = { A: { Value: { Ref: 'Pool' }, Export: { Name: { 'Fn::ImportValue': 'pool-arn' } } } };
    t.Resources.Authz.Properties.ProviderARNs = [{ 'Fn::ImportValue': 'pool-arn' }];
    const f = write('imports.json', t);
    const r = await run('check', f, '--format', 'json');
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const authz = buildModel(loadPaths([f])).authorizers[0];
    expect(Array.isArray(authz.providerPools) && isUnknown(authz.providerPools[0]) && authz.providerPools[0].why).toBe('export pool-arn is not in the templates given');
  });

  test('a DependsOn cycle gives the same closure as before', () => {
    const t = baseline();
    t.Resources.A = { Type: 'AWS::SNS::Topic', DependsOn: 'B' };
    t.Resources.B = { Type: 'AWS::SNS::Topic', DependsOn: ['A', 'Pool'] };
    t.Resources.Web.DependsOn = 'A';
    const model = buildModel([{ name: 't', template: t as any }]);
    expect([...model.clients.find((c) => c.logicalId === 'Web')!.createdAfter].sort()).toEqual(['t#A', 't#B', 't#Pool', 't#Rs']);
    expect([...model.clients.find((c) => c.logicalId === 'Machine')!.createdAfter].sort()).toEqual(['t#Pool', 't#Rs']);
  });
});

describe('no spread a template can overflow', () => {
  test('200,000 acknowledgements on one resource, none naming a rule: each reported, no stack overflow', async () => {
    const t: any = baseline();
    t.Resources.Pool.Metadata = { 'cdk-cognito-scopes': { acknowledge: Array.from({ length: 200000 }, (_, i) => ({ id: `Rule${i}`, reason: 'r' })) } };
    const r = await run('check', write('acks.json', t), '--format', 'json', '--rules', 'UnknownAcknowledgement');
    expect([r.code, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout);
    expect(out.summary.warnings).toBe(200000);
    // The nearest-id suggestion is bounded: ids past the first thousand get the plain fix.
    expect(out.findings[0].fix).toMatch(/^Use a rule id of the catalogue/);
  });

  test('150,000 clients with one name, and 150,000 authorizers of an API not read: matrix answers, no stack overflow', async () => {
    const t: any = { Resources: { Pool: { Type: 'AWS::Cognito::UserPool' } } };
    for (let i = 0; i < 150000; i++) {
      t.Resources[`C${i}`] = { Type: 'AWS::Cognito::UserPoolClient', Properties: { UserPoolId: { Ref: 'Pool' } }, Metadata: { 'aws:cdk:path': `S/x${i}/Client/Resource` } };
    }
    const authorizers: Record<string, unknown> = {};
    for (let i = 0; i < 150000; i++) authorizers[`A${i}`] = { JwtConfiguration: { issuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_X', audience: ['c'] } };
    t.Resources.H = { Type: 'AWS::Serverless::HttpApi', Properties: { DefinitionUri: 's3://b/k', Auth: { Authorizers: authorizers } } };
    const r = await run('matrix', write('many.json', t), '--format', 'json');
    expect([r.code, r.stderr]).toEqual([1, 'cognito-scopes matrix: 1 resource not analysed (listed under "notAnalysed") (exit 1)\n']);
    expect(JSON.parse(r.stdout).notAnalysed.map((n: any) => n.resource)).toEqual(['H']);
  });
});

describe('YAML', () => {
  test('an alias bomb: not valid YAML', async () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(9).fill('*' + String.fromCharCode(96 + i)).join(',')}]`);
    lines.push('Resources: {Pool: {Type: AWS::Cognito::UserPool, Properties: {X: *i}}}');
    const f = write('bomb.yaml', lines.join('\n') + '\n');
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cognito-scopes check: ${f}: not valid YAML \\(.+\\)\n$`));
    expect(r.ms).toBeLessThan(3000);
  });

  test('an undefined alias: not valid YAML', async () => {
    const f = write('alias.yaml', 'Resources:\n  Pool:\n    Type: *nope\n');
    const r = await run('check', f);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cognito-scopes check: ${f}: not valid YAML \\(.*nope.*\\)\n$`));
  });

  test('20,000 anchors are refused quickly', async () => {
    const body = Array.from({ length: 20000 }, (_, i) => `  K${i}: &a${i} v${i}`).join('\n');
    const f = write('anchors.yaml', `Metadata:\n${body}\nResources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n`);
    const r = await run('check', f);
    expect(r).toMatchObject({ code: 2, stderr: `cognito-scopes check: ${f}: not valid YAML (more than 1000 anchors and aliases; refused)\n` });
    expect(r.ms).toBeLessThan(3000);
  });

  test('YAML over 2 MiB is refused unless --max-file-size is given', async () => {
    const body = `Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n    Metadata:\n      Pad: ${'x'.repeat(2 * 1024 * 1024)}\n`;
    const f = write('big.yaml', body);
    const r = await run('check', f);
    expect(r).toMatchObject({
      code: 2,
      stderr: `cognito-scopes check: ${f}: ${body.length} characters of YAML, over the 2097152-character limit for YAML (raise it with --max-file-size)\n`,
    });
    expect(r.ms).toBeLessThan(2000);
    expect((await run('check', f, '--max-file-size', '3MiB', '--format', 'json')).code).toBe(0);
  });

  test.each([
    ['Resources: &r\n  Pool: *r\n', 'r'],
    ['Resources:\n  Pool: &p\n    Type: AWS::Cognito::UserPool\n    Properties:\n      Self: [*p]\n', 'p'],
  ])('an alias cycle is not valid YAML (%j)', (text, name) => {
    expect(() => parseTemplateText(text, 'c.yaml')).toThrow(`c.yaml: not valid YAML (alias *${name} is inside the node it refers to (a cycle))`);
  });

  test('a few anchors and aliases are read', () => {
    const t = parseTemplateText('Resources:\n  Pool: &p\n    Type: AWS::Cognito::UserPool\n  Pool2: *p\n', 'a.yaml');
    expect(t.Resources!.Pool2.Type).toBe('AWS::Cognito::UserPool');
  });

  test('JSON with a UTF-8 BOM, and flow-style YAML starting with {', () => {
    expect(parseTemplateText('\ufeff' + JSON.stringify(baseline()), 'bom.json').Resources!.Pool.Type).toBe('AWS::Cognito::UserPool');
    expect(parseTemplateText('{Resources: {Pool: {Type: !Sub "AWS::Cognito::${X}"}}}', 'flow.yaml').Resources!.Pool.Type).toEqual({ 'Fn::Sub': 'AWS::Cognito::${X}' });
  });

  test('text starting with { that is neither JSON nor YAML names JSON', () => {
    expect(() => parseTemplateText('{"Resources": {', 'x.json')).toThrow(/^x\.json: not valid JSON \(.+\)$/);
  });
});

describe('__proto__ and constructor are plain keys', () => {
  const PROTO = { Type: 'AWS::Cognito::UserPool', Properties: {} };
  function protoTemplate(): string {
    const t = JSON.stringify(baseline());
    const withKeys = t
      .replace('"Resources":{', `"Parameters":{"__proto__":{"Type":"String","Default":"p"}},"Outputs":{"__proto__":{"Value":{"Ref":"Pool"},"Export":{"Name":"e"}}},"Resources":{"__proto__":${JSON.stringify(PROTO)},`)
      .replace('"Properties":{}', '"Properties":{"__proto__":{"Type":"AWS::Cognito::UserPool"},"constructor":{"Ref":"constructor"}}');
    return withKeys;
  }

  test('check, matrix and explain: no crash and no pollution', async () => {
    const f = write('proto.json', protoTemplate());
    for (const argv of [['check', f, '--format', 'json'], ['matrix', f, '--format', 'json'], ['explain', '--template', f, '--method', 'GET', '--path', '/items']]) {
      const r = await run(...argv);
      // matrix exits 1, with one stderr line, when some answers are undecided.
      if (argv[0] === 'matrix' && r.code === 1) expect(r.stderr).toMatch(/^cognito-scopes matrix: \d+ of \d+ answers could not be decided/);
      else expect(r.stderr).toBe('');
      expect([0, 1]).toContain(r.code);
    }
    expect(({} as any).Type).toBeUndefined();
    expect(({} as any).Properties).toBeUndefined();
  });

  test('a resource named __proto__ is a resource; Ref to constructor or toString refers to nothing', () => {
    const t = JSON.parse(protoTemplate());
    t.Resources.GetItems.Properties.ResourceId = { Ref: 'constructor' };
    t.Resources.PostItems.Properties.ResourceId = { Ref: 'toString' };
    const f = write('proto.json', t);
    const [input] = loadPaths([f]);
    expect(Object.keys(input.template.Resources!)).toContain('__proto__');
    const model = buildModel([input]);
    expect(model.userPools.map((p) => p.logicalId).sort()).toEqual(['Pool', '__proto__']);
    const get = model.methods.find((m) => m.logicalId === 'GetItems')!;
    const post = model.methods.find((m) => m.logicalId === 'PostItems')!;
    expect(isUnknown(get.path) && get.path.why).toBe('constructor is not a resource or parameter of proto.json');
    expect(isUnknown(post.path) && post.path.why).toBe('toString is not a resource or parameter of proto.json');
  });

  test('an object with toString and valueOf keys where a number is expected (found by the fuzz: Fn::Select index)', async () => {
    const t = baseline();
    t.Resources.Authz.Properties.ProviderARNs = [{ 'Fn::Select': [{ toString: 'x', valueOf: 1 }, [{ 'Fn::GetAtt': ['Pool', 'Arn'] }]] }];
    const r = await run('check', write('select.json', t), '--format', 'json');
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
  });

  test('YAML: __proto__ keys do not become prototypes', () => {
    const t = parseTemplateText('Resources:\n  __proto__:\n    Type: AWS::Cognito::UserPool\n  Pool:\n    Type: AWS::Cognito::UserPool\n    Properties:\n      __proto__: {Polluted: yes}\n', 'p.yaml');
    expect(Object.keys(t.Resources!).sort()).toEqual(['Pool', '__proto__']);
    expect((t.Resources!.Pool.Properties as any).Polluted).toBeUndefined();
    expect(({} as any).Polluted).toBeUndefined();
  });
});

describe('directories that are not a cloud assembly', () => {
  test('JSON, YAML and YML templates are read; other files are reported as skipped', () => {
    const dir = path.join(tmp, 'templates');
    fs.mkdirSync(dir);
    write('templates/a.template.json', baseline());
    write('templates/b.yaml', 'Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n');
    write('templates/c.yml', 'Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n');
    write('templates/package.json', { name: 'x' });
    write('templates/notes.txt', 'hello');
    fs.mkdirSync(path.join(dir, 'sub'));
    const { inputs, files } = loadPathsWithReport([dir]);
    expect(inputs.map((i) => i.name)).toEqual(['a.template.json', 'b.yaml', 'c.yml']);
    expect(files).toEqual([
      { file: path.join(dir, 'a.template.json'), read: true, reason: 'template' },
      { file: path.join(dir, 'b.yaml'), read: true, reason: 'template' },
      { file: path.join(dir, 'c.yml'), read: true, reason: 'template' },
      { file: path.join(dir, 'notes.txt'), read: false, reason: 'not .json, .yaml or .yml' },
      { file: path.join(dir, 'package.json'), read: false, reason: 'not a CloudFormation template (no Resources section)' },
      { file: path.join(dir, 'sub'), read: false, reason: 'a directory (not searched)' },
    ]);
  });

  test('check names the files it skipped, on stderr', async () => {
    const dir = path.join(tmp, 'templates');
    write('templates/a.yaml', 'Resources:\n  Pool:\n    Type: AWS::Cognito::UserPool\n');
    write('templates/package.json', { name: 'x' });
    write('templates/notes.txt', 'hello');
    const r = await run('check', dir, '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).findings).toEqual(expect.any(Array));
    expect(r.stderr).toBe(
      `cognito-scopes check: skipped ${path.join(dir, 'notes.txt')}: not .json, .yaml or .yml\n` +
        `cognito-scopes check: skipped ${path.join(dir, 'package.json')}: not a CloudFormation template (no Resources section)\n`,
    );
  });

  test('a bad YAML file beside a clean JSON template: exit 2 naming it', async () => {
    const dir = path.join(tmp, 'templates');
    write('templates/good.template.json', baseline());
    const bad = write('templates/bad.yaml', 'Resources:\n  Pool: [\n');
    const r = await run('check', dir, '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^cognito-scopes check: ${bad}: not valid JSON or YAML \\(.+\\)\n$`));
  });

  test('a directory with no template at all: exit 2', async () => {
    const dir = path.join(tmp, 'empty');
    write('empty/package.json', { name: 'x' });
    const r = await run('check', dir);
    expect(r).toMatchObject({ code: 2, stderr: `cognito-scopes check: ${dir}: not a cloud assembly (no manifest.json) and no template in it (.json, .yaml, .yml)\n` });
  });

  test('a file given on the command line and a cdk.out are reported as read', () => {
    const f = write('t.json', baseline());
    const dir = assembly(path.join(tmp, 'cdk.out'), { S: { type: 'aws:cloudformation:stack', properties: { templateFile: 'S.template.json' } } });
    fs.writeFileSync(path.join(dir, 'S.template.json'), JSON.stringify(baseline()));
    expect(loadPathsWithReport([f, dir]).files).toEqual([
      { file: f, read: true, reason: 'template' },
      { file: path.join(dir, 'S.template.json'), read: true, reason: 'stack S of the cloud assembly' },
    ]);
  });
});

describe('CLI', () => {
  test.each(['check', 'explain', 'matrix'])('%s --help prints usage and exits 0', async (cmd) => {
    const r = await run(cmd, '--help');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(`usage: cognito-scopes ${cmd} `);
    expect(r.stdout).toContain('--max-file-size');
  });

  test('a repeated --token is refused without echoing it', async () => {
    const r = await run('explain', '--template', 'x.json', '--method', 'GET', '--path', '/', '--token', 'eyJsecret1', '--token', 'eyJsecret2');
    expect(r).toMatchObject({ code: 2, stderr: 'cognito-scopes explain: --token given 2 times (give it once); values not shown\n' });
    expect(r.stderr).not.toContain('secret');
  });

  test('unknown options and repeated values are escaped and cut', async () => {
    const r = await run('check', '--\u001b[2Jfake\nline');
    expect(r.stderr).toBe('cognito-scopes check: unknown option --\\u001b[2Jfake\\nline: this command takes --format, --fail-on, --rules, --skip-rules, --baseline (see --help)\n');
    const long = await run('check', 'x.json', '--format', 'a'.repeat(300), '--format', 'b');
    expect(long.stderr).toBe(`cognito-scopes check: option --format given more than once: got '${'a'.repeat(200)}… (100 more characters)', 'b' (give it once)\n`);
  });
});

describe('times beyond the range of Date (found by the hostile-input fuzz, seed 696988181)', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

  test('a token whose exp is beyond the range of Date is answered, not an internal error', async () => {
    const token = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ exp: 8640000000000.001, token_use: 'access' })}.c2ln`;
    const f = write('t.json', baseline());
    const r = await run('explain', '--template', f, '--method', 'GET', '--path', '/items', '--token', token, '--format', 'json');
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    expect(JSON.parse(r.stdout).status).not.toBe(200);
  });

  test('--now beyond the range of Date is bad input', async () => {
    const token = `${b64({ alg: 'RS256', kid: 'k' })}.${b64({ exp: 100, token_use: 'access' })}.c2ln`;
    const f = write('t.json', baseline());
    const r = await run('explain', '--template', f, '--method', 'GET', '--path', '/items', '--token', token, '--now', '99999999999999');
    expect(r.code).toBe(2);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain('99999999999999');
  });
});
