import * as fs from 'fs';
import * as path from 'path';

const root = path.join(__dirname, '..');

/** The body of the README's fenced block that opens with this fence line and contains the marker. */
function readmeBlock(fence: string, marker: string): string {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf-8');
  const blocks = readme.split(/^```/m).filter((_, i) => i % 2 === 1);
  const block = blocks.find((b) => b.startsWith(`${fence}\n`) && b.includes(marker));
  if (!block) throw new Error(`README has no \`\`\`${fence} block containing ${marker}`);
  return block.slice(fence.length + 1);
}

describe('README examples that jsii-rosetta does not compile', () => {
  test('the consumer jest test is exactly test/consumer-example.test.ts (which compiles and passes)', () => {
    const inReadme = readmeBlock('tsx', "describe('items API auth'").trim();
    const testFile = fs.readFileSync(path.join(root, 'test', 'consumer-example.test.ts'), 'utf-8');
    const fromImports = testFile.slice(testFile.indexOf("import { App, Stack } from 'aws-cdk-lib';")).replace("from '../src';", "from 'cdk-cognito-scopes';");
    expect(inReadme).toBe(fromImports.trim());
  });
});
