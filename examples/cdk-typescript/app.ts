// CDK app deploying model packages through this provider, registered privately as
// Acme::SageMaker::ModelPackage (deploy/registration.yaml), in TypeScript.
//
// ./imports/acme-sagemaker-modelpackage.ts is the typed construct generated from the schema:
//   make cdk TYPE_NAME=Acme::SageMaker::ModelPackage LANGUAGE=typescript OUT=examples/cdk-typescript/imports
// Every property is a typed field of CfnModelPackageProps, so tsc refuses a misspelt or mistyped
// one before anything is synthesised. The two properties AWS's published AWS::SageMaker::ModelPackage
// lacks (ModelLifeCycle, ModelPackageRegistrationType) are ordinary fields.
//
// - A model package group (AWS's own type) and a version in it. The version names the group by
//   the group's attribute attrModelPackageGroupArn, a reference that makes CloudFormation create
//   the group first. A plain string name carries no dependency; a template that must pass one
//   needs version.node.addDependency(group). The ARN causes no drift: SageMaker answers the
//   group's name, and the schema's propertyTransform makes CloudFormation compare the ARN's last part.
// - An unversioned package with its own tags.
//
// Stack tags are deployment tags: CloudFormation propagates them and the provider never sends
// them for a version. Tags.of(...) reaches only taggable L1 classes (the group).
//
// Synthesise without an AWS account: ../../node_modules/.bin/tsc -p . && node build/app.js (what
// cdk.json runs for `cdk synth`), or `make examples`, which also lints the template.
import * as cdk from 'aws-cdk-lib';
import * as sagemaker from 'aws-cdk-lib/aws-sagemaker';
import { Construct } from 'constructs';
import {
  CfnModelPackage,
  ModelApprovalStatus,
  ModelPackageContainerDefinition,
  ModelPackageRegistrationType,
} from './imports/acme-sagemaker-modelpackage';

const CONTENT_TYPES = ['text/csv'];
const INSTANCE_TYPES = ['ml.m5.large'];

class ModelPackagesStack extends cdk.Stack {
  constructor(scope: Construct, id: string, props: cdk.StackProps) {
    super(scope, id, props);
    const imageUri = new cdk.CfnParameter(this, 'ImageUri', {
      description: 'ECR image of the inference container',
    }).valueAsString;
    const modelDataUrl = new cdk.CfnParameter(this, 'ModelDataUrl', { allowedPattern: '^s3://.+' }).valueAsString;
    const container: ModelPackageContainerDefinition = { image: imageUri, modelDataUrl };

    const group = new sagemaker.CfnModelPackageGroup(this, 'Group', {
      modelPackageGroupName: 'churn-models',
      modelPackageGroupDescription: 'Every trained churn model',
    });
    const version = new CfnModelPackage(this, 'Version', {
      // The group's attribute, not its name: the reference is the dependency on the group.
      modelPackageGroupName: group.attrModelPackageGroupArn,
      modelApprovalStatus: ModelApprovalStatus.PENDING_MANUAL_APPROVAL,
      modelPackageRegistrationType: ModelPackageRegistrationType.REGISTERED,
      modelLifeCycle: { stage: 'Staging', stageStatus: 'PendingApproval' },
      inferenceSpecification: {
        containers: [container],
        supportedContentTypes: CONTENT_TYPES,
        supportedResponseMimeTypes: CONTENT_TYPES,
      },
    });

    // Unversioned packages must name the instance types they support (real-time and batch).
    new CfnModelPackage(this, 'Unversioned', {
      modelPackageName: 'churn-model',
      inferenceSpecification: {
        containers: [container],
        supportedContentTypes: CONTENT_TYPES,
        supportedResponseMimeTypes: CONTENT_TYPES,
        supportedRealtimeInferenceInstanceTypes: INSTANCE_TYPES,
        supportedTransformInstanceTypes: INSTANCE_TYPES,
      },
      tags: [{ key: 'team', value: 'ml-platform' }],
    });

    new cdk.CfnOutput(this, 'VersionArn', { value: version.attrModelPackageArn });
  }
}

const app = new cdk.App();
new ModelPackagesStack(app, 'ModelPackages', { tags: { 'cost-center': '4711' } });
cdk.Tags.of(app).add('owner', 'ml-platform');
app.synth();
