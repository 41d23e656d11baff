"""CDK app deploying model packages through this provider, registered privately as
``Acme::SageMaker::ModelPackage`` (deploy/registration.yaml).

``acme_sagemaker_modelpackage_cdk`` is the typed construct ``make cdk
TYPE_NAME=Acme::SageMaker::ModelPackage LANGUAGE=python`` generates from the schema (jsii's Python
of the TypeScript construct) and installs into ``.venv``: every property is a typed keyword
argument or struct field, so a misspelt or mistyped one fails mypy, and fails with a
``TypeError`` here (jsii checks the types at run time), before anything is synthesised. A value
of a schema ``enum`` is a member of its enum class. The two properties AWS's published
``AWS::SageMaker::ModelPackage`` lacks (``ModelLifeCycle``, ``ModelPackageRegistrationType``) are
ordinary arguments.

* A model package group (AWS's own type) and a version in it. The version names the group by the
  group's attribute ``attr_model_package_group_arn``, a reference that makes CloudFormation
  create the group first. A plain string name (``"churn-models"``, or
  ``group.model_package_group_name``, which is the same string) carries no dependency, so
  CloudFormation may create both at once; a template that must pass a plain name needs
  ``version.node.add_dependency(group)``. The ARN causes no drift: SageMaker answers the group's
  name, and the schema's ``propertyTransform`` makes CloudFormation compare the ARN's last part.
* An unversioned package with its own tags.

Stack tags (``tags=`` below) are deployment tags: CloudFormation propagates them and the provider
never sends them for a version. ``Tags.of(...)`` reaches only taggable L1 classes (the group).

Synthesise with ``cdk synth`` (``cdk.json`` runs the project's ``.venv``), or without the cdk
CLI with ``make examples``.
"""

import aws_cdk as cdk
from acme_sagemaker_modelpackage_cdk import (
    CfnModelPackage,
    InferenceSpecification,
    ModelApprovalStatus,
    ModelLifeCycle,
    ModelPackageContainerDefinition,
    ModelPackageRegistrationType,
    Tag,
)
from aws_cdk import aws_sagemaker as sagemaker
from constructs import Construct

CONTENT_TYPES = ["text/csv"]
INSTANCE_TYPES = ["ml.m5.large"]


class ModelPackagesStack(cdk.Stack):
    def __init__(self, scope: Construct, construct_id: str, *, tags: dict[str, str]) -> None:
        super().__init__(scope, construct_id, tags=tags)
        image_uri = cdk.CfnParameter(
            self, "ImageUri", description="ECR image of the inference container"
        ).value_as_string
        model_data_url = cdk.CfnParameter(self, "ModelDataUrl", allowed_pattern="^s3://.+").value_as_string
        container = ModelPackageContainerDefinition(image=image_uri, model_data_url=model_data_url)

        group = sagemaker.CfnModelPackageGroup(
            self,
            "Group",
            model_package_group_name="churn-models",
            model_package_group_description="Every trained churn model",
        )
        version = CfnModelPackage(
            self,
            "Version",
            # The group's attribute, not its name: the reference is the dependency on the group.
            model_package_group_name=group.attr_model_package_group_arn,
            model_approval_status=ModelApprovalStatus.PENDING_MANUAL_APPROVAL,
            model_package_registration_type=ModelPackageRegistrationType.REGISTERED,
            model_life_cycle=ModelLifeCycle(stage="Staging", stage_status="PendingApproval"),
            inference_specification=InferenceSpecification(
                containers=[container],
                supported_content_types=CONTENT_TYPES,
                supported_response_mime_types=CONTENT_TYPES,
            ),
        )

        # Unversioned packages must name the instance types they support (real-time and batch).
        CfnModelPackage(
            self,
            "Unversioned",
            model_package_name="churn-model",
            inference_specification=InferenceSpecification(
                containers=[container],
                supported_content_types=CONTENT_TYPES,
                supported_response_mime_types=CONTENT_TYPES,
                supported_realtime_inference_instance_types=INSTANCE_TYPES,
                supported_transform_instance_types=INSTANCE_TYPES,
            ),
            tags=[Tag(key="team", value="ml-platform")],
        )

        cdk.CfnOutput(self, "VersionArn", value=version.attr_model_package_arn)


app = cdk.App()
ModelPackagesStack(app, "ModelPackages", tags={"cost-center": "4711"})
cdk.Tags.of(app).add("owner", "ml-platform")
app.synth()
