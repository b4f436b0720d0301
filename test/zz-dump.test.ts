import * as fs from 'fs';
import * as path from 'path';
import { buildModel } from '../src/private/model/build';
import { parseTemplateText } from '../src/private/model/load';
import { runRules } from '../src/private/rules/engine';
test('dump', () => {
  for (const f of (process.env.FIXTURES ?? '').split(',')) {
    const m = buildModel([{ name: path.basename(f), template: parseTemplateText(fs.readFileSync(f, 'utf-8'), f), region: 'us-east-1' }]);
    console.log(JSON.stringify(runRules(m).map((x) => [x.ruleId, x.logicalId, x.declaration, x.message, x.fix]), undefined, 1));
  }
});
