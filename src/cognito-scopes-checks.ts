import {
  IPolicyValidationContextBeta1,
  IPolicyValidationPluginBeta1,
  PolicyValidationPluginReportBeta1,
  PolicyViolationBeta1,
  Stage,
} from 'aws-cdk-lib';
import * as cdk from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PLUGIN_NAME, reportParts } from './private/findings-format';
import { loadPluginTemplates } from './private/load-for-plugin';
import { buildModel } from './private/model/build';
import { CATALOGUE } from './private/rules/catalogue';
import { runRules } from './private/rules/engine';
import { recordAcknowledgementsAtSynth } from './private/stack-validation';

/**
 * Options of the {@link CognitoScopesChecks} policy validation plugin.
 */
export interface CognitoScopesChecksProps {
  /**
   * Report warnings as errors, so that they fail synthesis too.
   *
   * Info notes (`NotAnalysed`: resources the rules could not read, such as SAM
   * resources, OpenAPI bodies or HTTP APIs) stay `info`: they never fail synthesis.
   *
   * @default false - warnings are listed in the report but synthesis succeeds
   */
  readonly warningsAsErrors?: boolean;

  /**
   * Rule ids to skip everywhere. Prefer acknowledging one finding on its construct:
   * `Validations.of(construct).acknowledge({ id: 'cdk-cognito-scopes::RuleId', reason })`.
   *
   * @default - every rule of the catalogue runs
   */
  readonly skipRules?: string[];
}

/**
 * A CDK policy validation plugin that runs the cdk-cognito-scopes rule
 * catalogue over every template of an app, including apps that never use the
 * `CognitoApiAuth` construct.
 *
 * Register it next to other plugins (cdk-nag 3 included):
 *
 * ```ts
 * declare const app: App;
 * Validations.of(app).addPlugins(new CognitoScopesChecks());
 * // older aws-cdk-lib: new App({ policyValidationBeta1: [new CognitoScopesChecks()] })
 * ```
 *
 * Errors fail synthesis; warnings are listed in the report (with `warningsAsErrors`
 * they fail it too); `info` notes are listed and never fail it. The `NotAnalysed` info notes name what
 * the rules could not read (SAM resources, OpenAPI bodies, HTTP APIs, nested
 * stacks without a template), so that a clean report means "looked, and found nothing".
 *
 * Each violation reads like the construct's own messages: its description is
 * `[cdk-cognito-scopes::RuleId] <construct path>: <what is wrong, with the value seen>`, the report
 * adds the fix (`Suggested fix:`) and `Acknowledge with 'cdk-cognito-scopes::RuleId'`.
 *
 * Findings can be acknowledged per construct (and everything below it), with the same id in every door:
 * `Validations.of(method).acknowledge({ id: 'cdk-cognito-scopes::PublicMethodOnCognitoApi', reason: '...' })`
 * (for a deliberately public method, `CognitoApiAuth.addPublicMethod()` does it, cdk-nag's findings included).
 */
export class CognitoScopesChecks implements IPolicyValidationPluginBeta1 {
  /**
   * Whether a `CognitoScopesChecks` plugin is registered on a stage (or the app) that contains the scope,
   * through `Validations.of(app).addPlugins(...)` or `policyValidationBeta1`. When it is, the plugin reports
   * every finding of every stack once, in one report; the construct's own synth-time validation can then
   * leave them to it (one voice, one round).
   *
   * @internal
   */
  public static _registeredOn(scope: IConstruct): boolean {
    for (let c: IConstruct | undefined = scope; c; c = c.node.scope) {
      if (!Stage.isStage(c)) continue;
      // `_validationPlugins` on recent aws-cdk-lib (its `policyValidationBeta1` getter is deprecated there); the public list on older ones.
      const stage = c as Stage & { _validationPlugins?: IPolicyValidationPluginBeta1[] };
      const plugins = stage._validationPlugins ?? stage.policyValidationBeta1 ?? [];
      if (plugins.some((p) => p instanceof CognitoScopesChecks || p?.name === PLUGIN_NAME)) return true;
    }
    return false;
  }

