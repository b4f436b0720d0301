import * as cdk from 'aws-cdk-lib';

/**
 * A test of a feature that needs `Validations` (aws-cdk-lib ≥ 2.257: policy-validation plugins
 * registered with `Validations.of(app).addPlugins`, acknowledgements with
 * `Validations.of(x).acknowledge`). On older aws-cdk-lib (the peer floor, scripts/peer-floor.sh)
 * it is skipped, and the README says these features need the newer version.
 */
export const withValidations: jest.It = (cdk as { Validations?: unknown }).Validations ? test : test.skip;

/** `describe` for a suite whose set-up itself needs `Validations` (it is skipped, set-up included, on older aws-cdk-lib). */
export const describeWithValidations: jest.Describe = (cdk as { Validations?: unknown }).Validations ? describe : describe.skip;

/** Whether `Validations` exists (aws-cdk-lib ≥ 2.257). */
export const hasValidations = (cdk as { Validations?: unknown }).Validations !== undefined;
