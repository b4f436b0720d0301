process.env.CDK_VALIDATION = process.env.CDK_VALIDATION ?? 'false';