  /**
   * Register the plugin on an app (or stage) with `Validations.of(stage).addPlugins(...)`, and record the
   * acknowledgements it honours (`Validations.of(x).acknowledge({ id: 'cdk-cognito-scopes::RuleId', reason })`)
   * in the synthesized resources' Metadata, so that `cognito-scopes check cdk.out` in CI gives the same verdict
   * as `cdk synth`. (A plugin registered with `addPlugins` directly cannot record them: it runs after the
   * templates are written. Apps with a `CognitoApiAuth` record them either way.) Needs aws-cdk-lib ≥ 2.257.
   *
   * @param stage the app or stage to check
   * @param props the plugin's options
   */
  public static addTo(stage: Stage, props: CognitoScopesChecksProps = {}): CognitoScopesChecks {
    const validations = (cdk as { Validations?: typeof cdk.Validations }).Validations;
    if (!validations) {
      throw new Error('CognitoScopesChecks.addTo needs Validations (aws-cdk-lib >= 2.257): got an older aws-cdk-lib. '
        + 'Register the plugin with new App({ policyValidationBeta1: [new CognitoScopesChecks()] }) instead, or upgrade aws-cdk-lib.');
    }
    const plugin = new CognitoScopesChecks(props);
    validations.of(stage).addPlugins(plugin);
    recordAcknowledgementsAtSynth(stage);
    return plugin;
  }

  /** The plugin name; also the namespace of acknowledgement ids (`cdk-cognito-scopes::RuleId`). */
  public readonly name: string = PLUGIN_NAME;
  /**
   * The ids of the rules this plugin evaluates.
   *
   * @default - every rule of the catalogue but `skipRules`
   */
  public readonly ruleIds?: string[];
  private readonly warningsAsErrors: boolean;
  private readonly skip: Set<string>;

  constructor(props: CognitoScopesChecksProps = {}) {
    this.warningsAsErrors = props.warningsAsErrors ?? false;
    const known = new Set(CATALOGUE.map((r) => r.id));
    for (const id of props.skipRules ?? []) {
      if (!known.has(id)) {
        throw new Error(`CognitoScopesChecks: skipRules names an unknown rule: got '${id}'. Use one of: ${[...known].join(', ')}.`);
      }
    }
    this.skip = new Set(props.skipRules ?? []);
    this.ruleIds = CATALOGUE.map((r) => r.id).filter((id) => !this.skip.has(id));
  }

  /**
   * Run the catalogue over the templates of the app.
   */
  public validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const regions: Record<string, string | undefined> = {};
    const stackTemplates = (context as { stackTemplates?: Array<{ templatePath: string; region?: string }> }).stackTemplates;
    for (const s of stackTemplates ?? []) regions[s.templatePath] = s.region;
    // appConstruct: the finished construct tree (recent aws-cdk-lib), for construct paths in messages.
    const app = (context as { appConstruct?: IConstruct }).appConstruct;
    const inputs = loadPluginTemplates(context.templatePaths, regions, app);
    const fileOf = new Map<string, string>();
    const collect = (list: typeof inputs) => {
      for (const i of list) {
        if (i.file) fileOf.set(i.name, i.file);
        collect(Object.values(i.nested ?? {}));
      }
    };
    collect(inputs);
    // Findings acknowledged in the templates' Metadata (`cdk-cognito-scopes: { acknowledge: [...] }`, written by hand
    // or recorded by the construct) are dropped, as aws-cdk-lib drops those acknowledged with Validations.
    const findings = runRules(buildModel(inputs), { only: this.ruleIds }).filter((f) => !f.acknowledged);
    const violations: PolicyViolationBeta1[] = findings.map((f) => {
      // 'info' is a severity the CDK report knows: listed, never a failure (warningsAsErrors leaves it alone).
      const severity = this.warningsAsErrors && f.severity === 'warning' ? 'error' : f.severity;
      const { description, fix } = reportParts(f);
      return {
        ruleName: f.ruleId,
        description,
        fix,
        severity,
        violatingResources: [
          {
            resourceLogicalId: f.logicalId,
            templatePath: fileOf.get(f.template) ?? f.template,
            locations: [],
          },
        ],
      };
    });
    return {
      success: violations.every((v) => v.severity !== 'error'),
      violations,
    };
  }
}
