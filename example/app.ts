import { App } from 'aws-cdk-lib';
import { buildExampleApp } from './example-stack';

const app = new App();
buildExampleApp(app);
app.synth();
