"""CDK app deploying model packages through this provider.

* A model package group and a version in it, with ``CfnModelPackage``: properties the L1 class
  does not know yet (``ModelLifeCycle``, ``ModelPackageRegistrationType``) go in as overrides.
* An unversioned package of the privately registered copy of the type (``make package
  TYPE_NAME=...``), with ``CfnResource``; its type name is the context value ``typeName``
  (``cdk.json``; ``cdk synth -c typeName=...`` overrides it).

Stack tags (``tags=`` below) are deployment tags: CloudFormation propagates them and the provider
never sends them for a version. ``Tags.of(...)`` instead writes ``Tags`` into every taggable L1
resource, and SageMaker refuses tags on a version, so the version's type is excluded there.

Synthesise with ``cdk synth``, or without the cdk CLI with ``make examples``.
"""

import aws_cdk as cdk
from aws_cdk import aws_sagemaker as sagemaker

CONTENT_TYPES = ["text/csv"]


class ModelPackagesStack(cdk.Stack):
    def __init__(self, scope, construct_id, *, private_type_name, **kwargs):
        super().__init__(scope, construct_id, **kwargs)
        image_uri = cdk.CfnParameter(
            self, "ImageUri", description="ECR image of the inference container"
        ).value_as_string
        model_data_url = cdk.CfnParameter(self, "ModelDataUrl", allowed_pattern="^s3://.+").value_as_string

        group = sagemaker.CfnModelPackageGroup(
            self,
            "Group",
            model_package_group_name="churn-models",
            model_package_group_description="Every trained churn model",
        )
        version = sagemaker.CfnModelPackage(
            self,
            "Version",
            model_package_group_name=group.model_package_group_name,
            model_approval_status="PendingManualApproval",
            inference_specification=sagemaker.CfnModelPackage.InferenceSpecificationProperty(
                containers=[
                    sagemaker.CfnModelPackage.ModelPackageContainerDefinitionProperty(
                        image=image_uri, model_data_url=model_data_url
                    )
                ],
                supported_content_types=CONTENT_TYPES,
                supported_response_mime_types=CONTENT_TYPES,
            ),
        )
        version.node.add_dependency(group)
        version.add_property_override("ModelPackageRegistrationType", "Registered")
        version.add_property_override("ModelLifeCycle", {"Stage": "Staging", "StageStatus": "PendingApproval"})
        # CDK validates against the published schema, which lacks these two properties.
        cdk.Validations.of(version).acknowledge(
            cdk.Acknowledgment(
                id="CloudFormation-Validate::F3002",
                reason="both properties are in the schema of this provider",
            )
        )

        cdk.CfnResource(
            self,
            "Unversioned",
            type=private_type_name,
            properties={
                "ModelPackageName": "churn-model",
                "InferenceSpecification": {
                    "Containers": [{"Image": image_uri, "ModelDataUrl": model_data_url}],
                    "SupportedContentTypes": CONTENT_TYPES,
                    "SupportedResponseMIMETypes": CONTENT_TYPES,
                    # SageMaker wants both lists on an unversioned package (fidelity ledger row 28).
                    "SupportedRealtimeInferenceInstanceTypes": ["ml.m5.large"],
                    "SupportedTransformInstanceTypes": ["ml.m5.large"],
                },
                "Tags": [{"Key": "team", "Value": "ml-platform"}],
            },
        )

        cdk.CfnOutput(self, "VersionArn", value=version.attr_model_package_arn)


app = cdk.App()
ModelPackagesStack(
    app,
    "ModelPackages",
    private_type_name=app.node.get_context("typeName"),
    tags={"cost-center": "4711"},
)
cdk.Tags.of(app).add(
    "owner",
    "ml-platform",
    exclude_resource_types=[sagemaker.CfnModelPackage.CFN_RESOURCE_TYPE_NAME],
)
app.synth()
